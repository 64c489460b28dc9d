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
