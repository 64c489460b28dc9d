#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies and comparisons of the few bytes a canonical request or a token is made of (header
/// names, dates, short values, claim names, issuers), without a call into the C library:
/// `memcpy` through the PLT and its size dispatch cost more than copying 4 to 32 bytes with two
/// overlapping loads and stores. Longer runs go to `memcpy` and `memcmp`.
///
/// `@usableFromInline` on the type, not only `@inlinable` on its members: Swift 6.3 does not
/// inline an `@inlinable package` member of a plain `package` type into another module of the
/// package (the call stays a call, `@inline(__always)` or not), and these calls are the hot paths'
/// innermost loops (about 530 instructions of `sigv4.verify.cached`, bench/PERFORMANCE.md). The
/// type stays `package`: nothing here is public API.
@usableFromInline
package enum ByteCopy {
    /// Copies `count` bytes from `source` to `destination` (which must not overlap).
    @inlinable @inline(__always)
    package static func copy(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, _ count: Int) {
        switch count {
        case 16...32: unsafe copyEnds(destination, source, count, as: SIMD16<UInt8>.self)
        case 8..<16: unsafe copyEnds(destination, source, count, as: UInt64.self)
        case 4..<8: unsafe copyEnds(destination, source, count, as: UInt32.self)
        case 1..<4:
            unsafe destination[0] = source[0]
            unsafe destination[count >> 1] = source[count >> 1]
            unsafe destination[count - 1] = source[count - 1]
        case 0:
            break
        default:
            unsafe copyLong(destination, source, count)
        }
    }

    /// `true` when the `count` bytes at `a` and `b` are equal: the same overlapping loads as
    /// ``copy(_:_:_:)`` up to 32 bytes (a header name, a literal), `memcmp` beyond.
    @inlinable @inline(__always)
    package static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        switch count {
        case 16...32:
            // Four words, XORed and ORed: with SIMD's `.==`, the mask reduction after it (`all`)
            // showed up in profiles as a call of its own (`SIMD.max()`).
            let x = unsafe UnsafeRawPointer(a)
            let y = unsafe UnsafeRawPointer(b)
            let last = count - 16
            let difference =
                unsafe (x.loadUnaligned(as: UInt64.self) ^ y.loadUnaligned(as: UInt64.self))
                | (x.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    ^ y.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                | (x.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                    ^ y.loadUnaligned(fromByteOffset: last, as: UInt64.self))
                | (x.loadUnaligned(fromByteOffset: last + 8, as: UInt64.self)
                    ^ y.loadUnaligned(fromByteOffset: last + 8, as: UInt64.self))
            return difference == 0
        case 8..<16: return unsafe endsEqual(a, b, count, as: UInt64.self)
        case 4..<8: return unsafe endsEqual(a, b, count, as: UInt32.self)
        case 1..<4: return unsafe a[0] == b[0] && a[count >> 1] == b[count >> 1] && a[count - 1] == b[count - 1]
        case 0: return true
        default: return unsafe equalLong(a, b, count)
        }
    }

    /// The first and the last `Word` of `count` bytes (which overlap unless `count` is twice a
    /// word): together they cover every byte.
    @inlinable @inline(__always)
    static func copyEnds<Word: BitwiseCopyable>(
        _ destination: UnsafeMutablePointer<UInt8>,
        _ source: UnsafePointer<UInt8>,
        _ count: Int,
        as: Word.Type
    ) {
        let from = unsafe UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(destination)
        let last = count - MemoryLayout<Word>.size
        let head = unsafe from.loadUnaligned(as: Word.self)
        let tail = unsafe from.loadUnaligned(fromByteOffset: last, as: Word.self)
        unsafe to.storeBytes(of: head, as: Word.self)
        unsafe to.storeBytes(of: tail, toByteOffset: last, as: Word.self)
    }

    @inlinable @inline(__always)
    static func endsEqual<Word: FixedWidthInteger & BitwiseCopyable>(
        _ a: UnsafePointer<UInt8>,
        _ b: UnsafePointer<UInt8>,
        _ count: Int,
        as: Word.Type
    ) -> Bool {
        let x = unsafe UnsafeRawPointer(a)
        let y = unsafe UnsafeRawPointer(b)
        let last = count - MemoryLayout<Word>.size
        let head = unsafe x.loadUnaligned(as: Word.self) ^ y.loadUnaligned(as: Word.self)
        let tail =
            unsafe x.loadUnaligned(fromByteOffset: last, as: Word.self)
            ^ y.loadUnaligned(fromByteOffset: last, as: Word.self)
        return head | tail == 0
    }

    /// `memcpy` and `memcmp` for the long runs, behind a call: inlinable code cannot name the C
    /// library without this module importing it publicly.
    @usableFromInline
    static func copyLong(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, _ count: Int) {
        unsafe _ = memcpy(destination, source, count)
    }

    @usableFromInline
    static func equalLong(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        unsafe memcmp(a, b, count) == 0
    }
}
