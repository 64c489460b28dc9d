public import GatehouseCore
public import GatehouseCrypto
import IAMPolicy

/// A configuration-only authorizer over OAuth 2.0 token introspection (RFC 7662): the token is
/// POSTed to the issuer's introspection endpoint with the client's credentials, and the answer is
/// judged strictly. Results are cached by the authorizer result cache, keyed by the token.
///
/// - The endpoint is judged by ``EndpointURL/trusted(_:)`` (RFC 7662 §4 requires TLS; plain http
///   only to this machine): the client secret and the token travel to it.
/// - `active` must be exactly `true` (a JSON boolean). `false` or an absent `active` is
///   `Unauthorized` (401).
/// - `aud` (a string or a list of strings) must name one of ``audiences`` — a token issued for
///   another API is `Unauthorized`, as a JWT's would be. An answer without `aud` is refused too:
///   with nothing to compare, the token could be for anything.
/// - `exp` and `nbf`, when present, are honoured (with ``leeway``); `token_type` must equal
///   ``tokenType`` when one is configured (case-insensitively, as OAuth token types are).
/// - Anything malformed — not a JSON object, a field of the wrong type (`"active": "true"`, a
///   numeric `aud`, a `null`), a non-200 status — fails closed as the function's error (500).
public struct IntrospectionFunction: AuthorizerFunction, CustomStringConvertible {
    /// The endpoint as sent (rebuilt from its parsed parts).
    public let endpoint: String
    public var clientID: String
    /// The client secret, never printed.
    public var clientSecret: Secret
    public var transport: any HTTPTransport
    /// The audiences this API accepts; one or more.
    public let audiences: [String]
    /// Scopes of which the token needs one (none: any scope).
    public var requiredScopes: [String]
    /// The `token_type` required (`Bearer`, `access_token`…); `nil` accepts any.
    public var tokenType: String?
    /// Seconds of clock skew tolerated for `exp` and `nbf`.
    public var leeway: Double
    /// The clock: its wall time judges the answer's `exp` and `nbf`.
    public var clock: any GatehouseClock

    /// The largest introspection response read.
    public static let maxResponseBytes = 64 * 1024

    public init(
        endpoint: String,
        clientID: String,
        clientSecret: String,
        transport: any HTTPTransport,
        audiences: [String],
        requiredScopes: [String] = [],
        tokenType: String? = nil,
        leeway: Double = 0,
        clock: any GatehouseClock = SystemClock()
    ) throws(AuthorizerConfigurationError) {
        do {
            self.endpoint = try EndpointURL.trusted(endpoint).description
        } catch {
            throw AuthorizerConfigurationError("the introspection endpoint \(error)")
        }
        guard !audiences.isEmpty, !audiences.contains(where: \.isEmpty) else {
            throw AuthorizerConfigurationError("introspection needs one or more non-empty `audiences`")
        }
        guard leeway.isFinite, leeway >= 0, leeway <= 3600 else {
            throw AuthorizerConfigurationError("the introspection leeway is 0 to 3600 seconds")
        }
        self.clientID = clientID
        self.clientSecret = Secret(clientSecret)
        self.transport = transport
        self.audiences = audiences
        self.requiredScopes = requiredScopes
        self.tokenType = tokenType
        self.leeway = leeway
        self.clock = clock
    }

    public var description: String {
        "IntrospectionFunction(endpoint: \(endpoint), clientID: \(clientID), clientSecret: <redacted>)"
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        guard let root = try? JSONParser.parse(event, limits: .withoutLocations).value, case .object(let members) = root
        else {
            throw .crashed("the event is not a JSON object")
        }
        guard case .string(let methodArn)? = members.first(where: { $0.key == "methodArn" })?.value.value else {
            throw .crashed("no methodArn")
        }
        guard case .string(var token)? = members.first(where: { $0.key == "authorizationToken" })?.value.value else {
            throw .raised("Unauthorized")
        }
        if token.hasPrefix("Bearer ") { token = String(token.dropFirst(7)) }
        let form = "token=\(Self.formEncode(token))&token_type_hint=access_token"
        let credentials = Base64.encode(
            Array("\(Self.formEncode(clientID)):\(Self.formEncode(clientSecret.revealed))".utf8)
        )
        let response: HTTPTransportResponse
        do {
            response = try await transport.post(
                endpoint,
                body: Array(form.utf8),
                headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                    ("Authorization", "Basic \(credentials)"),
                ],
                timeout: timeout,
                maxBytes: Self.maxResponseBytes
            )
        } catch HTTPTransportError.timedOut(let limit) {
            throw .timedOut(limit)
        } catch {
            throw .transport("introspection endpoint: \(error)")
        }
        guard response.status == 200 else {
            throw .transport("introspection endpoint answered HTTP \(response.status)")
        }
        let claims = try Self.judge(
            response.body,
            audiences: audiences,
            tokenType: tokenType,
            leeway: leeway,
            now: clock.wallNow
        )
        let allowed = requiredScopes.isEmpty || requiredScopes.contains(where: claims.scopes.contains)
        var context: [(String, JSONValue)] = [("scope", .string(claims.scopes.joined(separator: " ")))]
        if let client = claims.clientID { context.append(("clientId", .string(client))) }
        // The whole stage, as the result is cached by token and judged again for later methods.
        let resource =
            ExecuteAPIARN(methodArn).map {
                "arn:\($0.partition):execute-api:\($0.region):\($0.account):\($0.apiId)/\($0.stage)/*/*"
            } ?? methodArn
        return JSONValue.members([
            ("principalId", .string(claims.subject ?? claims.clientID ?? "unknown")),
            (
                "policyDocument",
                .members([
                    ("Version", .string("2012-10-17")),
                    (
                        "Statement",
                        .elements([
                            .members([
                                ("Effect", .string(allowed ? "Allow" : "Deny")),
                                ("Action", .string("execute-api:Invoke")),
                                ("Resource", .string(resource)),
                            ])
                        ])
                    ),
                ])
            ),
            ("context", .members(context)),
        ]).serializedBytes
    }

    /// What an accepted introspection answer says about the token.
    struct ActiveToken: Equatable {
        var subject: String?
        var clientID: String?
        var scopes: [String]
    }

    /// Judges an introspection response body: an ``ActiveToken`` when the token is active, for
    /// one of `audiences`, of the configured type and within its validity; `.raised("Unauthorized")`
    /// when it is not; `.transport` when the answer is malformed.
    static func judge(
        _ body: [UInt8],
        audiences: [String],
        tokenType: String?,
        leeway: Double,
        now: Timestamp
    ) throws(FunctionFailure) -> ActiveToken {
        guard let answer = try? JSONParser.parse(body, limits: .withoutLocations).value,
            case .object(let fields) = answer
        else {
            throw .transport("the introspection response is not a JSON object")
        }
        func field(_ name: String) -> JSONValue? { fields.first { $0.key == name }?.value.value }
        func malformed(_ name: String, _ expected: String) -> FunctionFailure {
            .transport("the introspection response's `\(name)` is not \(expected)")
        }
        func string(_ name: String) throws(FunctionFailure) -> String? {
            guard let value = field(name) else { return nil }
            guard case .string(let text) = value else { throw malformed(name, "a string") }
            return text
        }
        func number(_ name: String) throws(FunctionFailure) -> Double? {
            guard let value = field(name) else { return nil }
            guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite else {
                throw malformed(name, "a number")
            }
            return seconds
        }
        // RFC 7662 §2.2: `active` is REQUIRED and a boolean; only `true` is active.
        switch field("active") {
        case .bool(true)?: break
        case .bool(false)?, nil: throw .raised("Unauthorized")
        default: throw malformed("active", "a boolean")
        }
        // Every field is type-checked before any decision, so a malformed answer never allows.
        let subject = try string("sub")
        let clientID = try string("client_id")
        let scope = try string("scope")
        _ = try string("username")
        _ = try string("iss")
        let type = try string("token_type")
        let expires = try number("exp")
        let notBefore = try number("nbf")
        _ = try number("iat")
        var tokenAudiences: [String] = []
        switch field("aud") {
        case nil: break
        case .string(let audience)?: tokenAudiences = [audience]
        case .array(let list)?:
            for element in list {
                guard case .string(let audience) = element.value else {
                    throw malformed("aud", "a string or a list of strings")
                }
                tokenAudiences.append(audience)
            }
        default: throw malformed("aud", "a string or a list of strings")
        }

        guard tokenAudiences.contains(where: audiences.contains) else { throw .raised("Unauthorized") }
        if let tokenType {
            guard let type, type.lowercased() == tokenType.lowercased() else { throw .raised("Unauthorized") }
        }
        // Seconds (with any fraction) as the answer writes them, compared as `Double`s.
        let now = now.timeIntervalSince1970
        if let expires, now >= expires + leeway { throw .raised("Unauthorized") }
        if let notBefore, now + leeway < notBefore { throw .raised("Unauthorized") }
        return ActiveToken(
            subject: subject,
            clientID: clientID,
            scopes: scope.map { $0.split(separator: " ").map(String.init) } ?? []
        )
    }

    /// `application/x-www-form-urlencoded` (RFC 6749 §2.3.1 for the credentials too).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
