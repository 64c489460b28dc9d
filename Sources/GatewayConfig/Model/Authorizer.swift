/// An authorizer an API declares, by name: a Lambda authorizer (TOKEN or REQUEST), an HTTP API's
/// JWT authorizer, or a Cognito user pool authorizer (accepted and reported as unavailable until
/// user pools exist).
public struct Authorizer: Sendable, Equatable {
    /// `token`, `request`, `jwt` or `cognito_user_pools`, as `x-amazon-apigateway-authorizer`
    /// spells them.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let token = Kind("token")
        public static let request = Kind("request")
        public static let jwt = Kind("jwt")
        public static let cognitoUserPools = Kind("cognito_user_pools")
        public static let all: [Kind] = [.token, .request, .jwt, .cognitoUserPools]

        /// The kind named `name` in any case (API Gateway's API writes `TOKEN`).
        public init?(named name: String) {
            let lower = name.lowercased()
            guard let found = Self.all.first(where: { $0.name == lower }) else { return nil }
            self = found
        }

        /// The method authorization type this kind implies.
        public var authorizationType: AuthorizationType {
            switch self {
            case .jwt: return .jwt
            case .cognitoUserPools: return .cognitoUserPools
            default: return .custom
            }
        }
    }

    /// AWS's default result cache lifetime, and its ceiling.
    public static let defaultResultTTL = 300
    public static let resultTTLRange = 0...3600

    public var name: String
    public var kind: Kind
    /// The Lambda function: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations`
    /// (may hold `${stageVariables.x}`).
    public var authorizerURI: String?
    /// An IAM role ARN API Gateway would assume to invoke it.
    public var authorizerCredentials: String?
    /// The identity sources in order (`method.request.header.Authorization`,
    /// `$request.header.Authorization`); empty when none are configured (a REQUEST authorizer
    /// without caching).
    public var identitySource: [String]
    /// TOKEN only: a regular expression the token must match before the function runs.
    public var identityValidationExpression: String?
    /// Seconds a result is cached, 0 to 3600.
    public var resultTTLInSeconds: Int
    /// HTTP API Lambda authorizers: `1.0` or `2.0`.
    public var payloadFormatVersion: String?
    /// HTTP API 2.0 Lambda authorizers answering `{"isAuthorized": …}`.
    public var enableSimpleResponses: Bool
    /// JWT authorizers: the issuer.
    public var issuer: String?
    /// JWT authorizers: accepted audiences (`aud` or `client_id`).
    public var audience: [String]
    /// Cognito authorizers: the user pools' ARNs.
    public var providerARNs: [String]

    public init(
        name: String,
        kind: Kind,
        authorizerURI: String? = nil,
        authorizerCredentials: String? = nil,
        identitySource: [String] = [],
        identityValidationExpression: String? = nil,
        resultTTLInSeconds: Int = Authorizer.defaultResultTTL,
        payloadFormatVersion: String? = nil,
        enableSimpleResponses: Bool = false,
        issuer: String? = nil,
        audience: [String] = [],
        providerARNs: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.authorizerURI = authorizerURI
        self.authorizerCredentials = authorizerCredentials
        self.identitySource = identitySource
        self.identityValidationExpression = identityValidationExpression
        self.resultTTLInSeconds = resultTTLInSeconds
        self.payloadFormatVersion = payloadFormatVersion
        self.enableSimpleResponses = enableSimpleResponses
        self.issuer = issuer
        self.audience = audience
        self.providerARNs = providerARNs
    }
}
