internal import COpenSSL

/// An HMAC-SHA256 key with its inner and outer pads already absorbed.
///
/// Building one costs two SHA-256 block compressions; every MAC after that saves them. SigV4
/// verifiers cache the derived signing key in this form, so a cached verification is only the
/// hash of the canonical request plus two short hashes (reference/sigv4.md §9).
///
/// The key bytes themselves are not kept, only the two absorbed states.
public struct HMACSHA256Key: Sendable {
    internal var inner: SHA256
    internal var outer: SHA256

    /// SHA-256's block size; longer keys are hashed first (RFC 2104).
    internal static let blockSize = 64

    /// Prepares a key. Keys longer than 64 bytes are replaced by their SHA-256, per RFC 2104.
    public init(key: UnsafeRawBufferPointer) {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        if key.count > Self.blockSize {
            let digest = unsafe SHA256.hash(key)
            unsafe digest.withUnsafeBytes { raw in
                for index in 0..<SHA256Digest.byteCount { unsafe block[index] = raw[index] }
            }
        } else {
            for index in 0..<key.count { unsafe block[index] = key[index] }
        }
        var ipad = block
        var opad = block
        for index in 0..<Self.blockSize {
            ipad[index] ^= 0x36
            opad[index] ^= 0x5c
        }
        inner = SHA256()
        inner.update(ipad)
        outer = SHA256()
        outer.update(opad)
        // Scrub the copies of the key material we made.
        for index in 0..<Self.blockSize {
            block[index] = 0
            ipad[index] = 0
            opad[index] = 0
        }
    }

    /// Prepares a key from bytes.
    public init(key: [UInt8]) {
        self = unsafe key.withUnsafeBytes { unsafe HMACSHA256Key(key: $0) }
    }

    /// Prepares a key from a digest (SigV4's derived keys are digests).
    public init(key: SHA256Digest) {
        self = unsafe key.withUnsafeBytes { unsafe HMACSHA256Key(key: $0) }
    }

    /// Prepares a key from the UTF-8 bytes of a string.
    public init(key: String) {
        var key = key
        self = key.withUTF8 { unsafe HMACSHA256Key(key: UnsafeRawBufferPointer($0)) }
    }

    /// The MAC of `message`.
    public func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = inner
        unsafe hasher.update(message)
        var digest = hasher.finalize()
        // The outer hash is one block of known shape, compressed directly from the outer state.
        unsafe withUnsafeMutableBytes(of: &digest.storage) { raw in
            unsafe withUnsafePointer(to: outer.state) { state in
                unsafe c_gh_hmac_sha256_outer(state, raw.baseAddress!, raw.baseAddress!)
            }
        }
        return digest
    }

    /// The MAC of a byte array.
    public func authenticationCode(for message: [UInt8]) -> SHA256Digest {
        unsafe message.withUnsafeBytes { unsafe authenticationCode(for: $0) }
    }

    /// The MAC of a string's UTF-8 bytes.
    public func authenticationCode(for message: String) -> SHA256Digest {
        var message = message
        return message.withUTF8 { unsafe authenticationCode(for: UnsafeRawBufferPointer($0)) }
    }

    /// Checks `mac` against the MAC of `message` in constant time.
    public func isValidAuthenticationCode(_ mac: SHA256Digest, for message: UnsafeRawBufferPointer) -> Bool {
        unsafe authenticationCode(for: message).constantTimeEquals(mac)
    }
}

extension HMACSHA256Key: CustomStringConvertible {
    /// Never shows key material.
    public var description: String { "HMACSHA256Key(<redacted>)" }
}
