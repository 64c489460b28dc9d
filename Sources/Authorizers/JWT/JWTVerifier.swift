public import GatehouseCore
import GatehouseCrypto
import IAMPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// Accepted audiences. When the token has `aud` (a string or a list of strings), it must
        /// name one of them; only a token without `aud` (a Cognito access token) is judged by
        /// `client_id` instead — as API Gateway does, so a matching `client_id` never rescues a
        /// wrong `aud`. Empty: not checked.
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
    /// Headers of tokens that verified, so the next token with the same header skips reading it
    /// (shared by the verifier's copies).
    let headerMemo = HeaderMemo()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// JSON limits for headers and claims: no positions (nothing to point at in a token).
    private static let jsonLimits: JSONParser.Limits = {
        var limits = JSONParser.Limits()
        limits.locations = false
        limits.maxBytes = 64 * 1024
        return limits
    }()

    /// Verifies `token` against `keys` at wall time `now` (`exp`, `nbf` and `iat` are judged
    /// against it, with ``Configuration/leeway``).
    public func verify(_ token: String, keys: JWKSet, now: Timestamp) -> Result<VerifiedToken, JWTError> {
        var utf8 = token
        return utf8.withUTF8 { bytes -> Result<VerifiedToken, JWTError> in
            do throws(JWTError) {
                let head = unsafe try readHead(bytes)
                return unsafe .success(try verify(bytes, head: head, token: token, keys: keys, now: now))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Verifies `token` with keys from `source` at `now` (its wall time judges the claims; the
    /// source may use its monotonic time to keep its keys fresh): the header is read
    /// first — or, for a header the memo holds, not read at all — and the source is asked once,
    /// for the header's `kid` (a ``RemoteJWKS`` fetches again on a `kid` it does not know). A
    /// source that cannot answer refuses the token (``JWTError/Code/keysUnavailable``); a fetch
    /// ends within `timeout`.
    public func verify(
        _ token: String,
        keys source: some JWTKeySource,
        now: ClockReading,
        timeout: Duration = RemoteJWKS.fetchTimeout
    ) async -> Result<VerifiedToken, JWTError> {
        var utf8 = token
        let read = utf8.withUTF8 { bytes -> Result<TokenHead, JWTError> in
            do throws(JWTError) {
                return unsafe .success(try readHead(bytes))
            } catch {
                return .failure(error)
            }
        }
        let head: TokenHead
        switch read {
        case .success(let known): head = known
        case .failure(let error): return .failure(error)
        }
        let keys: JWKSet
        do {
            keys = try await source.keys(for: head.keyID, now: now, timeout: timeout)
        } catch {
            return .failure(JWTError(.keysUnavailable, error.message))
        }
        return utf8.withUTF8 { bytes -> Result<VerifiedToken, JWTError> in
            do throws(JWTError) {
                return unsafe .success(try verify(bytes, head: head, token: token, keys: keys, now: now.wall))
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
            node = try JSONParser.parse(json, limits: jsonLimits)
        } catch {
            throw JWTError(.malformed, "the \(what) is not JSON: \(error.message)")
        }
        guard case .object = node.value else { throw JWTError(.malformed, "the \(what) is not a JSON object") }
        return node
    }

    /// A header or payload as a tree, from the full parser (which also names what is wrong).
    private static func tree(_ json: [UInt8], _ what: String) throws(JWTError) -> TokenJSON {
        guard case .object(let members) = try parseObject(json, what).value else {
            throw JWTError(.malformed, "the \(what) is not a JSON object")
        }
        return .tree(members)
    }

    /// A header or payload segment: decoded straight into a flat object's storage when it is a
    /// plain object (nearly every token), else decoded again for the full parser.
    static func segment(_ text: UnsafeBufferPointer<UInt8>, _ what: String) throws(JWTError) -> TokenJSON {
        switch unsafe FlatJSONObject.decode(jwsSegment: text, maxBytes: jsonLimits.maxBytes) {
        case .flat(let flat): return .flat(flat)
        case .notBase64: throw JWTError(.malformed, "the \(what) is not base64url")
        case .notFlat:
            guard let json = unsafe Base64.decodeJWSSegment(text) else {
                throw JWTError(.malformed, "the \(what) is not base64url")
            }
            return try tree(json, what)
        }
    }

    /// What is known of a token once its header is read: where its segments end, its algorithm
    /// and key id, and the header itself (`nil` when the memo answered).
    struct TokenHead: Sendable {
        let first: Int
        let second: Int
        let algorithm: JWTAlgorithm
        let keyID: String?
        let header: TokenJSON?
    }

    /// The segments' bounds and the header: from the memo when it holds these bytes, else read.
    /// Nothing in the header selects key material.
    @inline(__always)
    private func readHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(JWTError) -> TokenHead {
        guard bytes.count <= configuration.maxTokenBytes else {
            throw JWTError(.tooLarge, "the token is \(bytes.count) bytes; the limit is \(configuration.maxTokenBytes)")
        }
        let first = unsafe Self.dot(in: bytes, from: 0) ?? -1
        let second = unsafe first < 0 ? -1 : Self.dot(in: bytes, from: first + 1) ?? -1
        if unsafe second >= 0 && Self.dot(in: bytes, from: second + 1) != nil {
            throw JWTError(.malformed, "more than three segments (encrypted JWE tokens are not accepted)")
        }
        // An empty signature is judged later (`alg: none` tokens have one and get their own code).
        guard first > 0, second > first + 1 else {
            throw JWTError(.malformed, "a JWS has three `.`-separated segments, the first two non-empty")
        }

        // The header: algorithm, key id, critical extensions. Nothing in it selects key material.
        let headerSegment = unsafe UnsafeBufferPointer(rebasing: bytes[0..<first])
        let algorithm: JWTAlgorithm
        let keyID: String?
        let header: TokenJSON?
        if let remembered = unsafe headerMemo.lookup(headerSegment) {
            (algorithm, keyID, header) = (remembered.0, remembered.1, nil)
        } else {
            (algorithm, keyID, header) = unsafe try Self.readHeader(headerSegment)
        }
        if let allowed = configuration.algorithms, !allowed.contains(algorithm) {
            throw JWTError(.algorithmNotAllowed, "\(algorithm) is not among the allowed algorithms")
        }
        return TokenHead(first: first, second: second, algorithm: algorithm, keyID: keyID, header: header)
    }

    /// The rest of a verification, once the header is known (``readHead(_:)``) and the keys are.
    @inline(__always)
    private func verify(
        _ bytes: UnsafeBufferPointer<UInt8>,
        head: TokenHead,
        token: String,
        keys: JWKSet,
        now: Timestamp
    ) throws(JWTError) -> VerifiedToken {
        let (first, second, algorithm, keyID) = (head.first, head.second, head.algorithm, head.keyID)
        // The keys to try: those with the token's `kid` (or, when none has it, those without a
        // `kid`); without a `kid`, every key. Each must be bound to the header's algorithm.
        let all = keys.keys
        // Keys are looked at through their fields (`all[index].keyID`), never copied whole: a
        // copy of a key retains its parts, and this runs for every key on every token.
        // A constant once found: `isCandidate` captures it, and a captured variable would be a
        // heap box allocated per token (it was, in the release build of 9f91487).
        let named: Bool = {
            guard let keyID else { return false }
            for index in all.indices where all[index].keyID.map({ $0 == keyID }) == true { return true }
            return false
        }()
        func isCandidate(_ candidateKeyID: String?) -> Bool {
            guard let keyID else { return true }
            return named ? candidateKeyID == keyID : candidateKeyID == nil
        }
        var candidates = 0
        var usable = 0
        for index in all.indices where isCandidate(all[index].keyID) {
            candidates += 1
            if all[index].algorithm == algorithm { usable += 1 }
        }
        guard candidates > 0 else {
            throw JWTError(.keyNotFound, keyID.map { "no key has kid `\(Self.printable($0))`" } ?? "no keys")
        }
        guard usable > 0 else {
            guard let keyID else { throw JWTError(.keyNotFound, "no key is bound to \(algorithm)") }
            let bound = Set(all.filter { isCandidate($0.keyID) }.map(\.algorithm.rawValue)).sorted().joined(
                separator: ", "
            )
            throw JWTError(
                .algorithmNotAllowed,
                "the token says \(algorithm) but the key `\(Self.printable(keyID))` is for \(bound)"
            )
        }
        // Every segment must be well-formed before any cryptography runs.
        let claims = unsafe try Self.segment(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second]), "payload")

        // The signature, before any claim is trusted (decoded on the stack: it is read once).
        let signatureText = unsafe UnsafeBufferPointer(rebasing: bytes[(second + 1)...])
        guard let signatureCount = Base64.decodedCount(ofJWSSegment: signatureText.count) else {
            throw JWTError(.malformed, "the signature is not base64url")
        }
        guard signatureCount > 0 else { throw JWTError(.badSignature, "the token has no signature") }
        let signingInput = unsafe UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<second]))
        let valid = unsafe try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: signatureCount + 8) {
            buffer throws(JWTError) -> Bool in
            guard unsafe Base64.decodeJWSSegment(signatureText, into: buffer) == signatureCount else {
                throw JWTError(.malformed, "the signature is not base64url")
            }
            let signature = unsafe UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<signatureCount]))
            for index in all.indices where all[index].algorithm == algorithm && isCandidate(all[index].keyID) {
                if unsafe all[index].verify(signature, signingInput: signingInput) { return true }
            }
            return false
        }
        guard valid else {
            throw JWTError(.badSignature, "the signature does not verify")
        }
        // The header of a genuine token: the next one like it need not be read.
        if head.header != nil {
            unsafe headerMemo.remember(
                UnsafeBufferPointer(rebasing: bytes[0..<first]),
                algorithm: algorithm,
                keyID: keyID
            )
        }

        let verified = VerifiedToken(
            headerSource: head.header.map(HeaderSource.read) ?? .segment(token, length: first),
            claimsJSON: claims,
            algorithm: algorithm,
            keyID: keyID
        )
        try checkClaims(verified, now: now)
        return verified
    }

    private func checkClaims(_ token: VerifiedToken, now: Timestamp) throws(JWTError) {
        // Claims are seconds (a NumericDate may have a fraction) bounded below 1e15; so is the
        // clock, whatever a caller passes. Compared as `Double`s, as the claims are written.
        let now = min(max(now.timeIntervalSince1970, -1e15), 1e15)
        let leeway = configuration.leeway
        let claims = token.claimsJSON
        // A flat claims set's registered members are found in one pass, not one search each.
        let registered = claims.registeredMembers
        if let exp = try Self.seconds(claims, "exp", claims.member(at: registered.exp)) {
            if now >= exp + leeway {
                throw JWTError(.expired, "the token expired at \(Int64(exp)) (now \(Int64(now)))")
            }
        } else if configuration.requireExpiration {
            throw JWTError(.invalidClaim, "the token has no `exp`")
        }
        if let nbf = try Self.seconds(claims, "nbf", claims.member(at: registered.nbf)), now + leeway < nbf {
            throw JWTError(.notYetValid, "the token is valid from \(Int64(nbf)) (now \(Int64(now)))")
        }
        if let iat = try Self.seconds(claims, "iat", claims.member(at: registered.iat)), iat > now + leeway {
            throw JWTError(.issuedInFuture, "the token was issued at \(Int64(iat)), after now (\(Int64(now)))")
        }
        if !configuration.issuers.isEmpty {
            switch claims.match("iss", claims.member(at: registered.iss), against: configuration.issuers) {
            case .matches: break
            case .absent, .notString: throw JWTError(.wrongIssuer, "the token has no `iss`")
            case .differs(let issuer):
                throw JWTError(.wrongIssuer, "the issuer `\(Self.printable(issuer))` is not accepted")
            }
        }
        if !configuration.audiences.isEmpty {
            // API Gateway's rule (reference/gateway.md §JWT authorizers): `aud` decides whenever
            // it is present — a wrong `aud` is refused even when `client_id` would match — and
            // `client_id` is read only when the token has no `aud` at all (Cognito access tokens).
            let found: Bool
            switch claims.match("aud", claims.member(at: registered.aud), against: configuration.audiences) {
            case .matches: found = true
            case .differs: found = false
            case .absent:
                if case .matches = claims.match(
                    "client_id",
                    claims.member(at: registered.clientID),
                    against: configuration.audiences
                ) {
                    found = true
                } else {
                    found = false
                }
            case .notString:
                // A list of strings (RFC 7519 §4.1.3); anything else — a number, `null`, a list
                // with a non-string — is refused, never read as "no audience".
                guard case .array(let elements)? = claims.value("aud"),
                    let presented = JSONValue.array(elements).stringList
                else {
                    throw JWTError(.invalidClaim, "`aud` must be a string or a list of strings")
                }
                found = presented.contains { audience in configuration.audiences.contains { $0.sameUTF8(as: audience) }
                }
            }
            guard found else { throw JWTError(.wrongAudience, "the token does not have a valid audience") }
        }
        if let required = configuration.tokenUse {
            guard case .matches = claims.match("token_use", claims.member(at: registered.tokenUse), against: [required])
            else {
                throw JWTError(.wrongTokenUse, "the token is not an `\(required)` token")
            }
        }
        if !configuration.requiredScopes.isEmpty {
            let scopes = token.scopes
            let granted = configuration.requiredScopes.contains { required in
                scopes.contains { $0.sameUTF8(as: required) }
            }
            guard granted
            else {
                throw JWTError(
                    .missingScope,
                    "the token has none of the scopes \(configuration.requiredScopes.joined(separator: ", "))"
                )
            }
        }
    }

    /// A time claim (`exp`, `nbf`, `iat`) in seconds: `nil` when absent, an error when it is not a
    /// number within ±1e15. `flatMember` is the member already found in a flat claims set.
    private static func seconds(
        _ claims: TokenJSON,
        _ name: StaticString,
        _ flatMember: FlatJSONObject.Member?
    ) throws(JWTError) -> Double? {
        let seconds: Double?
        switch claims {
        case .flat(let flat):
            guard let member = flatMember else { return nil }
            seconds = flat.doubleValue(member)
        case .tree:
            guard let value = claims.value(name) else { return nil }
            if case .number(let text) = value { seconds = Double(text) } else { seconds = nil }
        }
        guard let seconds, seconds.isFinite, abs(seconds) < 1e15 else {
            throw JWTError(.invalidClaim, "`\(name)` must be a number of seconds since 1970")
        }
        return seconds
    }

    /// The header's algorithm and key id, and the header as read. Only the first token with a
    /// given header comes here (``HeaderMemo`` answers for the rest), so it is read the one way
    /// a payload is.
    private static func readHeader(
        _ text: UnsafeBufferPointer<UInt8>
    ) throws(JWTError) -> (JWTAlgorithm, String?, TokenJSON) {
        let header = unsafe try segment(text, "header")
        guard case .string(let alg)? = header.value("alg") else {
            throw JWTError(.malformed, "the header has no `alg` string")
        }
        guard let algorithm = JWTAlgorithm(rawValue: alg) else { throw unknownAlgorithm(alg) }
        if let crit = header.value("crit") {
            throw JWTError(
                .unknownCritical,
                crit.stringList.map { "critical extensions \($0) are not implemented" }
                    ?? "`crit` must be a list of extension names"
            )
        }
        guard let kidValue = header.value("kid") else { return (algorithm, nil, header) }
        guard case .string(let kid) = kidValue else { throw JWTError(.malformed, "`kid` must be a string") }
        return (algorithm, kid, header)
    }

    /// The next `.` at or after `start`.
    /// `memchr`: the C library's vectorized search beats eight bytes at a time over the 50 to
    /// 200 characters of a token's segments.
    private static func dot(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = unsafe memchr(base + start, Int32(UInt8(ascii: ".")), bytes.count - start)
        else { return nil }
        return unsafe UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// `alg: none` in any spelling has its own code; anything else unknown is not allowed.
    private static func unknownAlgorithm(_ alg: String) -> JWTError {
        if alg.lowercased() == "none" {
            return JWTError(.algNone, "unsigned tokens (`alg: \(printable(alg))`) are never accepted")
        }
        return JWTError(.algorithmNotAllowed, "`\(printable(alg))` is not a supported JWS algorithm")
    }

    /// Text from a token, shortened and stripped of control characters for messages and logs.
    static func printable(_ text: String) -> String {
        let cleaned = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        )
        return cleaned.count > 64 ? String(cleaned.prefix(64)) + "…" : cleaned
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
