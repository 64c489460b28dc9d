internal import COpenSSL

/// A P-256 public key, for verifying ECDSA-SHA256 signatures (SigV4a, ES256).
public struct P256PublicKey: Sendable {
    internal let box: EVPKeyBox

    internal init(box: EVPKeyBox) { self.box = box }

    /// A key from an uncompressed SEC1 point (`04 || X || Y`); the point must lie on the curve.
    public init(uncompressedPoint point: [UInt8]) throws(CryptoError) {
        guard point.count == 65, point[0] == 0x04 else {
            throw CryptoError(.invalidKey, "a P-256 public point is 65 bytes starting with 0x04")
        }
        let pointer = unsafe point.withUnsafeBytes { unsafe c_gh_p256_public_key($0.baseAddress!) }
        guard let box = unsafe EVPKeyBox(pointer) else {
            throw CryptoError(.invalidKey, "the point is not on P-256")
        }
        self.box = box
    }

    /// A key from 32-byte big-endian X and Y coordinates.
    public init(x: [UInt8], y: [UInt8]) throws(CryptoError) {
        guard x.count == 32, y.count == 32 else {
            throw CryptoError(.invalidKey, "P-256 coordinates are 32 bytes each")
        }
        try self.init(uncompressedPoint: [0x04] + x + y)
    }

    /// The uncompressed point `04 || X || Y`.
    public var uncompressedPoint: [UInt8] {
        var out = [UInt8](repeating: 0, count: 65)
        let ok = unsafe box.withKey { key in
            unsafe out.withUnsafeMutableBytes { unsafe c_gh_p256_public_point(key, $0.baseAddress!) }
        }
        return ok == 1 ? out : []
    }

    /// `true` only for a valid DER-encoded ECDSA/SHA-256 signature of `message`; malformed
    /// signatures are simply invalid.
    public func isValidSignature(_ derSignature: [UInt8], for message: UnsafeRawBufferPointer) -> Bool {
        guard !derSignature.isEmpty, derSignature.count <= 80 else { return false }
        return unsafe box.withKey { key in
            unsafe derSignature.withUnsafeBytes { sig in
                unsafe c_gh_ecdsa_sha256_verify(
                    key,
                    message.baseAddress ?? UnsafeRawPointer(sig.baseAddress!),
                    message.count,
                    sig.baseAddress!,
                    sig.count
                ) == 1
            }
        }
    }

    /// `true` only for a valid DER-encoded ECDSA/SHA-256 signature of `message`.
    public func isValidSignature(_ derSignature: [UInt8], for message: [UInt8]) -> Bool {
        unsafe message.withUnsafeBytes { unsafe isValidSignature(derSignature, for: $0) }
    }
}
