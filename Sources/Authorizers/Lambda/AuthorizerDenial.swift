public import GatehouseCore

/// Why a Lambda authorizer refused, and how: the kind and the API flavour pick the answer,
/// ``denial`` (the access layer's ``AccessDenial``) holds it — status, body, `x-amzn-ErrorType`
/// and gateway response type (reference/gateway.md §Client-visible errors) — plus the reason for
/// the execution log, which the client never sees.
public struct AuthorizerDenial: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
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
    /// For ``Kind/implicitDeny`` only: what the authorizer returned (principal, context, API
    /// key) although its policy has no Allow for the method. A resource policy's Allow turns that
    /// silence into an Allow (reference/iam.md §6.3, Table A: neither × Allow); the caller that
    /// holds the resource policy decides, and nobody else may grant from it. Not part of equality.
    public let silentGrant: AuthorizerGrant?

    public init(_ kind: Kind, httpAPI: Bool = false, reason: String) {
        self.kind = kind
        self.httpAPI = httpAPI
        self.reason = reason
        self.silentGrant = nil
    }

    /// An implicit deny carrying what the authorizer returned (``silentGrant``).
    public init(implicitDenyOf grant: AuthorizerGrant, httpAPI: Bool = false, reason: String) {
        self.kind = .implicitDeny
        self.httpAPI = httpAPI
        self.reason = reason
        self.silentGrant = grant
    }

    public static func == (lhs: AuthorizerDenial, rhs: AuthorizerDenial) -> Bool {
        lhs.kind == rhs.kind && lhs.httpAPI == rhs.httpAPI && lhs.reason == rhs.reason
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(httpAPI)
        hasher.combine(reason)
    }

    /// The answer the client gets, in the access layer's one denial shape: every field below is
    /// read from it, so the authorizer's bytes are defined once (reference/gateway.md,
    /// "Client-visible errors"). The reason is the execution log's; what a function said may be
    /// in it, so a caller that logs it redacts the identity values first
    /// (``AccessDenial/redactingReason(_:)``).
    public var denial: AccessDenial {
        let api: AccessDenial.API = httpAPI ? .http : .rest
        switch kind {
        case .unauthorized: return .unauthorized(api: api, reason: reason)
        case .explicitDeny:
            return .policyDenied(.explicitDeny, by: .authorizer, caller: nil, resource: "", api: api, reason: reason)
        case .implicitDeny:
            return .policyDenied(.implicitDeny, by: .authorizer, caller: nil, resource: "", api: api, reason: reason)
        case .forbidden: return .forbidden(reason: reason)
        case .configurationError: return .authorizerConfigurationError(api: api, reason: reason)
        case .uriTooLong: return .uriTooLong(reason: reason)
        }
    }

    public var status: Int { denial.status }

    /// The response body, byte for byte (the capital `M` in REST's 403 bodies is AWS's).
    public var body: String { denial.body }

    /// `x-amzn-ErrorType`.
    public var errorType: String { denial.errorType }

    /// The gateway response type a REST API customizes this with.
    public var gatewayResponseType: String { denial.responseType.name }

    public var description: String { "\(status) \(errorType): \(reason)" }
}
