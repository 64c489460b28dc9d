/// A refusal in the terms API Gateway answers it: the gateway response type a REST API
/// customizes it under, the status, `x-amzn-ErrorType`, the body byte for byte — and, apart, the
/// reason for the execution log, which the client never sees.
///
/// Every refusal of the access layer becomes one of these exactly once — a SigV4 failure, a
/// token's refusal, a Lambda authorizer's answer, a policy's deny, next usage plans' throttles
/// and quotas — so the gateway writes every error response in one place and never by hand. The
/// constructors (``unauthorized(api:reason:)``, ``policyDenied(_:by:caller:resource:action:reason:)``
/// and the rest) hold AWS's recorded texts (reference/gateway.md, "Client-visible errors",
/// reference/iam.md §6.5); the modules that refuse map their own failures onto them.
///
/// Equality compares what the client sees (type, status, error type, message, body, headers),
/// not ``reason``: two refusals that answer the same bytes are the same answer.
public struct AccessDenial: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which kind of API answers: REST (v1) and HTTP (v2) APIs word some refusals differently.
    public enum API: String, Sendable, Hashable, CaseIterable {
        case rest
        case http
    }

    /// A response header beyond `x-amzn-ErrorType` (an HTTP API's `www-authenticate`).
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The gateway response type a REST API customizes this answer under.
    public var responseType: GatewayResponseType
    /// The HTTP status.
    public var status: Int
    /// `x-amzn-ErrorType`.
    public var errorType: String
    /// `$context.error.message`: what a customized template's `$context.error.messageString`
    /// quotes; `nil` where AWS answers `{"message":null}`.
    public var message: String?
    /// The response body, exactly (`content-type: application/json`).
    public var body: String
    /// Headers to send besides `x-amzn-ErrorType` (usually none).
    public var headers: [Header]
    /// Why, for the execution log: never sent to the client. The builders put no secret in it
    /// (no key, token, signature or password); text that may hold one goes through
    /// ``redactingReason(_:)`` first.
    public var reason: String

    /// A denial from its parts. Prefer the named constructors, which hold AWS's texts.
    public init(
        _ responseType: GatewayResponseType,
        status: Int,
        errorType: String,
        message: String?,
        body: String,
        headers: [Header] = [],
        reason: String
    ) {
        self.responseType = responseType
        self.status = status
        self.errorType = errorType
        self.message = message
        self.body = body
        self.headers = headers
        self.reason = reason
    }

    /// A denial whose body is the default gateway response template,
    /// `{"message":$context.error.messageString}`: the message as a compact JSON string, or
    /// `null`.
    public init(
        _ responseType: GatewayResponseType,
        status: Int,
        errorType: String,
        message: String?,
        headers: [Header] = [],
        reason: String
    ) {
        self.init(
            responseType,
            status: status,
            errorType: errorType,
            message: message,
            body: Self.defaultTemplate(message),
            headers: headers,
            reason: reason
        )
    }

    /// The body's bytes (UTF-8), as written to the wire.
    public var bodyBytes: [UInt8] { Array(body.utf8) }

    /// The log line's text: status, error type and reason — never the body's user input.
    public var description: String { "\(status) \(errorType) (\(responseType.name)): \(reason)" }

    /// This denial with each of `secrets` in ``reason`` replaced by `<redacted>` (longest first,
    /// so a secret containing another is hidden whole). For reasons that quote what an outside
    /// party said (a function's error text may echo the token it was given).
    public func redactingReason(_ secrets: some Sequence<String>) -> AccessDenial {
        var copy = self
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.utf8.count > $1.utf8.count }) {
            copy.reason = copy.reason.replacing(secret, with: "<redacted>")
        }
        return copy
    }

    public static func == (lhs: AccessDenial, rhs: AccessDenial) -> Bool {
        lhs.responseType == rhs.responseType && lhs.status == rhs.status && lhs.errorType == rhs.errorType
            && lhs.message == rhs.message && lhs.body == rhs.body && lhs.headers == rhs.headers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(responseType)
        hasher.combine(status)
        hasher.combine(body)
    }

    /// `{"message":…}` as the default template renders it: compact, the message a JSON string.
    static func defaultTemplate(_ message: String?) -> String {
        guard let message else { return #"{"message":null}"# }
        return Self.body(key: "message", message)
    }
}

extension AccessDenial {
    /// `{"<key>":"<text>"}`, the text quoted as API Gateway quotes `$context.error.messageString`:
    /// `"` and `\` escaped, control characters as `\b`/`\f`/`\n`/`\r`/`\t` or `\uXXXX`, `/` as is.
    static func body(key: String, _ text: String) -> String {
        var out = #"{""# + key + #"":"#
        JSONWriter.quote(text, into: &out, shortEscapes: true)
        return out + "}"
    }
}
