/// A named policy document for evaluation.
public struct NamedPolicy: Sendable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}

/// The caller's own policies, by layer: identity policies, permissions boundary, session policy,
/// SCPs and RCPs. A resource-based policy is passed to ``PolicyEvaluator`` separately.
public struct IdentityPolicySet: Sendable {
    public var identity: [NamedPolicy]
    /// `nil` when no boundary is set (then it does not restrict).
    public var permissionsBoundary: NamedPolicy?
    /// `nil` for a session without a session policy (then it does not restrict).
    public var sessionPolicy: NamedPolicy?
    /// Empty when no SCPs are in force; otherwise one must allow (one flat list is one level).
    public var serviceControlPolicies: [NamedPolicy]
    /// Customer RCPs are Deny-only, so they act only through explicit deny.
    public var resourceControlPolicies: [NamedPolicy]

    public init(
        identity: [NamedPolicy],
        permissionsBoundary: NamedPolicy? = nil,
        sessionPolicy: NamedPolicy? = nil,
        serviceControlPolicies: [NamedPolicy] = [],
        resourceControlPolicies: [NamedPolicy] = []
    ) {
        self.identity = identity
        self.permissionsBoundary = permissionsBoundary
        self.sessionPolicy = sessionPolicy
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
    }
}

/// One request to authorize: an action on a resource, with its condition context.
public struct AuthorizationRequest: Sendable {
    public var action: String
    public var resource: String
    public var context: RequestContext

    public init(action: String, resource: String, context: RequestContext = RequestContext()) {
        self.action = action
        self.resource = resource
        self.context = context
    }
}

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
