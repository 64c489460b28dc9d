public import GatehouseCore

/// A compiled set rides on a ``GatehouseCore/Principal`` in its opaque policy slot: a credential
/// store compiles a principal's policies once, when it loads the principal, and evaluation reads
/// them back without parsing or compiling anything per request.
extension CompiledPolicySet: PrincipalPolicies {}

extension Principal {
    /// The principal's compiled policies, when a ``CompiledPolicySet`` was attached; `nil` when
    /// none was, or something else was (another policy engine's).
    public var compiledPolicies: CompiledPolicySet? { policies as? CompiledPolicySet }

    /// This principal's identity-side decision on `request`: its attached policies, with the
    /// principal's condition keys (``RequestContext/insertPrincipalKeys(_:)``) added to the
    /// request's context. A principal without compiled policies is implicitly denied (fail
    /// closed); so is a role, which is never itself a caller.
    ///
    /// - Parameter resourceAccount: the account owning the resource; `nil` means the principal's
    ///   own.
    public func evaluate(_ request: AuthorizationRequest, resourceAccount: String? = nil) -> Decision {
        var request = request
        request.context.insertPrincipalKeys(self)
        let caller = Caller(principal: self)
        guard let policies = compiledPolicies, let caller else {
            return CompiledPolicySet(IdentityPolicySet(identity: [])).evaluate(request)
        }
        return policies.evaluate(request, caller: caller, resourceAccount: resourceAccount)
    }
}
