public import GatehouseCrypto
import IAMPolicy

/// A configuration-only authorizer: verifies a bearer JWT (issuer, JWKS, audiences), requires
/// scopes per route, and answers with a policy for the method and the token's claims mapped into
/// the authorizer context — no function to write or deploy. It runs through ``LambdaAuthorizer``
/// like any function, so identity sources, caching and AWS's error mapping are the same: a token
/// that does not verify is `Unauthorized` (401), a missing route scope a Deny (403). Its policy
/// covers the whole stage (an Allow, plus a Deny per route whose scopes the token lacks), so the
/// cached response answers every later route correctly.
public struct JWTBearerFunction: AuthorizerFunction {
    /// Where the keys come from: a fixed set, or an issuer's JWKS URL kept warm.
    public enum KeySource: Sendable {
        case fixed(JWKSet)
        case remote(RemoteJWKS)
    }

    public var verifier: JWTVerifier
    public var keys: KeySource
    /// `METHOD /path` globs (`GET /pets/*`, `* /admin/*`) → scopes of which the token needs one;
    /// every rule matching a route must be satisfied.
    public var routeScopes: [(route: String, scopes: [String])]
    /// Claim → context key (`sub` → `userId`); values become strings.
    public var claimsToContext: [(claim: String, contextKey: String)]
    /// The clock, in seconds since 1970.
    public var now: @Sendable () -> Double

    public init(
        verifier: JWTVerifier,
        keys: KeySource,
        routeScopes: [(route: String, scopes: [String])] = [],
        claimsToContext: [(claim: String, contextKey: String)] = [],
        now: @escaping @Sendable () -> Double
    ) {
        self.verifier = verifier
        self.keys = keys
        self.routeScopes = routeScopes
        self.claimsToContext = claimsToContext
        self.now = now
    }

    /// A route rule as an ARN tail: `get /pets/{id}` → (`GET`, `pets/*`), `ANY /admin/{proxy+}` →
    /// (`*`, `admin/*`), `/reports` → (`*`, `reports`). `nil` for anything else, which
    /// configurations must refuse (a rule that matches nothing would silently not protect).
    public static func normalizedRoute(_ rule: String) -> (method: String, path: String)? {
        let parts = rule.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var method = parts.count == 2 ? parts[0].uppercased() : "*"
        if method == "ANY" { method = "*" }
        let verbs: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"]
        guard verbs.contains(method) else { return nil }
        let rawPath = parts[parts.count - 1]
        guard rawPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for segment in rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                segments.append("*")
            } else {
                guard
                    segment.unicodeScalars.allSatisfy({
                        $0.isASCII && $0.value > 0x20 && !"{}\"".unicodeScalars.contains($0)
                    })
                else { return nil }
                segments.append(String(segment))
            }
        }
        return (method, segments.joined(separator: "/"))
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        guard let root = try? IAMPolicyJSON.parse(event), case .object(let members) = root else {
            throw .crashed("the event is not a JSON object")
        }
        func string(_ name: String) -> String? {
            if case .string(let value)? = members.first(where: { $0.key == name })?.value.value { return value }
            return nil
        }
        guard let methodArn = string("methodArn") ?? string("routeArn") else { throw .crashed("no methodArn") }
        var token = string("authorizationToken") ?? ""
        if token.isEmpty, case .array(let sources)? = members.first(where: { $0.key == "identitySource" })?.value.value,
            case .string(let first)? = sources.first?.value
        {
            token = first
        }
        if token.hasPrefix("Bearer ") || token.hasPrefix("bearer ") { token = String(token.dropFirst(7)) }
        let keySet: JWKSet
        switch keys {
        case .fixed(let set): keySet = set
        case .remote(let remote):
            var keyID: String? = nil
            if let header = try? JWTVerifier.decodeUnverified(token).header, case .object(let fields) = header.value,
                case .string(let kid)? = fields.first(where: { $0.key == "kid" })?.value.value
            {
                keyID = kid
            }
            do {
                keySet = try await remote.keys(for: keyID, now: now())
            } catch {
                throw .transport("the issuer's keys are unavailable: \(error)")
            }
        }
        let verified: VerifiedToken
        switch verifier.verify(token, keys: keySet, now: now()) {
        case .success(let result): verified = result
        case .failure: throw .raised("Unauthorized")
        }
        // The policy covers the whole stage, because the response is cached by token and judged
        // again for every later method (reference/gateway.md §Authorizer result cache): an Allow
        // for the stage, and a Deny for each route whose scopes this token lacks (every matching
        // rule must be satisfied).
        guard let arn = ExecuteAPIARN(methodArn) else { throw .crashed("the method ARN is not an execute-api ARN") }
        let prefix = "arn:\(arn.partition):execute-api:\(arn.region):\(arn.account):\(arn.apiId)/\(arn.stage)"
        var statements: [JSON] = [
            .object([
                ("Effect", .string("Allow")), ("Action", .string("execute-api:Invoke")),
                ("Resource", .string("\(prefix)/*/*")),
            ])
        ]
        let denied = routeScopes.filter { !$0.scopes.contains(where: verified.scopes.contains) }.compactMap {
            rule -> JSON? in
            // Rules were checked at configuration; one that does not normalize denies everything.
            guard let route = Self.normalizedRoute(rule.route) else { return .string("\(prefix)/*/*") }
            return .string("\(prefix)/\(route.method)/\(route.path)")
        }
        if !denied.isEmpty {
            statements.append(
                .object([
                    ("Effect", .string("Deny")), ("Action", .string("execute-api:Invoke")),
                    ("Resource", .array(denied)),
                ])
            )
        }
        var context: [(String, JSON)] = []
        for (claim, key) in claimsToContext {
            switch verified.claim(claim) {
            case .string(let value)?: context.append((key, .string(value)))
            case .number(let value)?: context.append((key, .string(value)))
            case .bool(let value)?: context.append((key, .bool(value)))
            case .array?:
                context.append((key, .string((verified.claim(claim)?.stringList ?? []).joined(separator: " "))))
            default: continue
            }
        }
        let response = JSON.object(
            [
                ("principalId", .string(verified.subject ?? "unknown")),
                ("policyDocument", .object([("Version", .string("2012-10-17")), ("Statement", .array(statements))])),
            ] + (context.isEmpty ? [] : [("context", .object(context))])
        )
        return response.bytes
    }
}

/// A configuration-only authorizer over OAuth 2.0 token introspection (RFC 7662): the token is
/// POSTed to the issuer's introspection endpoint with the client's credentials; `active: true`
/// allows the method, anything else is `Unauthorized`. Results are cached by the authorizer
/// result cache, keyed by the token.
public struct IntrospectionFunction: AuthorizerFunction, CustomStringConvertible {
    public var endpoint: String
    public var clientID: String
    /// The client secret, never printed.
    public var clientSecret: Secret
    public var transport: any HTTPTransport
    public var requiredScopes: [String]

    public init(
        endpoint: String,
        clientID: String,
        clientSecret: String,
        transport: any HTTPTransport,
        requiredScopes: [String] = []
    ) {
        self.endpoint = endpoint
        self.clientID = clientID
        self.clientSecret = Secret(clientSecret)
        self.transport = transport
        self.requiredScopes = requiredScopes
    }

    public var description: String {
        "IntrospectionFunction(endpoint: \(endpoint), clientID: \(clientID), clientSecret: <redacted>)"
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        guard let root = try? IAMPolicyJSON.parse(event), case .object(let members) = root else {
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
                maxBytes: 64 * 1024
            )
        } catch {
            throw .transport("introspection endpoint: \(error)")
        }
        guard response.status == 200 else {
            throw .transport("introspection endpoint answered HTTP \(response.status)")
        }
        guard let answer = try? IAMPolicyJSON.parse(response.body), case .object(let fields) = answer else {
            throw .transport("the introspection response is not a JSON object")
        }
        func field(_ name: String) -> JSONValue? { fields.first { $0.key == name }?.value.value }
        guard case .bool(true)? = field("active") else { throw .raised("Unauthorized") }
        var scopes: [String] = []
        if case .string(let text)? = field("scope") { scopes = text.split(separator: " ").map(String.init) }
        let allowed = requiredScopes.isEmpty || requiredScopes.contains(where: scopes.contains)
        var principal = "unknown"
        if case .string(let subject)? = field("sub") {
            principal = subject
        } else if case .string(let client)? = field("client_id") {
            principal = client
        }
        var context: [(String, JSON)] = [("scope", .string(scopes.joined(separator: " ")))]
        if case .string(let client)? = field("client_id") { context.append(("clientId", .string(client))) }
        // The whole stage, as the result is cached by token and judged again for later methods.
        let resource =
            ExecuteAPIARN(methodArn).map {
                "arn:\($0.partition):execute-api:\($0.region):\($0.account):\($0.apiId)/\($0.stage)/*/*"
            } ?? methodArn
        return JSON.object([
            ("principalId", .string(principal)),
            (
                "policyDocument",
                .object([
                    ("Version", .string("2012-10-17")),
                    (
                        "Statement",
                        .array([
                            .object([
                                ("Effect", .string(allowed ? "Allow" : "Deny")),
                                ("Action", .string("execute-api:Invoke")),
                                ("Resource", .string(resource)),
                            ])
                        ])
                    ),
                ])
            ),
            ("context", .object(context)),
        ]).bytes
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
