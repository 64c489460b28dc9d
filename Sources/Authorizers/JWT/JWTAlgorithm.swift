public import GatehouseCrypto

/// A JWS algorithm (RFC 7518 §3, RFC 8037). `none` is not one: it cannot be represented, so no
/// code path can accept it.
public enum JWTAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
    case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
    case es256 = "ES256", es384 = "ES384", es512 = "ES512"
    case edDSA = "EdDSA"
    case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512"

    public var description: String { rawValue }

    /// The signature scheme, or `nil` for the HMAC algorithms.
    public var scheme: SignatureScheme? {
        switch self {
        case .rs256: return .rsaPKCS1(.sha256)
        case .rs384: return .rsaPKCS1(.sha384)
        case .rs512: return .rsaPKCS1(.sha512)
        case .ps256: return .rsaPSS(.sha256)
        case .ps384: return .rsaPSS(.sha384)
        case .ps512: return .rsaPSS(.sha512)
        case .es256: return .ecdsa(.sha256)
        case .es384: return .ecdsa(.sha384)
        case .es512: return .ecdsa(.sha512)
        case .edDSA: return .ed25519
        case .hs256, .hs384, .hs512: return nil
        }
    }

    /// The HMAC digest, or `nil` for signature algorithms.
    public var hmacDigest: DigestAlgorithm? {
        switch self {
        case .hs256: return .sha256
        case .hs384: return .sha384
        case .hs512: return .sha512
        default: return nil
        }
    }

    /// The algorithm a key is bound to when its JWK has no `alg`: by curve for EC and OKP keys;
    /// RS256 for RSA and HS256 for `oct`, the common defaults (RFC 7518's recommended ones).
    public static func defaultAlgorithm(for kind: KeyKind) -> JWTAlgorithm {
        switch kind {
        case .rsa: return .rs256
        case .ec(.p256): return .es256
        case .ec(.p384): return .es384
        case .ec(.p521): return .es512
        case .ed25519: return .edDSA
        }
    }
}
