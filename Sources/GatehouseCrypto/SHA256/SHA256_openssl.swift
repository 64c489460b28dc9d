internal import COpenSSL

/// Streaming SHA-256 over OpenSSL's block functions.
///
/// A value type: copying a `SHA256` copies its state, which is how a pre-keyed HMAC reuses its
/// absorbed pads (see ``HMACSHA256Key``). The state is a plain 112-byte struct; no heap, no
/// allocation per hash.
@safe
public struct SHA256: Sendable {
    internal var state: c_gh_sha256_state

    /// Starts a new hash.
    public init() {
        state = c_gh_sha256_state()
        unsafe c_gh_sha256_init(&state)
    }

    /// Absorbs bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        unsafe c_gh_sha256_update(&state, base, bytes.count)
    }

    /// Absorbs the bytes of an array.
    public mutating func update(_ bytes: [UInt8]) {
        unsafe bytes.withUnsafeBytes { unsafe update($0) }
    }

    /// Absorbs the bytes of an array slice (no copy): a body hashed piece by piece as it arrives.
    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        unsafe bytes.withUnsafeBytes { unsafe update($0) }
    }

    /// Absorbs the UTF-8 bytes of a string (no copy for native strings).
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { unsafe update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the hash. The value is spent: call ``init()`` again to hash something else.
    public mutating func finalize() -> SHA256Digest {
        var out = SHA256Digest(storage: (0, 0, 0, 0))
        unsafe withUnsafeMutableBytes(of: &out.storage) { raw in
            unsafe c_gh_sha256_final(&state, raw.baseAddress!)
        }
        return out
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        unsafe hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of an array in one call.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        unsafe bytes.withUnsafeBytes { unsafe hash($0) }
    }

    /// The digest of a string's UTF-8 bytes in one call.
    public static func hash(_ string: String) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize()
    }

    /// The digest of the empty string, which SigV4 uses for every bodiless request.
    public static let emptyDigest = SHA256.hash([UInt8]())

    /// ``emptyDigest`` as lowercase hex: a literal, so reading it is no lazy global and no
    /// reference count (SigV4 writes it into every bodiless request's canonical request). A test
    /// checks it against ``emptyDigest``.
    public static var emptyDigestHex: String { "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }
}
