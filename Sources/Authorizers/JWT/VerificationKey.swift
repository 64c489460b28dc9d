public import GatehouseCrypto

/// A key that verifies tokens, bound to exactly one algorithm when it is loaded — the token's
/// header never chooses how it is used (that is how `alg` confusion attacks work). Keys are
/// parsed once into OpenSSL objects (or a pre-keyed HMAC) and reused for every token.
public struct VerificationKey: Sendable, CustomStringConvertible {
    enum Material: Sendable {
        case publicKey(PublicKey)
        /// The secret (HS256's pre-keyed form is ``Storage/prekeyedSHA256``).
        case hmac(Secret.Bytes)
    }

    /// One immutable object: a verifier looks at every key of a set for every token, and a
    /// copy of a key is then one reference count instead of one per part.
    private final class Storage: Sendable {
        let keyID: String?
        let algorithm: JWTAlgorithm
        let material: Material
        /// HS256's pre-keyed HMAC (inner and outer states absorbed once), held apart from
        /// `material` so that verifying reads it in place: binding it out of an enum would copy
        /// its two 112-byte states for every token.
        let prekeyedSHA256: HMACSHA256Key?
        /// The one length every genuine signature has (modulus bytes for RS/PS, 64/96/132 for
        /// ES256/384/512, 64 for EdDSA, the digest for HS): any other is refused first.
        let signatureByteCount: Int

        init(
            keyID: String?,
            algorithm: JWTAlgorithm,
            material: Material,
            signatureByteCount: Int,
            prekeyedSHA256: HMACSHA256Key? = nil
        ) {
            self.keyID = keyID
            self.algorithm = algorithm
            self.material = material
            self.signatureByteCount = signatureByteCount
            self.prekeyedSHA256 = prekeyedSHA256
        }

        func verify(_ signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
            guard signature.count == signatureByteCount else { return false }
            if let mac = unsafe prekeyedSHA256?.authenticationCode(for: signingInput) {
                return unsafe mac.constantTimeEquals(signature)  // false for any length but 32
            }
            switch material {
            case .publicKey(let key):
                guard let scheme = algorithm.scheme else { return false }
                return unsafe key.isValidSignature(signature, for: signingInput, scheme: scheme)
            case .hmac(let secret):
                guard let digest = algorithm.hmacDigest, signature.count == digest.byteCount else { return false }
                let mac = unsafe HMAC.authenticationCode(digest, key: secret.bytes, message: signingInput)
                return unsafe mac.withUnsafeBytes { unsafe ConstantTime.equals($0, signature) }
            }
        }
    }

    private let storage: Storage

    public var keyID: String? { storage.keyID }
    public var algorithm: JWTAlgorithm { storage.algorithm }
    var material: Material { storage.material }

    /// An asymmetric key for `algorithm`; throws when the key cannot make that algorithm's
    /// signatures (an RSA key for ES256, a P-384 key for ES256, RSA under 2048 bits).
    public init(publicKey: PublicKey, algorithm: JWTAlgorithm, keyID: String? = nil) throws(JWTKeyError) {
        guard let scheme = algorithm.scheme, publicKey.kind.supports(scheme) else {
            throw JWTKeyError("a \(publicKey.kind) key cannot verify \(algorithm)")
        }
        if case .rsa(let bits) = publicKey.kind, bits < 2048 {
            throw JWTKeyError("RSA keys under 2048 bits are refused (this one has \(bits))")
        }
        guard let length = publicKey.kind.signatureByteCount(scheme) else {
            throw JWTKeyError("a \(publicKey.kind) key cannot verify \(algorithm)")
        }
        storage = Storage(
            keyID: keyID,
            algorithm: algorithm,
            material: .publicKey(publicKey),
            signatureByteCount: length
        )
    }

    /// An HMAC secret for `HS256`/`HS384`/`HS512`; at least as long as the hash (RFC 7518 §3.2).
    public init(secret: [UInt8], algorithm: JWTAlgorithm, keyID: String? = nil) throws(JWTKeyError) {
        guard let digest = algorithm.hmacDigest else { throw JWTKeyError("\(algorithm) is not an HMAC algorithm") }
        guard secret.count >= digest.byteCount else {
            throw JWTKeyError(
                "an \(algorithm) secret needs at least \(digest.byteCount) bytes (this one has \(secret.count))"
            )
        }
        storage = Storage(
            keyID: keyID,
            algorithm: algorithm,
            material: .hmac(Secret.Bytes(secret)),
            signatureByteCount: digest.byteCount,
            prekeyedSHA256: digest == .sha256 ? HMACSHA256Key(key: secret) : nil
        )
    }

    /// Whether `signature` is this key's signature of `signingInput` (`header.payload`).
    func verify(_ signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        unsafe storage.verify(signature, signingInput: signingInput)
    }

    public var description: String {
        let kind: String
        switch material {
        case .publicKey(let key): kind = key.kind.description
        case .hmac: kind = "secret <redacted>"
        }
        return "VerificationKey(\(keyID.map { "kid \($0), " } ?? "")\(algorithm), \(kind))"
    }
}
