public import Authorizers
public import IAMPolicy

/// An allowed request: who called and what the authorization produced, for the integration
/// (`requestContext.identity`, `requestContext.authorizer`) and the access log.
public struct AccessGrant: Sendable {
    /// The method's authorization type (`NONE`, `AWS_IAM`, `CUSTOM`, `JWT`, `COGNITO_USER_POOLS`).
    public var authorizationType: String
    /// `requestContext.identity`.
    public var identity: CallerIdentity
    /// A Lambda authorizer's grant (`requestContext.authorizer`).
    public var authorizer: AuthorizerOutput?
    /// A JWT (or Cognito) authorizer's verified token: `requestContext.authorizer.jwt.claims`
    /// (payload 2.0) or `.claims` (REST).
    public var token: VerifiedToken?
    /// The token's scopes (`requestContext.authorizer.jwt.scopes`).
    public var scopes: [String]
    /// The API key's id, once an API-key step admitted one (`$context.identity.apiKeyId`).
    public var apiKeyId: String?
    /// The API key's value, when a step found one (`$context.identity.apiKey`); never logged.
    public var apiKey: String?
    /// The policy decision that allowed, when one was made (IAM, or the resource policy).
    public var policyDecision: Decision?
    /// Why the request was allowed, for the access log (never a secret).
    public var reason: String

    public init(
        authorizationType: String,
        identity: CallerIdentity,
        authorizer: AuthorizerOutput? = nil,
        token: VerifiedToken? = nil,
        scopes: [String] = [],
        apiKeyId: String? = nil,
        apiKey: String? = nil,
        policyDecision: Decision? = nil,
        reason: String
    ) {
        self.authorizationType = authorizationType
        self.identity = identity
        self.authorizer = authorizer
        self.token = token
        self.scopes = scopes
        self.apiKeyId = apiKeyId
        self.apiKey = apiKey
        self.policyDecision = policyDecision
        self.reason = reason
    }
}
