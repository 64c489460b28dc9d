/// Policy refusals (reference/iam.md §6.5): 403 `AccessDeniedException`, a body under AWS's
/// capital `Message`, its text chosen by the decision and the policy that made it.
extension AccessDenial {
    /// How a policy refused: an applicable Deny, or no applicable Allow.
    public enum PolicyOutcome: String, Sendable, Hashable, CaseIterable {
        case explicitDeny
        case implicitDeny
    }

    /// Whose policy decided — it picks the wording.
    public enum DecidingPolicy: String, Sendable, Hashable, CaseIterable {
        /// The API's resource policy.
        case resource
        /// The SigV4 caller's identity policies (and their boundary, session policy, SCPs).
        case identity
        /// The policy a Lambda authorizer returned.
        case authorizer
    }

    /// A policy's refusal of `action` on `resource` (a method ARN).
    ///
    /// REST APIs answer 403 with the texts of iam.md §6.5, under `Message` with AWS's capital
    /// `M`; HTTP APIs answer `{"message":"Forbidden"}`. `caller` is the signed caller's ARN,
    /// shown as is; `nil` (unsigned, Lambda- or Cognito-authorized callers) shows `anonymous`.
    /// The resource's account is masked to `********` and its last four digits, as AWS shows it;
    /// nothing else in it is escaped but what JSON requires (`/` stays).
    ///
    /// Chosen where AWS's text is unrecorded: an identity-policy explicit deny adds ` with an
    /// explicit deny in an identity-based policy`; a resource-policy explicit deny ends ` with an
    /// explicit deny in a resource-based policy`; an authorizer's explicit deny uses the text
    /// recorded since 2024 (` in an identity-based policy` at its end).
    public static func policyDenied(
        _ outcome: PolicyOutcome,
        by policy: DecidingPolicy,
        caller: String?,
        resource: String,
        action: String = "execute-api:Invoke",
        api: API = .rest,
        reason: String
    ) -> AccessDenial {
        if api == .http { return .forbidden(reason: reason) }
        let text = policyMessage(outcome, by: policy, caller: caller, resource: resource, action: action)
        return AccessDenial(
            .accessDenied,
            status: 403,
            errorType: "AccessDeniedException",
            message: text,
            body: Self.body(key: "Message", text),
            reason: reason
        )
    }

    /// The `Message` text of a REST policy refusal.
    public static func policyMessage(
        _ outcome: PolicyOutcome,
        by policy: DecidingPolicy,
        caller: String?,
        resource: String,
        action: String = "execute-api:Invoke"
    ) -> String {
        if policy == .authorizer {
            return outcome == .explicitDeny
                ? "User is not authorized to access this resource with an explicit deny in an identity-based policy"
                : "User is not authorized to access this resource"
        }
        let who = caller.flatMap { $0.isEmpty ? nil : $0 } ?? "anonymous"
        let head = "User: \(who) is not authorized to perform: \(action) on resource: \(maskingAccount(resource))"
        switch (policy, outcome) {
        case (.resource, .implicitDeny): return head + " because no resource-based policy allows the \(action) action"
        case (.resource, .explicitDeny): return head + " with an explicit deny in a resource-based policy"
        case (_, .implicitDeny): return head
        case (_, .explicitDeny): return head + " with an explicit deny in an identity-based policy"
        }
    }

    /// `arn` with its account field (the fifth) shown as `********` and its last four
    /// characters; text that is not an ARN, or has no account, unchanged.
    public static func maskingAccount(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[4].isEmpty else { return arn }
        let account = parts[4]
        let masked = "********" + account.suffix(4)
        return parts[0..<4].joined(separator: ":") + ":" + masked + ":" + parts[5]
    }
}
