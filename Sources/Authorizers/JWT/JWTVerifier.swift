import GatehouseCrypto
public import IAMPolicy

/// Verifies compact JWS tokens (RFC 7515/7519) the way a gateway must: the key decides the
/// algorithm, `none` is refused in every spelling, `jku`/`x5u`/`jwk` headers are ignored (keys come
/// only from the configured set), unknown `crit` extensions are refused, the signature is checked
/// before any claim is read, and then `exp`/`nbf`/`iat` (with leeway), `iss`, `aud`,
/// `token_use` and scopes.
///
/// ```swift
/// var configuration = JWTVerifier.Configuration()
/// configuration.issuers = ["https://issuer.example.com"]
/// configuration.audiences = ["my-api"]
/// let verifier = JWTVerifier(configuration: configuration)
/// switch verifier.verify(token, keys: jwks, now: now) {
/// case .success(let verified): print(verified.subject ?? "")
/// case .failure(let error): print(error.code)   // .expired, .badSignature, …
/// }
/// ```
public struct JWTVerifier: Sendable {
    public struct Configuration: Sendable {
        /// Accepted `iss` values, compared exactly (trailing slash included). Empty: not checked.
        public var issuers: [String] = []
        /// Accepted audiences: `aud` (string or array) or, as API Gateway does for access tokens,
        /// `client_id` must be one of them. Empty: not checked.
        public var audiences: [String] = []
        /// Further restricts algorithms; each key is already bound to one. `nil`: no restriction.
        public var algorithms: Set<JWTAlgorithm>? = nil
        /// Clock skew tolerated for `exp`, `nbf` and `iat`, in seconds.
        public var leeway: Double = 0
        /// Cognito's `token_use` (`id` or `access`) when required.
        public var tokenUse: String? = nil
        /// When non-empty, one of these must be in `scope` (space-separated) or `scp`.
        public var requiredScopes: [String] = []
        /// Whether a token without `exp` is refused (API Gateway's JWT authorizer requires it).
        public var requireExpiration = true
        /// The largest token read, in bytes.
        public var maxTokenBytes = 16 * 1024

        public init() {}
    }

    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// JSON limits for headers and claims: no positions (nothing to point at in a token).
    private static let jsonLimits: PolicyJSONParser.Limits = {
        var limits = PolicyJSONParser.Limits()
        limits.locations = false
        limits.maxBytes = 64 * 1024
        return limits
    }()

    /// Verifies `token` against `keys` at `now` (seconds since 1970).
    public func verify(_ token: String, keys: JWKSet, now: Double) -> Result<VerifiedToken, JWTError> {
        var token = token
        return token.withUTF8 { bytes -> Result<VerifiedToken, JWTError> in
            do throws(JWTError) {
                return .success(try verify(bytes, keys: keys, now: now))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The parts of a token before its signature is checked: what `gatehouse jwt decode` shows.
    public static func decodeUnverified(_ token: String) throws(JWTError) -> (header: JSONNode, payload: JSONNode) {
        let bytes = Array(token.utf8)
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        guard dots.count == 2 else { throw JWTError(.malformed, "a JWS has three `.`-separated segments") }
        return (
            try object(bytes[..<dots[0]], "header"),
            try object(bytes[(dots[0] + 1)..<dots[1]], "payload")
        )
    }

    private static func object(_ segment: ArraySlice<UInt8>, _ what: String) throws(JWTError) -> JSONNode {
        guard let json = Base64.decodeJWSSegment(segment) else {
            throw JWTError(.malformed, "the \(what) is not base64url")
        }
        return try parseObject(json, what)
    }

    private static func parseObject(_ json: [UInt8], _ what: String) throws(JWTError) -> JSONNode {
        let node: JSONNode
        do {
            node = try PolicyJSONParser.parse(json, limits: jsonLimits)
        } catch {
            throw JWTError(.malformed, "the \(what) is not JSON: \(error.message)")
        }
        guard case .object = node.value else { throw JWTError(.malformed, "the \(what) is not a JSON object") }
        return node
    }

    private func verify(
        _ bytes: UnsafeBufferPointer<UInt8>,
        keys: JWKSet,
        now: Double
    ) throws(JWTError) -> VerifiedToken {
        guard bytes.count <= configuration.maxTokenBytes else {
            throw JWTError(.tooLarge, "the token is \(bytes.count) bytes; the limit is \(configuration.maxTokenBytes)")
        }
        var first = -1
        var second = -1
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ".") {
            if first < 0 {
                first = index
            } else if second < 0 {
                second = index
            } else {
                throw JWTError(.malformed, "more than three segments (encrypted JWE tokens are not accepted)")
            }
        }
        // An empty signature is judged later (`alg: none` tokens have one and get their own code).
        guard first > 0, second > first + 1 else {
            throw JWTError(.malformed, "a JWS has three `.`-separated segments, the first two non-empty")
        }

        // The header: algorithm, key id, critical extensions. Nothing in it selects key material.
        guard let headerJSON = Base64.decodeJWSSegment(UnsafeBufferPointer(rebasing: bytes[0..<first])) else {
            throw JWTError(.malformed, "the header is not base64url")
        }
        let header = try Self.parseObject(headerJSON, "header")
        guard case .object(let headerMembers) = header.value else { throw JWTError(.malformed, "header") }
        guard case .string(let alg)? = headerMembers.first(where: { $0.key == "alg" })?.value.value else {
            throw JWTError(.malformed, "the header has no `alg` string")
        }
        if alg.lowercased() == "none" {
            throw JWTError(.algNone, "unsigned tokens (`alg: \(Self.printable(alg))`) are never accepted")
        }
        guard let algorithm = JWTAlgorithm(rawValue: alg) else {
            throw JWTError(.algorithmNotAllowed, "`\(Self.printable(alg))` is not a supported JWS algorithm")
        }
        if let crit = headerMembers.first(where: { $0.key == "crit" })?.value {
            throw JWTError(
                .unknownCritical,
                crit.value.stringList.map { "critical extensions \($0) are not implemented" }
                    ?? "`crit` must be a list of extension names"
            )
        }
        var keyID: String? = nil
        if let kidNode = headerMembers.first(where: { $0.key == "kid" })?.value {
            guard case .string(let kid) = kidNode.value else { throw JWTError(.malformed, "`kid` must be a string") }
            keyID = kid
        }
        if let allowed = configuration.algorithms, !allowed.contains(algorithm) {
            throw JWTError(.algorithmNotAllowed, "\(algorithm) is not among the allowed algorithms")
        }
        let candidates = keys.candidates(keyID: keyID)
        guard !candidates.isEmpty else {
            throw JWTError(.keyNotFound, keyID.map { "no key has kid `\(Self.printable($0))`" } ?? "no keys")
        }
        let usable = candidates.filter { $0.algorithm == algorithm }
        guard !usable.isEmpty else {
            guard let keyID else { throw JWTError(.keyNotFound, "no key is bound to \(algorithm)") }
            let bound = Set(candidates.map(\.algorithm.rawValue)).sorted().joined(separator: ", ")
            throw JWTError(
                .algorithmNotAllowed,
                "the token says \(algorithm) but the key `\(Self.printable(keyID))` is for \(bound)"
            )
        }
        // Every segment must be well-formed before any cryptography runs.
        guard let payloadJSON = Base64.decodeJWSSegment(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second]))
        else {
            throw JWTError(.malformed, "the payload is not base64url")
        }

        // The signature, before any claim is trusted.
        guard let signature = Base64.decodeJWSSegment(UnsafeBufferPointer(rebasing: bytes[(second + 1)...])) else {
            throw JWTError(.malformed, "the signature is not base64url")
        }
        guard !signature.isEmpty else { throw JWTError(.badSignature, "the token has no signature") }
        let signingInput = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<second]))
        guard usable.contains(where: { $0.verify(signature, signingInput: signingInput) }) else {
            throw JWTError(.badSignature, "the signature does not verify")
        }

        let payload = try Self.parseObject(payloadJSON, "payload")
        guard case .object(let claims) = payload.value else { throw JWTError(.malformed, "payload") }
        let verified = VerifiedToken(header: headerMembers, claims: claims, algorithm: algorithm, keyID: keyID)
        try checkClaims(verified, now: now)
        return verified
    }

    private func checkClaims(_ token: VerifiedToken, now: Double) throws(JWTError) {
        // Claims are bounded below 1e15; so is the clock, whatever a caller passes.
        let now = now.isFinite ? min(max(now, -1e15), 1e15) : 0
        let leeway = configuration.leeway
        func time(_ name: String) throws(JWTError) -> Double? {
            guard let value = token.claim(name) else { return nil }
            guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e15
            else {
                throw JWTError(.invalidClaim, "`\(name)` must be a number of seconds since 1970")
            }
            return seconds
        }
        if let exp = try time("exp") {
            if now >= exp + leeway {
                throw JWTError(.expired, "the token expired at \(Int64(exp)) (now \(Int64(now)))")
            }
        } else if configuration.requireExpiration {
            throw JWTError(.invalidClaim, "the token has no `exp`")
        }
        if let nbf = try time("nbf"), now + leeway < nbf {
            throw JWTError(.notYetValid, "the token is valid from \(Int64(nbf)) (now \(Int64(now)))")
        }
        if let iat = try time("iat"), iat > now + leeway {
            throw JWTError(.issuedInFuture, "the token was issued at \(Int64(iat)), after now (\(Int64(now)))")
        }
        if !configuration.issuers.isEmpty {
            guard case .string(let issuer)? = token.claim("iss") else {
                throw JWTError(.wrongIssuer, "the token has no `iss`")
            }
            guard configuration.issuers.contains(issuer) else {
                throw JWTError(.wrongIssuer, "the issuer `\(Self.printable(issuer))` is not accepted")
            }
        }
        if !configuration.audiences.isEmpty {
            var presented: [String] = []
            switch token.claim("aud") {
            case .string(let audience)?: presented = [audience]
            case .array?: presented = token.claim("aud")?.stringList ?? []
            case nil: break
            default: throw JWTError(.invalidClaim, "`aud` must be a string or a list of strings")
            }
            if case .string(let clientID)? = token.claim("client_id") { presented.append(clientID) }
            guard presented.contains(where: configuration.audiences.contains) else {
                throw JWTError(.wrongAudience, "the token does not have a valid audience")
            }
        }
        if let required = configuration.tokenUse {
            guard case .string(let use)? = token.claim("token_use"), use == required else {
                throw JWTError(.wrongTokenUse, "the token is not an `\(required)` token")
            }
        }
        if !configuration.requiredScopes.isEmpty {
            let scopes = token.scopes
            guard configuration.requiredScopes.contains(where: scopes.contains) else {
                throw JWTError(
                    .missingScope,
                    "the token has none of the scopes \(configuration.requiredScopes.joined(separator: ", "))"
                )
            }
        }
    }

    /// Text from a token, shortened and stripped of control characters for messages and logs.
    static func printable(_ text: String) -> String {
        let cleaned = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        )
        return cleaned.count > 64 ? String(cleaned.prefix(64)) + "…" : cleaned
    }
}

/// A token whose signature and claims passed.
public struct VerifiedToken: Sendable {
    public let header: [(key: String, value: JSONNode)]
    public let claims: [(key: String, value: JSONNode)]
    public let algorithm: JWTAlgorithm
    public let keyID: String?

    /// A claim's value.
    public func claim(_ name: String) -> JSONValue? { claims.first { $0.key == name }?.value.value }

    public var subject: String? { if case .string(let value)? = claim("sub") { return value } else { return nil } }

    /// `scope` (space-separated) and `scp` (string or list), merged.
    public var scopes: [String] {
        var scopes: [String] = []
        if case .string(let text)? = claim("scope") { scopes += text.split(separator: " ").map(String.init) }
        switch claim("scp") {
        case .string(let text)?: scopes += text.split(separator: " ").map(String.init)
        case let value?: scopes += value.stringList ?? []
        case nil: break
        }
        return scopes
    }
}

extension JSONValue {
    /// The strings of an array of strings; `nil` for anything else.
    var stringList: [String]? {
        guard case .array(let elements) = self else { return nil }
        var out: [String] = []
        for element in elements {
            guard case .string(let text) = element.value else { return nil }
            out.append(text)
        }
        return out
    }
}
