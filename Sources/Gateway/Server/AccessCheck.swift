import AccessLayer
import Authorizers
import GatehouseCore
import GatewayConfig
import HTTPTypes
import Hummingbird
import IAMPolicy

/// The access step between routing and the integration: the one place the gateway calls the
/// `AccessLayer` module. It maps a method's GatewayConfig settings to a `MethodAccess`, asks
/// `decide`, and answers a grant (the caller and the authorizer's output, as the integration
/// and the access log see them) or a denial (API Gateway's exact response). Fails closed.
///
/// Wired: `NONE`, `AWS_IAM` (SigV4 against the data directory's principals and the root key) and
/// `CUSTOM` (TOKEN and REQUEST Lambda authorizers, one per API, stage and authorizer, each with
/// its own result cache, through the function runners) and `JWT` (one `JWTAuthorization` per API
/// and authorizer, keys from a configured JWKS or the issuer's OIDC discovery), with the API's
/// resource policy. Cognito authorizers are refused with AUTHORIZER_CONFIGURATION_ERROR (500)
/// until a user pool authenticator is configured here — never let through.
struct AccessCheck: Sendable {
    enum Outcome: Sendable {
        case granted(AccessGrant)
        case denied(AccessDenial)
    }

    let layer: AccessLayer
    /// Each API's resource policy, compiled once at start.
    let resourcePolicies: [APIIdentifier: APIResourcePolicy]
    let region: String
    let accountID: String
    /// Lambda authorizers by ``authorizerKey(api:stage:name:)``.
    let lambdaAuthorizers: [String: LambdaAuthorizer]
    /// JWT authorizers by ``jwtKey(api:name:)``.
    let jwtAuthorizers: [String: JWTAuthorization]

    static func authorizerKey(api: APIIdentifier, stage: String, name: String) -> String {
        "\(api.text)/\(stage)/\(name)"
    }

    static func jwtKey(api: APIIdentifier, name: String) -> String {
        "\(api.text)/\(name)"
    }

    /// Whether deciding `method` reads the request body (SigV4's payload hash): the gateway then
    /// collects the body first and hands the same bytes to the integration.
    static func needsBody(_ method: Method) -> Bool { method.authorizationType == .awsIAM }

    func check(
        _ request: Request,
        method: Method,
        api: ServedAPI,
        exchange: Exchange,
        body: [UInt8]
    ) async -> Outcome {
        let authorization: MethodAuthorization
        switch method.authorizationType {
        case .none: authorization = .none
        case .awsIAM: authorization = .awsIAM
        case .custom:
            let key = Self.authorizerKey(
                api: api.id,
                stage: exchange.stageName ?? "",
                name: method.authorizerName ?? ""
            )
            guard let authorizer = lambdaAuthorizers[key] else {
                return .denied(
                    .authorizerConfigurationError(
                        api: api.definition.kind == .http ? .http : .rest,
                        reason: "no runnable Lambda authorizer `\(method.authorizerName ?? "")` on this stage"
                    )
                )
            }
            authorization = .custom(authorizer)
        case .jwt:
            guard let authorizer = jwtAuthorizers[Self.jwtKey(api: api.id, name: method.authorizerName ?? "")] else {
                return .denied(
                    .authorizerConfigurationError(
                        api: api.definition.kind == .http ? .http : .rest,
                        reason: "no JWT authorizer `\(method.authorizerName ?? "")` in this API"
                    )
                )
            }
            authorization = .jwt(authorizer)
        default:
            return .denied(
                .authorizerConfigurationError(
                    api: api.definition.kind == .http ? .http : .rest,
                    reason: "authorization \(method.authorizationType) is not wired into the gateway yet"
                )
            )
        }
        let access = MethodAccess(
            authorization: authorization,
            resourcePolicy: resourcePolicies[api.id],
            apiKeyRequired: method.apiKeyRequired,
            authorizationScopes: method.authorizationScopes,
            api: api.definition.kind == .http ? .http : .rest
        )
        let target = MethodTarget(
            region: region,
            accountId: accountID,
            apiId: api.id.text,
            stage: exchange.stageName ?? "",
            resource: exchange.resourcePath ?? "/",
            pathPrefix: exchange.pathPrefix,
            pathParameters: exchange.pathParameters.map { ($0.name, $0.value) },
            stageVariables: exchange.stageVariables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            routeKey: exchange.routeKey ?? "$default",
            methodPath: exchange.methodPath
        )
        let accessRequest = AccessRequest(
            request.head,
            body: body,
            target: target,
            peer: AccessPeer(sourceIp: exchange.sourceIP, isSecure: exchange.isSecure),
            requestId: exchange.ids.requestID
        )
        let decision: AccessDecision
        if method.authorizationType == .custom {
            // A Lambda authorizer may run as a local command: its runs are shared out per client.
            decision = await FunctionCaller.$current.withValue(ClientKey.of(exchange.sourceIP)) {
                await layer.decide(accessRequest, method: access)
            }
        } else {
            decision = await layer.decide(accessRequest, method: access)
        }
        switch decision {
        case .denied(let denial):
            return .denied(denial)
        case .allowed(let allowed):
            var grant = AccessGrant()
            grant.caller = allowed.identity.caller
            grant.user = allowed.identity.user
            grant.userARN = allowed.identity.userArn
            grant.accountID = allowed.identity.accountId
            grant.accessKey = allowed.identity.accessKey
            if let output = allowed.authorizer {
                grant.hasAuthorizer = true
                grant.principalID = output.principalId
                grant.context = output.context.map { (key: $0.0, value: $0.1) }
                grant.authorizerLatencyMilliseconds = output.integrationLatencyMilliseconds
            }
            if let token = allowed.token {
                grant.hasAuthorizer = true
                grant.principalID = grant.principalID ?? token.subject
                grant.claims = token.claims.map { (key: $0.key, value: $0.value.value) }
                grant.scopes = allowed.scopes.isEmpty ? nil : allowed.scopes
            }
            return .granted(grant)
        }
    }
}
