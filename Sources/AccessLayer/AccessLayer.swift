import Authorizers
public import GatehouseCore
import HTTPTypes
import IAMPolicy
public import SigV4

/// The access layer: API Gateway's authorization, framework-agnostic. Given a request (a
/// swift-http-types `HTTPRequest` with its body and peer), the method it was routed to and the
/// method's access settings, ``decide(_:method:)`` returns an ``AccessDecision``: allowed with
/// who called, or refused with API Gateway's exact answer.
///
/// The order is API Gateway's (reference/gateway.md "Request order", reference/iam.md §6.3):
///
/// 1. the resource policy — for a Lambda authorizer, an explicit Deny refuses before the function
///    runs; for `NONE`, `JWT` and Cognito it must Allow; for `AWS_IAM` it is combined with the
///    caller's policies (same account: Table A, cross-account: Table B);
/// 2. the method's authorization type (``MethodAuthorization``);
/// 3. the ``AccessStep``s the layer was given (API keys, usage plans), in order; a method with
///    `apiKeyRequired` needs one of them to admit a key.
///
/// It fails closed: a step that throws, a store that fails, an authorizer that errs or a
/// configuration the layer cannot run refuses the request, with the reason in
/// ``GatehouseCore/AccessDenial/reason``.
///
/// ```swift
/// let layer = AccessLayer(region: "us-east-1", credentials: store, clock: SystemClock())
/// let method = MethodAccess(authorization: .awsIAM, resourcePolicy: policy)
/// switch await layer.decide(request, method: method) {
/// case .allowed(let grant): forward(request, identity: grant.identity)
/// case .denied(let denial): respond(denial.status, denial.errorType, denial.body)
/// }
/// ```
public struct AccessLayer: Sendable {
    /// Verifies SigV4 signatures for `AWS_IAM` methods (its key caches serve every request).
    public let verifier: SigV4Verifier
    /// Where access keys are looked up: the principal, its tags and compiled policies.
    public let credentials: any SigV4CredentialStore
    /// Read once per decision, at its start: SigV4's clock window, token lifetimes, condition
    /// keys' time, the authorizer result cache.
    public let clock: any GatehouseClock
    /// Checks after authorization, in order (API keys and usage plans plug in here).
    public let steps: [any AccessStep]
    /// Runs `COGNITO_USER_POOLS` methods; without one they refuse every request.
    public let userPools: (any UserPoolAuthenticator)?
    /// Callers' compiled sets combined with resource policies, by the pair.
    let combinedPolicies: CombinedPolicyCache

    /// An access layer verifying SigV4 with `verifier`.
    public init(
        verifier: SigV4Verifier,
        credentials: any SigV4CredentialStore,
        clock: any GatehouseClock = SystemClock(),
        steps: [any AccessStep] = [],
        userPools: (any UserPoolAuthenticator)? = nil
    ) {
        self.verifier = verifier
        self.credentials = credentials
        self.clock = clock
        self.steps = steps
        self.userPools = userPools
        self.combinedPolicies = CombinedPolicyCache()
    }

    /// An access layer for APIs in `region`, verifying SigV4 with API Gateway's rules
    /// (`execute-api`, ±5 minutes).
    public init(
        region: String,
        credentials: any SigV4CredentialStore,
        clock: any GatehouseClock = SystemClock(),
        steps: [any AccessStep] = [],
        userPools: (any UserPoolAuthenticator)? = nil
    ) {
        self.init(
            verifier: SigV4Verifier(configuration: SigV4Verifier.Configuration(region: region)),
            credentials: credentials,
            clock: clock,
            steps: steps,
            userPools: userPools
        )
    }

    /// Decides `request` for a method with settings `method`, reading the clock once.
    public func decide(_ request: AccessRequest, method: MethodAccess) async -> AccessDecision {
        await decide(request, method: method, now: clock.now())
    }

    /// Decides `request` at `now` (the clock reading every time-dependent check uses).
    public func decide(_ request: AccessRequest, method: MethodAccess, now: ClockReading) async -> AccessDecision {
        var grant: AccessGrant
        switch await authorize(request, method: method, now: now) {
        case .allowed(let allowed): grant = allowed
        case .denied(let denial): return .denied(denial)
        }
        for step in steps {
            do {
                switch try await step.check(request, method: method, grant: grant, now: now) {
                case .proceed(let next): grant = next
                case .deny(let denial): return .denied(denial)
                }
            } catch {
                return .denied(.accessLayerFailure(reason: "access step `\(step.name)` failed: \(error)"))
            }
        }
        if method.apiKeyRequired && grant.apiKeyId == nil {
            return .denied(
                .invalidAPIKey(reason: "the method requires an API key and no API-key step admitted one")
            )
        }
        return .allowed(grant)
    }

    /// Steps 1 and 2: the resource policy and the method's authorization type.
    func authorize(_ request: AccessRequest, method: MethodAccess, now: ClockReading) async -> AccessDecision {
        switch method.authorization.kind {
        case .none:
            return authorizeNone(request, method: method, now: now)
        case .awsIAM:
            return await authorizeIAM(request, method: method, now: now)
        case .custom(let authorizer):
            return await authorizeLambda(request, method: method, authorizer: authorizer, now: now)
        case .jwt(let authorizer):
            return await authorizeJWT(request, method: method, authorizer: authorizer, now: now)
        case .cognitoUserPools(let providerARNs, let header):
            return await authorizeUserPool(
                request,
                method: method,
                providerARNs: providerARNs,
                header: header,
                now: now
            )
        }
    }
}

extension AccessDenial {
    /// A failure inside the access layer: 500 `{"message": "Internal server error"}` (36 bytes,
    /// the body API Gateway's own internal errors carry), `InternalServerErrorException`, under
    /// DEFAULT_5XX. Never an allow.
    static func accessLayerFailure(reason: String) -> AccessDenial {
        AccessDenial(
            .default5XX,
            status: 500,
            errorType: "InternalServerErrorException",
            message: "Internal server error",
            body: #"{"message": "Internal server error"}"#,
            reason: reason
        )
    }
}
