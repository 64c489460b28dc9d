internal import CJWT

/// Mints compact JWS tokens through libjwt — the project's token library, wrapped once here.
///
/// The wrapper exists to make libjwt safe to use: the algorithm is pinned when the minter is made
/// (never taken from input), empty keys and `none` are refused, and there is deliberately no
/// decode or verify entry point. libjwt 1.10.2's verifier lets the token choose the algorithm: it
/// accepts `alg: none` when given an empty key, and an HS256 token MAC'd with an RSA public key's
/// PEM verifies against that PEM (algorithm confusion). Gatehouse verifies tokens with OpenSSL
/// directly (`Authorizers`), with each key bound to one algorithm.
///
/// JWS wants ECDSA signatures as fixed-width `r || s` (RFC 7518 §3.4). The libjwt 1.10.2 here
/// writes that form, but builds of libjwt have written DER; so an ES signature is checked against
/// the public key as it stands and, if it does not verify that way, read as DER — never guessed
/// from its first byte (a fixed-width signature starts with 0x30, DER's tag, one time in 256).
public struct JWTMinter: Sendable, CustomStringConvertible {
    /// The algorithms libjwt mints here.
    public static let algorithms = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]

    public let algorithm: String
    private let key: Secret.Bytes
    /// For ES algorithms: the key that checks which form libjwt wrote.
    private let ecdsaPublicKey: PublicKey?

    /// - Parameters:
    ///   - algorithm: one of ``algorithms``; fixed for the minter's life.
    ///   - key: the HMAC secret, or a PEM private key for RS/ES.
    public init(algorithm: String, key: [UInt8]) throws(CryptoError) {
        guard Self.algorithms.contains(algorithm) else {
            throw CryptoError(
                .invalidKey,
                "libjwt mints \(Self.algorithms.joined(separator: ", ")), not `\(algorithm)`"
            )
        }
        guard !key.isEmpty else { throw CryptoError(.invalidKey, "an empty key would mint an unsigned token") }
        if algorithm.hasPrefix("HS") && key.count < 32 {
            throw CryptoError(.invalidKey, "an HMAC key needs at least 32 bytes (RFC 7518 §3.2 asks for the hash size)")
        }
        var ecdsaPublicKey: PublicKey? = nil
        if !algorithm.hasPrefix("HS") {
            // The PEM must hold a private key of the matching kind before libjwt sees it.
            let parsed = try PrivateKey(pem: key)
            let fits: Bool
            switch (algorithm.prefix(2), parsed.kind) {
            case ("RS", .rsa(let bits)): fits = bits >= 2048
            case ("ES", .ec(let curve)):
                fits =
                    (algorithm == "ES256" && curve == .p256) || (algorithm == "ES384" && curve == .p384)
                    || (algorithm == "ES512" && curve == .p521)
            default: fits = false
            }
            guard fits else { throw CryptoError(.invalidKey, "a \(parsed.kind) key cannot mint \(algorithm)") }
            if algorithm.hasPrefix("ES") { ecdsaPublicKey = try parsed.publicKey }
        }
        self.algorithm = algorithm
        self.key = Secret.Bytes(key)
        self.ecdsaPublicKey = ecdsaPublicKey
    }

    /// A signed token with `claims` (a JSON object) as its payload and `kid` in its header.
    public func mint(claimsJSON: String, keyID: String? = nil) throws(CryptoError) -> String {
        var handle: OpaquePointer? = nil
        guard unsafe jwt_new(&handle) == 0, let jwt = unsafe handle else {
            throw CryptoError(.signingFailed, "libjwt could not allocate a token")
        }
        defer { unsafe jwt_free(jwt) }
        guard unsafe jwt_add_grants_json(jwt, claimsJSON) == 0 else {
            throw CryptoError(.signingFailed, "the claims are not a JSON object")
        }
        if let keyID, unsafe jwt_add_header(jwt, "kid", keyID) != 0 {
            throw CryptoError(.signingFailed, "libjwt refused the kid header")
        }
        let alg = unsafe jwt_str_alg(algorithm)
        let status = unsafe key.bytes.withUnsafeBufferPointer { bytes in
            unsafe jwt_set_alg(jwt, alg, bytes.baseAddress, Int32(bytes.count))
        }
        guard status == 0 else { throw CryptoError(.signingFailed, "libjwt refused the key for \(algorithm)") }
        guard let encoded = unsafe jwt_encode_str(jwt) else {
            throw CryptoError(.signingFailed, "libjwt could not sign the token")
        }
        defer { unsafe c_gh_jwt_free_string(encoded) }
        let token = unsafe String(cString: encoded)
        return algorithm.hasPrefix("ES") ? try fixECDSASignature(token) : token
    }

    /// Re-encodes a DER ECDSA signature segment as `r || s`; a token already in that form (its
    /// signature verifies as it stands) passes.
    private func fixECDSASignature(_ token: String) throws(CryptoError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64.decodeJWSSegment(parts[2].utf8) else {
            throw CryptoError(.signingFailed, "libjwt produced a malformed token")
        }
        let scheme = SignatureScheme.ecdsa(
            algorithm == "ES256" ? .sha256 : algorithm == "ES384" ? .sha384 : .sha512
        )
        let half = scheme.ecdsaHalf
        guard let publicKey = ecdsaPublicKey else { throw CryptoError(.signingFailed, "no ECDSA key") }
        let input = Array("\(parts[0]).\(parts[1])".utf8)
        if signature.count == 2 * half && publicKey.isValidSignature(signature, for: input, scheme: scheme) {
            return token
        }
        guard let raw = ECDSASignature.rawFromDER(signature, half: half),
            publicKey.isValidSignature(raw, for: input, scheme: scheme)
        else {
            throw CryptoError(.signingFailed, "libjwt produced an ECDSA signature that does not verify")
        }
        return "\(parts[0]).\(parts[1]).\(Base64.encodeURL(raw))"
    }

    public var description: String { "JWTMinter(\(algorithm), key: <redacted>)" }
}
