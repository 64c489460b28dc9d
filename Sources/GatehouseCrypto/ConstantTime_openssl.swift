internal import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// `true` when both buffers have the same length and bytes. The length is compared first
    /// (lengths of MACs and signatures are public); the bytes with `CRYPTO_memcmp`.
    public static func equals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0 else { return true }
        return unsafe c_gh_memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0
    }

    /// `true` when both byte arrays are equal.
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        unsafe lhs.withUnsafeBytes { l in unsafe rhs.withUnsafeBytes { r in unsafe equals(l, r) } }
    }

    /// `true` when both strings have equal UTF-8 bytes.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { l in
            rhs.withUTF8 { r in unsafe equals(UnsafeRawBufferPointer(l), UnsafeRawBufferPointer(r)) }
        }
    }
}
