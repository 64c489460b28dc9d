internal import COpenSSL

/// HMAC with SHA-256, SHA-384 or SHA-512, one-shot (for `HS256`…; the cached, pre-keyed
/// SHA-256 form is ``HMACSHA256Key``).
public enum HMAC {
    public static func authenticationCode(
        _ digest: DigestAlgorithm,
        key: [UInt8],
        message: UnsafeRawBufferPointer
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        let length = unsafe key.withUnsafeBytes { keyBytes in
            unsafe out.withUnsafeMutableBytes { mac in
                unsafe c_gh_hmac(
                    Int32(digest.rawValue),
                    keyBytes.baseAddress,
                    keyBytes.count,
                    message.baseAddress,
                    message.count,
                    mac.baseAddress!
                )
            }
        }
        return Array(out.prefix(Int(length)))
    }

    public static func authenticationCode(_ digest: DigestAlgorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
        unsafe message.withUnsafeBytes { unsafe authenticationCode(digest, key: key, message: $0) }
    }
}
