internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    /// `count` random bytes. Traps only if the operating system's entropy source fails, which
    /// leaves no safe way to continue.
    public static func bytes(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = unsafe out.withUnsafeMutableBytes { unsafe c_gh_rand_bytes($0.baseAddress!, count) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no entropy available")
        return out
    }

    /// Fills `buffer` with random bytes, allocating nothing (the gateway draws its per-request
    /// identifiers this way). Traps as ``bytes(count:)`` does.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let ok = unsafe c_gh_rand_bytes(base, buffer.count)
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no entropy available")
    }
}
