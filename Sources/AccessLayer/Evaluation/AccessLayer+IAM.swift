import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy
import SigV4

extension AccessLayer {
    /// `AWS_IAM`: SigV4 on the request as received (header or presigned; an unsigned request is
    /// 403 Missing Authentication Token), the principal from the credential store, then
    /// `execute-api:Invoke` on the method ARN judged with the principal's identity policies,
    /// permissions boundary and session policy combined with the API's resource policy
    /// (reference/iam.md §2: same account Table A with §2.3's role/session rules, cross-account
    /// Table B), with every global condition key the request fills.
    func authorizeIAM(_ request: AccessRequest, method: MethodAccess, now: ClockReading) async -> AccessDecision {
        let signed = SigV4Request(request.http, body: request.body)
        let verification = await verifier.verify(signed, now: now.wall, credentials: credentials)
            .resolvingPayload(request.body)
        guard case .valid(let verified) = verification else {
            let failure =
                verification.failure
                ?? SigV4Failure(.invalidPayload, "The request could not be verified.", accessKeyId: nil)
            return .denied(failure.denial)
        }
        let principal = verified.principal
        guard let caller = Caller(principal: principal) else {
            // A role is never a caller (its sessions are): a store that returns one is broken.
            return .denied(
                .accessLayerFailure(
                    reason: "access key \(verified.accessKeyId) belongs to `\(principal.arn)`, which cannot call"
                )
            )
        }
        let own = principal.compiledPolicies ?? Self.noPolicies
        let policies = method.resourcePolicy.map { combinedPolicies.combined(own, $0.compiled) } ?? own
        let context =
            policies.readsContext
            ? ConditionContext.make(request, principal: principal, now: now.wall) : RequestContext()
        let arn = request.methodArn
        let sameAccount = caller.account == request.target.accountId
        let decision = policies.evaluate(
            AuthorizationRequest(action: Self.invoke, resource: arn, context: context),
            caller: caller,
            sameAccount: sameAccount
        )
        if let denial = decision.denial(
            method: sameAccount ? .identity : .resource,
            caller: principal.arn,
            resource: arn,
            api: method.api
        ) {
            var refused = denial
            refused.reason =
                "AWS_IAM: `\(principal.arn)` (access key \(verified.accessKeyId)) refused"
                + (sameAccount ? "" : " across accounts") + ": \(decision)"
            return .denied(refused)
        }
        return .allowed(
            AccessGrant(
                authorizationType: method.authorization.typeName,
                identity: .signed(
                    principal,
                    accessKey: verified.accessKeyId,
                    sourceIp: request.peer.sourceIp,
                    userAgent: request.header(.userAgent)
                ),
                policyDecision: decision,
                reason: "AWS_IAM: `\(principal.arn)` allowed: \(decision)"
            )
        )
    }

    /// The set of a principal the store attached no policies to: it allows nothing.
    static let noPolicies = CompiledPolicySet(IdentityPolicySet(identity: []))
}
