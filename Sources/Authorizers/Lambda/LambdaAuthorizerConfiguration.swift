import HTTPTypes
import IAMPolicy

/// One Lambda (custom) authorizer as API Gateway configures it (reference/gateway.md
/// §Authorizers): its event type, identity sources, token validation regex and result TTL.
public struct LambdaAuthorizerConfiguration: Sendable {
    public enum Kind: Sendable, Hashable {
        /// REST `TOKEN`: one header, optionally checked against a regex.
        case token
        /// REST `REQUEST`: the request's headers, query, stage variables and context.
        case request
        /// HTTP API, payload format `1.0` or `2.0`; simple responses only with 2.0.
        case httpAPI(payloadVersion: String, simpleResponses: Bool)
    }

    public var name: String
    public var kind: Kind
    public var identitySources: [IdentitySource]
    /// `identityValidationExpression` (TOKEN only): tested before the function is called.
    public var validationExpression: String?
    /// `authorizerResultTtlInSeconds`: 0 disables caching; at most 3,600.
    public var resultTTLSeconds: Int

    /// `authorizerResultTtlInSeconds`'s range, AWS's: 0 (no caching) to 3,600.
    public static let resultTTLSecondsRange = 0...3600
    /// AWS's default result TTL.
    public static let defaultResultTTLSeconds = 300
    /// How long the function may take, in whole seconds: HTTP APIs wait 10 s at most for an
    /// authorizer; REST APIs at most their 29 s integration timeout (reference/gateway.md).
    public static func timeoutSecondsRange(for kind: Kind) -> ClosedRange<Int> {
        if case .httpAPI = kind { return 1...10 }
        return 1...29
    }
    /// The default timeout, HTTP APIs' 10 s.
    public static let defaultTimeoutSeconds = 10

    public init(
        name: String,
        kind: Kind,
        identitySources: [IdentitySource],
        validationExpression: String? = nil,
        resultTTLSeconds: Int = 300
    ) throws(AuthorizerConfigurationError) {
        guard Self.resultTTLSecondsRange.contains(resultTTLSeconds) else {
            throw AuthorizerConfigurationError("authorizerResultTtlInSeconds is 0 to 3600, not \(resultTTLSeconds)")
        }
        if kind == .token && identitySources.count != 1 {
            throw AuthorizerConfigurationError("a TOKEN authorizer has exactly one identity source, a header")
        }
        if kind == .token, case .header = identitySources.first {
        } else if kind == .token {
            throw AuthorizerConfigurationError("a TOKEN authorizer's identity source is a header")
        }
        if case .httpAPI(let version, let simple) = kind {
            guard version == "1.0" || version == "2.0" else {
                throw AuthorizerConfigurationError("authorizerPayloadFormatVersion is 1.0 or 2.0")
            }
            if simple && version != "2.0" {
                throw AuthorizerConfigurationError("simple responses need payload format 2.0")
            }
        }
        if let validationExpression {
            guard kind == .token else {
                throw AuthorizerConfigurationError("identityValidationExpression is for TOKEN authorizers")
            }
            guard (try? Regex(validationExpression)) != nil else {
                throw AuthorizerConfigurationError(
                    "identityValidationExpression `\(validationExpression)` is not a regular expression"
                )
            }
        }
        self.name = name
        self.kind = kind
        self.identitySources = identitySources
        self.validationExpression = validationExpression
        self.resultTTLSeconds = resultTTLSeconds
    }
}
