internal import COpenSSL

/// One-shot HMAC-SHA256.
public enum HMACSHA256 {
    /// `HMAC-SHA256(key, message)` for byte keys.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> SHA256Digest {
        HMACSHA256Key(key: key).authenticationCode(for: message)
    }

    /// `HMAC-SHA256(key, message)` with a digest as the key, as in SigV4's derivation chain.
    public static func authenticationCode(key: SHA256Digest, message: String) -> SHA256Digest {
        HMACSHA256Key(key: key).authenticationCode(for: message)
    }
}
