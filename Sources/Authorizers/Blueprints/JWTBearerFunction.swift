public import GatehouseCore
import GatehouseCrypto
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
    public enum KeySource: JWTKeySource {
        case fixed(JWKSet)
        case remote(RemoteJWKS)

        public func keys(for keyID: String?, now: ClockReading, timeout: Duration) async throws(JWTKeyError) -> JWKSet {
            switch self {
            case .fixed(let set): return set
            case .remote(let remote): return try await remote.keys(for: keyID, now: now, timeout: timeout)
            }
        }
    }

    public var verifier: JWTVerifier
    public var keys: KeySource
    /// `METHOD /path` globs (`GET /pets/*`, `* /admin/*`) → scopes of which the token needs one;
    /// every rule matching a route must be satisfied.
    public var routeScopes: [(route: String, scopes: [String])]
    /// Claim → context key (`sub` → `userId`); values become strings.
    public var claimsToContext: [(claim: String, contextKey: String)]
    /// The clock, read once per invocation: wall time judges the token, monotonic time keeps a
    /// remote key set fresh.
    public var clock: any GatehouseClock

    public init(
        verifier: JWTVerifier,
        keys: KeySource,
        routeScopes: [(route: String, scopes: [String])] = [],
        claimsToContext: [(claim: String, contextKey: String)] = [],
        clock: any GatehouseClock = SystemClock()
    ) {
        self.verifier = verifier
        self.keys = keys
        self.routeScopes = routeScopes
        self.claimsToContext = claimsToContext
        self.clock = clock
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
        guard let root = try? JSONParser.parse(event, limits: .withoutLocations).value, case .object(let members) = root
        else {
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
        // The header is read (or found in the verifier's memo) before the keys are asked for by
        // its `kid`; keys that cannot be had are the issuer's failure (500), not the caller's.
        let verified: VerifiedToken
        switch await verifier.verify(token, keys: keys, now: clock.now(), timeout: timeout) {
        case .success(let result): verified = result
        case .failure(let error) where error.code == .keysUnavailable:
            throw .transport("the issuer's keys are unavailable: \(error.message)")
        case .failure: throw .raised("Unauthorized")
        }
        // The policy covers the whole stage, because the response is cached by token and judged
        // again for every later method (reference/gateway.md §Authorizer result cache): an Allow
        // for the stage, and a Deny for each route whose scopes this token lacks (every matching
        // rule must be satisfied).
        guard let arn = ExecuteAPIARN(methodArn) else { throw .crashed("the method ARN is not an execute-api ARN") }
        let prefix = "arn:\(arn.partition):execute-api:\(arn.region):\(arn.account):\(arn.apiId)/\(arn.stage)"
        var statements: [JSONValue] = [
            .members([
                ("Effect", .string("Allow")), ("Action", .string("execute-api:Invoke")),
                ("Resource", .string("\(prefix)/*/*")),
            ])
        ]
        let denied = routeScopes.filter { !$0.scopes.contains(where: verified.scopes.contains) }.compactMap {
            rule -> JSONValue? in
            // Rules were checked at configuration; one that does not normalize denies everything.
            guard let route = Self.normalizedRoute(rule.route) else { return .string("\(prefix)/*/*") }
            return .string("\(prefix)/\(route.method)/\(route.path)")
        }
        if !denied.isEmpty {
            statements.append(
                .members([
                    ("Effect", .string("Deny")), ("Action", .string("execute-api:Invoke")),
                    ("Resource", .elements(denied)),
                ])
            )
        }
        var context: [(String, JSONValue)] = []
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
        let response = JSONValue.members(
            [
                ("principalId", .string(verified.subject ?? "unknown")),
                (
                    "policyDocument",
                    .members([("Version", .string("2012-10-17")), ("Statement", .elements(statements))])
                ),
            ] + (context.isEmpty ? [] : [("context", .members(context))])
        )
        return response.serializedBytes
    }
}
