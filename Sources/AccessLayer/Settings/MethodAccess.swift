public import GatehouseCore

/// A method's access settings: what the gateway maps its configuration onto (the method's
/// `authorizationType` and authorizer, the API's resource policy, `apiKeyRequired`,
/// `authorizationScopes`, and whether the API is a REST or an HTTP API, which words some
/// refusals differently).
///
/// Build one per method when the configuration is loaded (the resource policy is compiled
/// then) and reuse it for every request.
public struct MethodAccess: Sendable {
    public var authorization: MethodAuthorization
    /// The API's resource policy, if it has one.
    public var resourcePolicy: APIResourcePolicy?
    /// `apiKeyRequired`: an API-key step (``AccessStep``) must admit the request.
    public var apiKeyRequired: Bool
    /// `authorizationScopes`: for JWT (and Cognito) authorizers, one of them must be in the
    /// token's `scope` or `scp`.
    public var authorizationScopes: [String]
    /// REST (v1) or HTTP (v2) API.
    public var api: AccessDenial.API

    public init(
        authorization: MethodAuthorization = .none,
        resourcePolicy: APIResourcePolicy? = nil,
        apiKeyRequired: Bool = false,
        authorizationScopes: [String] = [],
        api: AccessDenial.API = .rest
    ) {
        self.authorization = authorization
        self.resourcePolicy = resourcePolicy
        self.apiKeyRequired = apiKeyRequired
        self.authorizationScopes = authorizationScopes
        self.api = api
    }
}
