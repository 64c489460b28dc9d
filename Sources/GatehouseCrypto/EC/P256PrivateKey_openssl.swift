internal import COpenSSL

/// A P-256 private key, for ECDSA-SHA256 signing (SigV4a).
public struct P256PrivateKey: Sendable {
    internal let box: EVPKeyBox

    /// A key from a 32-byte big-endian scalar in `1..<n`.
    public init(scalar: [UInt8]) throws(CryptoError) {
        guard scalar.count == 32 else {
            throw CryptoError(.invalidKey, "a P-256 private scalar is 32 bytes")
        }
        let pointer = unsafe scalar.withUnsafeBytes { unsafe c_gh_p256_private_key($0.baseAddress!) }
        guard let box = unsafe EVPKeyBox(pointer) else {
            throw CryptoError(.invalidKey, "the scalar is not in 1..<n")
        }
        self.box = box
    }

    /// The matching public key.
    public var publicKey: P256PublicKey { P256PublicKey(box: box) }

    /// A randomized DER-encoded ECDSA/SHA-256 signature of `message` (at most 72 bytes).
    public func signature(for message: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 80)
        var length = out.count
        let ok = unsafe box.withKey { key in
            unsafe out.withUnsafeMutableBytes { sig in
                unsafe c_gh_ecdsa_sha256_sign(
                    key,
                    message.baseAddress ?? UnsafeRawPointer(sig.baseAddress!),
                    message.count,
                    sig.baseAddress!,
                    &length
                )
            }
        }
        guard ok == 1 else { throw CryptoError(.signingFailed, "ECDSA signing failed") }
        return Array(out.prefix(length))
    }

    /// A randomized DER-encoded ECDSA/SHA-256 signature of `message`.
    public func signature(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        let result = unsafe message.withUnsafeBytes { bytes in
            Result { () throws(CryptoError) -> [UInt8] in try unsafe signature(for: bytes) }
        }
        return try result.get()
    }
}

extension P256PrivateKey: CustomStringConvertible {
    public var description: String { "P256PrivateKey(<redacted>)" }
}
