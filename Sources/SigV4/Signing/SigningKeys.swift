public import GatehouseCrypto

/// SigV4's derived keys and the caches that make them cheap.
public enum SigningKeys {
    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`,
    /// returned pre-keyed (pads absorbed) so each use costs two short hashes.
    public static func derive(secret: Secret, scopeDate: String, region: String, service: String) -> HMACSHA256Key {
        let kDate = HMACSHA256Key(key: "AWS4" + secret.revealed).authenticationCode(for: scopeDate)
        let kRegion = HMACSHA256.authenticationCode(key: kDate, message: region)
        let kService = HMACSHA256.authenticationCode(key: kRegion, message: service)
        let kSigning = HMACSHA256.authenticationCode(key: kService, message: "aws4_request")
        return HMACSHA256Key(key: kSigning)
    }

    /// A non-reversible 64-bit fingerprint of a secret (the first 8 bytes of a domain-separated
    /// SHA-256), used in cache keys so a rotated secret never reuses a stale derived key.
    public static func fingerprint(_ secret: Secret) -> UInt64 {
        let digest = SHA256.hash("gatehouse-secret-fingerprint\u{0}" + secret.revealed)
        return digest.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
