#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether two strings have the same UTF-8 bytes, compared with `memcmp`. IAM compares text
    /// as written: Swift's `==` also equates canonically equivalent text (`é` and `e` + U+0301),
    /// which AWS's string comparisons do not, and which `StringLike`, `Arn*` and resource matching
    /// (all on bytes) never did — so equality operators, principal names, and the authorizers'
    /// method ARNs and token claims compare bytes.
    ///
    /// Both strings are read where they lie (no mutable copy, no `withUTF8` uniqueness check):
    /// this runs several times on every authorizer cache hit.
    public func sameUTF8(as other: String) -> Bool {
        if Self.sameRepresentation(self, other) { return true }
        guard utf8.count == other.utf8.count else { return false }
        let compared = unsafe utf8.withContiguousStorageIfAvailable { a in
            unsafe other.utf8.withContiguousStorageIfAvailable { b in unsafe Self.sameBytes(a, b) }
        }
        if let compared, let compared { return compared }
        return utf8.elementsEqual(other.utf8)
    }

    /// Whether two strings are the very same value: one storage object and count, or one small
    /// (inline) string. Immutable storage makes that equal bytes; a configured name compared
    /// with itself on every request stops here.
    private static func sameRepresentation(_ a: String, _ b: String) -> Bool {
        guard MemoryLayout<String>.size == 16 else { return false }
        return unsafe withUnsafeBytes(of: a) { x in
            unsafe withUnsafeBytes(of: b) { y in
                unsafe x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                    && x.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        == y.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            }
        }
    }

    /// Equal-length buffers: `memcmp` (vectorized by the C library).
    private static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let x = a.baseAddress, let y = b.baseAddress, unsafe x != y else { return true }
        return unsafe memcmp(x, y, a.count) == 0
    }
}
