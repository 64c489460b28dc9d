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

enum ByteText {
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    @inline(__always)
    static func equalsIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where unsafe lower(a[index]) != lower(b[index]) { return false }
        return true
    }

    @inline(__always)
    static func equals(_ a: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount, let base = a.baseAddress else {
            return range.isEmpty && literal.utf8CodeUnitCount == 0
        }
        // The parser compares every parameter name and the algorithm with a literal.
        return unsafe ByteCopy.equal(base + range.lowerBound, literal.utf8Start, range.count)
    }

    /// `bytes` starts with the lowercase ASCII `prefix`, ignoring case.
    @inline(__always)
    static func hasPrefixIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let pointer = unsafe prefix.utf8Start
        for offset in 0..<prefix.utf8CodeUnitCount where unsafe lower(bytes[offset]) != pointer[offset] { return false }
        return true
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `range` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while unsafe lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while unsafe upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        unsafe String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

extension MutableCollection where Self: RandomAccessCollection {
    /// Sorts by `precedes` the way a request's headers and query parameters want it: insertion
    /// sort for a handful of elements (often already in order, and cheaper than the general
    /// sort's set-up), the library sort past `limit`.
    @inline(__always)
    mutating func sortFew(limit: Int = 16, by precedes: (Element, Element) -> Bool) {
        guard count <= limit else {
            sort(by: precedes)
            return
        }
        guard !isEmpty else { return }
        var index = self.index(after: startIndex)
        while index < endIndex {
            var position = index
            while position > startIndex {
                let previous = self.index(before: position)
                guard precedes(self[position], self[previous]) else { break }
                swapAt(position, previous)
                position = previous
            }
            index = self.index(after: index)
        }
    }
}

/// Scratch memory for the per-request buffers (the request head, canonical writers, a parsed
/// signature's bytes) straight from `malloc`.
///
/// `UnsafeMutablePointer.allocate` asks the Swift runtime for "default" alignment, which on
/// Linux it serves with `posix_memalign`: measurably slower than `malloc` for the five or so
/// small blocks a signature needs. `malloc`'s 16-byte alignment suits every type stored here.
enum Scratch {
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        guard let pointer = unsafe malloc(max(byteCount, 1)) else {
            fatalError("out of memory allocating \(byteCount) bytes")
        }
        return unsafe pointer
    }

    static func release(_ pointer: UnsafeMutableRawPointer) { unsafe free(pointer) }
}
