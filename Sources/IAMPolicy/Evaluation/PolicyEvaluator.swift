/// Evaluates requests (reference/iam.md §2) — the one-shot form of ``CompiledPolicySet``, which
/// callers that decide more than once should build and keep.
///
/// Fail closed: a statement whose conditions cannot be evaluated never allows; if it is a Deny
/// whose principal, action and resource match, it denies.
public enum PolicyEvaluator {
    /// Identity-side evaluation only (no resource-based policy): identity, boundary, session, SCPs
    /// and RCP denies.
    public static func evaluate(_ request: AuthorizationRequest, against policies: IdentityPolicySet) -> Decision {
        CompiledPolicySet(policies).evaluate(request)
    }

    /// Full evaluation with a resource-based policy (such as an API's resource policy).
    ///
    /// - Parameters:
    ///   - caller: who calls; `nil` for identity-only evaluation of a named, non-federated caller.
    ///   - resourceAccount: the account owning the resource; `nil` means the caller's own account.
    public static func evaluate(
        _ request: AuthorizationRequest,
        caller: Caller?,
        policies: IdentityPolicySet,
        resourcePolicy: NamedPolicy?,
        resourceAccount: String?
    ) -> Decision {
        CompiledPolicySet(policies, resourcePolicy: resourcePolicy)
            .evaluate(request, caller: caller, resourceAccount: resourceAccount)
    }

    enum Applicability {
        case yes
        case no
        case unevaluable(String)
    }
}
