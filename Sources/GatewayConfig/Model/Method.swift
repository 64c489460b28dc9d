/// One method of a resource (REST) or one route (HTTP API): its verb, how callers are authorized
/// and what it calls.
public struct Method: Sendable, Equatable {
    /// The verb it answers (`ANY` for all the resource does not declare otherwise).
    public var verb: HTTPVerb
    public var authorizationType: AuthorizationType
    /// The authorizer's name for `CUSTOM`, `JWT` and `COGNITO_USER_POOLS`.
    public var authorizerName: String?
    /// OAuth scopes the token must carry (JWT and Cognito authorizers); empty for none.
    public var authorizationScopes: [String]
    /// Whether callers must send an API key (checked once usage plans exist).
    public var apiKeyRequired: Bool
    /// OpenAPI's `operationId`, kept for export and logs.
    public var operationName: String?
    /// Declared request parameters, `method.request.querystring.q` → required, in document order.
    public var requestParameters: [(name: String, required: Bool)]
    /// What the method calls; `nil` when none is configured (the gateway answers 500
    /// API_CONFIGURATION_ERROR, as AWS does for a method without an integration).
    public var integration: Integration?

    public init(
        verb: HTTPVerb,
        authorizationType: AuthorizationType = .none,
        authorizerName: String? = nil,
        authorizationScopes: [String] = [],
        apiKeyRequired: Bool = false,
        operationName: String? = nil,
        requestParameters: [(name: String, required: Bool)] = [],
        integration: Integration? = nil
    ) {
        self.verb = verb
        self.authorizationType = authorizationType
        self.authorizerName = authorizerName
        self.authorizationScopes = authorizationScopes
        self.apiKeyRequired = apiKeyRequired
        self.operationName = operationName
        self.requestParameters = requestParameters
        self.integration = integration
    }

    public static func == (lhs: Method, rhs: Method) -> Bool {
        lhs.verb == rhs.verb && lhs.authorizationType == rhs.authorizationType
            && lhs.authorizerName == rhs.authorizerName && lhs.authorizationScopes == rhs.authorizationScopes
            && lhs.apiKeyRequired == rhs.apiKeyRequired && lhs.operationName == rhs.operationName
            && lhs.requestParameters.map(\.name) == rhs.requestParameters.map(\.name)
            && lhs.requestParameters.map(\.required) == rhs.requestParameters.map(\.required)
            && lhs.integration == rhs.integration
    }
}

extension Method {
    /// Request parameters as the model keeps them: the template's path parameters (always
    /// required) plus the declared ones, sorted by name — the same whichever loader read them.
    package static func normalized(
        _ declared: [(name: String, required: Bool)],
        for path: ResourcePath
    ) -> [(name: String, required: Bool)] {
        var out: [String: Bool] = [:]
        for (name, required) in declared { out[name] = required }
        for segment in path.segments {
            switch segment {
            case .parameter(let name), .greedy(let name): out["method.request.path." + name] = true
            case .literal: break
            }
        }
        return out.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
