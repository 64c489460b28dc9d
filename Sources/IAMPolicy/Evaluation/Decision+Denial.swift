public import GatehouseCore

extension Decision {
    /// The refusal a caller reads for this decision on `resource` (a method ARN), or `nil` when
    /// it allows (reference/iam.md §6.5).
    ///
    /// - Parameters:
    ///   - method: whose policy speaks for the method's own authorization — `.identity` for
    ///     SigV4 callers, `.authorizer` for a Lambda authorizer's policy, `.resource` for methods
    ///     without authorization, Cognito, and cross-account refusals (Table B).
    ///   - caller: the signed caller's ARN; `nil` shows `anonymous`.
    ///
    /// An explicit deny names the policy that holds the Deny: the resource policy if one of its
    /// statements matched (phase 1 finds it first), else the method's own. An implicit deny uses
    /// the method's own text.
    public func denial(
        method: AccessDenial.DecidingPolicy,
        caller: String?,
        resource: String,
        action: String = "execute-api:Invoke",
        api: AccessDenial.API = .rest
    ) -> AccessDenial? {
        let refusal: AccessDenial.PolicyOutcome
        let deciding: AccessDenial.DecidingPolicy
        switch outcome {
        case .allow: return nil
        case .implicitDeny:
            refusal = .implicitDeny
            deciding = method
        case .explicitDeny:
            refusal = .explicitDeny
            if matchedStatements.contains(where: { $0.layer == .resource }) {
                deciding = .resource
            } else {
                deciding = method == .authorizer ? .authorizer : .identity
            }
        }
        return .policyDenied(
            refusal,
            by: deciding,
            caller: caller,
            resource: resource,
            action: action,
            api: api,
            reason: "policy decision \(description)"
        )
    }
}
