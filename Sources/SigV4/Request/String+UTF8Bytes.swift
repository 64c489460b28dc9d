import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers for the hot paths: no `Character` iteration, no generic dispatch.
extension String {
    /// Lends the string's UTF-8 bytes without copying when it is native (the common case).
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = unsafe utf8.withContiguousStorageIfAvailable(body) { return result }
        return unsafe Array(utf8).withUnsafeBufferPointer(body)
    }

    /// ASCII case-insensitive equality with a lowercase ASCII literal (a header name).
    @inline(__always)
    func equalsLowercaseASCII(_ literal: StaticString) -> Bool {
        guard utf8.count == literal.utf8CodeUnitCount else { return false }
        return unsafe withUTF8Bytes { unsafe ByteText.hasPrefixIgnoringASCIICase($0, literal) }
    }

    /// ASCII case-insensitive equality with `other`.
    @inline(__always)
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        // Lengths first: O(1) for native strings, and most names differ in length.
        guard utf8.count == other.utf8.count else { return false }
        return unsafe withUTF8Bytes { a in
            unsafe other.withUTF8Bytes { b in unsafe ByteText.equalsIgnoringASCIICase(a, b) }
        }
    }
}
