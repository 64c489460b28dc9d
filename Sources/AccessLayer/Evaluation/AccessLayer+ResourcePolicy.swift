import GatehouseCore
import HTTPTypes
import IAMPolicy

extension AccessLayer {
    /// The action every data-plane request is judged for.
    static let invoke = "execute-api:Invoke"

    /// The resource policy's decision for a caller that is not an AWS principal (no auth, Lambda,
    /// JWT and Cognito callers): only `"*"` and `NotPrincipal` match them (reference/iam.md
    /// §6.3), so it allows exactly when a statement grants `*`.
    func resourcePolicyDecision(
        _ policy: APIResourcePolicy,
        _ request: AccessRequest,
        now: ClockReading
    ) -> Decision {
        let context = policy.compiled.readsContext ? ConditionContext.make(request, now: now.wall) : RequestContext()
        return policy.compiled.evaluate(
            AuthorizationRequest(action: Self.invoke, resource: request.methodArn, context: context),
            caller: .anonymous,
            sameAccount: true
        )
    }

    /// For `NONE`, JWT and Cognito methods: with a resource policy, it must Allow (its explicit
    /// Deny and its silence both refuse, in the resource policy's words); without one, `nil`.
    func requireResourcePolicyAllow(
        _ request: AccessRequest,
        method: MethodAccess,
        now: ClockReading
    ) -> (Decision?, AccessDenial?) {
        guard let policy = method.resourcePolicy else { return (nil, nil) }
        let decision = resourcePolicyDecision(policy, request, now: now)
        let denial = decision.denial(method: .resource, caller: nil, resource: request.methodArn, api: method.api)
        return (decision, denial)
    }

    /// `NONE`: the resource policy alone decides; without one, everyone is let in.
    func authorizeNone(_ request: AccessRequest, method: MethodAccess, now: ClockReading) -> AccessDecision {
        let identity = CallerIdentity.anonymous(
            sourceIp: request.peer.sourceIp,
            userAgent: request.header(.userAgent)
        )
        let (decision, denial) = requireResourcePolicyAllow(request, method: method, now: now)
        if let denial { return .denied(denial) }
        return .allowed(
            AccessGrant(
                authorizationType: method.authorization.typeName,
                identity: identity,
                policyDecision: decision,
                reason: decision.map { "NONE; resource policy: \($0)" } ?? "NONE; no resource policy"
            )
        )
    }
}
