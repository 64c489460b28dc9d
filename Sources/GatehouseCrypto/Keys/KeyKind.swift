/// What kind of key an asymmetric key is.
public enum KeyKind: Sendable, Hashable, CustomStringConvertible {
    case rsa(bits: Int)
    case ec(EllipticCurve)
    case ed25519

    public var description: String {
        switch self {
        case .rsa(let bits): return "RSA-\(bits)"
        case .ec(let curve): return curve.rawValue
        case .ed25519: return "Ed25519"
        }
    }

    /// The exact length in bytes of every signature this kind of key makes under `scheme`, `nil`
    /// when it cannot use the scheme: the modulus length for RSA (RFC 8017 §8.1.2 and §8.2.2,
    /// step 1: "if the length of the signature is not k octets, output 'invalid signature'"),
    /// `r || s` for ECDSA (RFC 7518 §3.4: 64, 96, 132), 64 for Ed25519 (RFC 8032 §5.1.7). A
    /// signature of any other length is refused before OpenSSL sees it — OpenSSL's PSS check
    /// reads a signature one byte short (its leading zero dropped) as the same number.
    public func signatureByteCount(_ scheme: SignatureScheme) -> Int? {
        guard supports(scheme) else { return nil }
        switch self {
        case .rsa(let bits): return (bits + 7) / 8
        case .ec: return 2 * scheme.ecdsaHalf
        case .ed25519: return 64
        }
    }

    /// Whether `scheme` can be used with a key of this kind (the curve must match the digest).
    public func supports(_ scheme: SignatureScheme) -> Bool {
        switch (self, scheme) {
        case (.rsa, .rsaPKCS1), (.rsa, .rsaPSS): return true
        case (.ec(.p256), .ecdsa(.sha256)), (.ec(.p384), .ecdsa(.sha384)), (.ec(.p521), .ecdsa(.sha512)): return true
        case (.ed25519, .ed25519): return true
        default: return false
        }
    }
}
