import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy

extension AccessLayer {
    /// `CUSTOM`: a Lambda authorizer (reference/iam.md §6.3). Phase 1, before the function
    /// runs: the resource policy's explicit Deny refuses at once. Then the authorizer — identity
    /// sources, the validation regex, the result cache, the function, its policy judged for this
    /// method ARN. Phase 2 combines its answer with the resource policy per Table A: an Allow
    /// stands unless the resource policy denies (phase 1 refused that already); an authorizer
    /// policy silent for the ARN (implicit deny) is allowed when the resource policy allows, with
    /// the principal and context the authorizer returned; an explicit Deny refuses.
    func authorizeLambda(
        _ request: AccessRequest,
        method: MethodAccess,
        authorizer: LambdaAuthorizer,
        now: ClockReading
    ) async -> AccessDecision {
        let arn = request.methodArn
        var resourceDecision: Decision? = nil
        if let policy = method.resourcePolicy {
            let decision = resourcePolicyDecision(policy, request, now: now)
            if decision.outcome == .explicitDeny,
                var denial = decision.denial(method: .authorizer, caller: nil, resource: arn, api: method.api)
            {
                denial.reason =
                    "resource policy denies before the authorizer `\(authorizer.configuration.name)` runs: \(decision)"
                return .denied(denial)
            }
            resourceDecision = decision
        }
        let evaluation = await authorizer.authorize(request.authorizerRequest(at: now.wall), now: now)
        let latency: Int
        if evaluation.cacheHit {
            latency = 0
        } else {
            let (elapsed, overflow) = clock.now().monotonic.nanosecondsSinceOrigin
                .subtractingReportingOverflow(now.monotonic.nanosecondsSinceOrigin)
            latency = overflow ? 0 : Int(max(elapsed, 0) / 1_000_000)
        }
        var outcome = evaluation.outcome
        var silentButAllowed = false
        if case .failure(let refusal) = outcome, refusal.kind == .implicitDeny,
            resourceDecision?.isAllowed == true, let silent = refusal.silentGrant
        {
            outcome = .success(silent)
            silentButAllowed = true
        }
        switch outcome {
        case .success(let granted):
            return .allowed(
                AccessGrant(
                    authorizationType: method.authorization.typeName,
                    identity: .anonymous(sourceIp: request.peer.sourceIp, userAgent: request.header(.userAgent)),
                    authorizer: AuthorizerOutput(
                        principalId: granted.principalId,
                        context: granted.context,
                        usageIdentifierKey: granted.usageIdentifierKey,
                        integrationLatencyMilliseconds: latency,
                        cacheHit: evaluation.cacheHit
                    ),
                    policyDecision: granted.decision,
                    reason: "CUSTOM `\(authorizer.configuration.name)` "
                        + (silentButAllowed ? "silent for the method, the resource policy allows" : "allowed")
                        + (granted.principalId.map { " principal `\($0)`" } ?? "")
                        + (evaluation.cacheHit ? " (cached)" : "")
                        + (resourceDecision.map { "; resource policy: \($0)" } ?? "")
                )
            )
        case .failure(let refusal):
            var denial =
                evaluation.denial
                ?? AccessDenial.authorizerConfigurationError(api: method.api, reason: refusal.reason)
            denial.reason = "CUSTOM `\(authorizer.configuration.name)` refused: \(denial.reason)"
            return .denied(denial)
        }
    }
}
