/// A digest for signatures and MACs.
public enum DigestAlgorithm: Int, Sendable, Hashable, CaseIterable {
    case sha256 = 256
    case sha384 = 384
    case sha512 = 512

    /// Bytes in the digest.
    public var byteCount: Int { rawValue / 8 }
}

/// How a signature is made: the key type's padding or curve, with its digest.
///
/// ECDSA signatures here are in JWS's fixed-width `r || s` form (RFC 7518 §3.4), not DER: the
/// conversion is part of the primitive so no caller hands DER to a JWT or JWT bytes to DER.
public enum SignatureScheme: Sendable, Hashable {
    /// RSASSA-PKCS1-v1_5 (`RS256`…).
    case rsaPKCS1(DigestAlgorithm)
    /// RSASSA-PSS with MGF1 and a salt as long as the digest (`PS256`…).
    case rsaPSS(DigestAlgorithm)
    /// ECDSA on the curve that matches the digest (`ES256` P-256, `ES384` P-384, `ES512` P-521).
    case ecdsa(DigestAlgorithm)
    /// Ed25519 (`EdDSA`).
    case ed25519

    var digestBits: Int32 {
        switch self {
        case .rsaPKCS1(let digest), .rsaPSS(let digest), .ecdsa(let digest): return Int32(digest.rawValue)
        case .ed25519: return 0
        }
    }

    var isPSS: Int32 {
        if case .rsaPSS = self { return 1 }
        return 0
    }

    /// Bytes in each of `r` and `s` for ECDSA: 32, 48, 66.
    var ecdsaHalf: Int {
        switch self {
        case .ecdsa(.sha256): return 32
        case .ecdsa(.sha384): return 48
        case .ecdsa(.sha512): return 66
        default: return 0
        }
    }
}

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

/// The NIST curves JOSE uses, by their JWK `crv` names.
public enum EllipticCurve: String, Sendable, Hashable, CaseIterable {
    case p256 = "P-256"
    case p384 = "P-384"
    case p521 = "P-521"

    /// Bytes per coordinate.
    public var coordinateBytes: Int {
        switch self {
        case .p256: return 32
        case .p384: return 48
        case .p521: return 66
        }
    }

    init?(openSSLGroup name: String) {
        switch name {
        case "prime256v1", "P-256", "secp256r1": self = .p256
        case "secp384r1", "P-384": self = .p384
        case "secp521r1", "P-521": self = .p521
        default: return nil
        }
    }
}
