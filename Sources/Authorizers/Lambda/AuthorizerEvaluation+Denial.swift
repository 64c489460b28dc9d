public import GatehouseCore

extension AuthorizerEvaluation {
    /// The refusal to answer with, or `nil` when the authorizer granted: the gateway's one
    /// reading of an authorizer's outcome. Its log reason has this request's identity values
    /// (the token, among them) redacted, since a function's error text may quote them.
    public var denial: AccessDenial? {
        guard case .failure(let refusal) = outcome else { return nil }
        return refusal.denial.redactingReason(identityValues)
    }
}
