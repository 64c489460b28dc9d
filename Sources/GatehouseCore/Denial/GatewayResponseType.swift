/// API Gateway's gateway response types: the names a REST API customizes its own answers under
/// (reference/gateway.md, "Method responses and gateway responses").
///
/// A closed-but-growing set (a struct with static members, not an enum), so usage plans, the
/// gateway and later modules add types without breaking anyone's `switch`. Equality compares the
/// name only.
public struct GatewayResponseType: Hashable, Sendable, CustomStringConvertible {
    /// AWS's name (`ACCESS_DENIED`, …), as `PutGatewayResponse` and `$context.error.responseType`
    /// spell it.
    public let name: String
    /// The status AWS answers with when the response is not customized; `nil` for DEFAULT_4XX and
    /// DEFAULT_5XX, which have none of their own.
    public let defaultStatus: Int?

    private init(_ name: String, _ defaultStatus: Int?) {
        self.name = name
        self.defaultStatus = defaultStatus
    }

    public var description: String { name }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Whether this is one of the two fallbacks every uncustomized type inherits from.
    public var isDefault: Bool { self == .default4XX || self == .default5XX }

    /// The fallback a type not customized inherits from: DEFAULT_5XX for a 5xx status, else
    /// DEFAULT_4XX.
    public static func fallback(forStatus status: Int) -> GatewayResponseType {
        status >= 500 ? .default5XX : .default4XX
    }

    public static let default4XX = GatewayResponseType("DEFAULT_4XX", nil)
    public static let default5XX = GatewayResponseType("DEFAULT_5XX", nil)
    public static let accessDenied = GatewayResponseType("ACCESS_DENIED", 403)
    public static let apiConfigurationError = GatewayResponseType("API_CONFIGURATION_ERROR", 500)
    public static let authorizerConfigurationError = GatewayResponseType("AUTHORIZER_CONFIGURATION_ERROR", 500)
    public static let authorizerFailure = GatewayResponseType("AUTHORIZER_FAILURE", 500)
    public static let badRequestBody = GatewayResponseType("BAD_REQUEST_BODY", 400)
    public static let badRequestParameters = GatewayResponseType("BAD_REQUEST_PARAMETERS", 400)
    public static let expiredToken = GatewayResponseType("EXPIRED_TOKEN", 403)
    public static let integrationFailure = GatewayResponseType("INTEGRATION_FAILURE", 504)
    public static let integrationTimeout = GatewayResponseType("INTEGRATION_TIMEOUT", 504)
    public static let invalidAPIKey = GatewayResponseType("INVALID_API_KEY", 403)
    public static let invalidSignature = GatewayResponseType("INVALID_SIGNATURE", 403)
    public static let missingAuthenticationToken = GatewayResponseType("MISSING_AUTHENTICATION_TOKEN", 403)
    public static let quotaExceeded = GatewayResponseType("QUOTA_EXCEEDED", 429)
    public static let requestTooLarge = GatewayResponseType("REQUEST_TOO_LARGE", 413)
    public static let resourceNotFound = GatewayResponseType("RESOURCE_NOT_FOUND", 404)
    public static let throttled = GatewayResponseType("THROTTLED", 429)
    public static let unauthorized = GatewayResponseType("UNAUTHORIZED", 401)
    public static let unsupportedMediaType = GatewayResponseType("UNSUPPORTED_MEDIA_TYPE", 415)
    public static let wafFiltered = GatewayResponseType("WAF_FILTERED", 403)

    /// The 21 types, in the alphabetical order `GetGatewayResponses` lists them on a fresh API.
    public static let all: [GatewayResponseType] = [
        .accessDenied, .apiConfigurationError, .authorizerConfigurationError, .authorizerFailure, .badRequestBody,
        .badRequestParameters, .default4XX, .default5XX, .expiredToken, .integrationFailure, .integrationTimeout,
        .invalidAPIKey, .invalidSignature, .missingAuthenticationToken, .quotaExceeded, .requestTooLarge,
        .resourceNotFound, .throttled, .unauthorized, .unsupportedMediaType, .wafFiltered,
    ]

    /// The type named `name` (AWS's spelling, exactly), if there is one.
    public init?(named name: String) {
        guard let found = Self.all.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}
