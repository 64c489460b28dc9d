/// A refusal in API Gateway's exact terms: status, body, `x-amzn-ErrorType` and the gateway
/// response type (reference/gateway.md §Client-visible errors), plus the reason for the execution
/// log — which the client never sees.
public struct AuthorizerDenial: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// No or invalid identity, or the function failed with `Unauthorized`.
        case unauthorized
        /// The returned policy explicitly denies the method ARN.
        case explicitDeny
        /// The returned policy has no Allow for the method ARN.
        case implicitDeny
        /// HTTP API simple response `isAuthorized: false`.
        case forbidden
        /// The function failed, timed out, or answered something unusable.
        case configurationError
        /// The method ARN is over 1,600 bytes.
        case uriTooLong
    }

    public let kind: Kind
    /// Whether this is an HTTP API (v2) authorizer (its bodies differ).
    public let httpAPI: Bool
    /// Why, for the execution log (never sent to the client).
    public let reason: String

    public init(_ kind: Kind, httpAPI: Bool = false, reason: String) {
        self.kind = kind
        self.httpAPI = httpAPI
        self.reason = reason
    }

    public var status: Int {
        switch kind {
        case .unauthorized: return 401
        case .explicitDeny, .implicitDeny, .forbidden: return 403
        case .configurationError: return 500
        case .uriTooLong: return 414
        }
    }

    /// The response body, byte for byte (the capital `M` in REST's 403 bodies is AWS's).
    public var body: String {
        switch (kind, httpAPI) {
        case (.unauthorized, _): return #"{"message":"Unauthorized"}"#
        case (.explicitDeny, false):
            return #"{"Message":"User is not authorized to access this resource with an explicit deny"}"#
        case (.implicitDeny, false): return #"{"Message":"User is not authorized to access this resource"}"#
        case (.explicitDeny, true), (.implicitDeny, true), (.forbidden, _): return #"{"message":"Forbidden"}"#
        case (.configurationError, false): return #"{"message": null}"#
        case (.configurationError, true): return #"{"message":"Internal Server Error"}"#
        case (.uriTooLong, _): return #"{"message":"Request-URI Too Long"}"#
        }
    }

    /// `x-amzn-ErrorType`.
    public var errorType: String {
        switch kind {
        case .unauthorized: return "UnauthorizedException"
        case .explicitDeny, .implicitDeny, .forbidden: return "AccessDeniedException"
        case .configurationError: return "AuthorizerConfigurationException"
        case .uriTooLong: return "RequestURITooLongException"
        }
    }

    /// The gateway response type a REST API customizes this with.
    public var gatewayResponseType: String {
        switch kind {
        case .unauthorized: return "UNAUTHORIZED"
        case .explicitDeny, .implicitDeny, .forbidden: return "ACCESS_DENIED"
        case .configurationError: return "AUTHORIZER_CONFIGURATION_ERROR"
        case .uriTooLong: return "REQUEST_TOO_LARGE"
        }
    }

    public var description: String { "\(status) \(errorType): \(reason)" }
}
