import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
