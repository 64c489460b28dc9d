/// Finding one byte in a buffer, eight bytes at a time: the request and token parsers scan whole
/// header values and tokens for a delimiter, and a byte-by-byte loop was their hottest code.
///
/// `@usableFromInline` on the (still `package`) type so its members inline into the other
/// modules: see ``ByteCopy``.
@usableFromInline
package enum ByteSearch {
    /// The first index of `byte` in `bytes[from..<to]`, or `to` when there is none.
    @inlinable
    package static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var index = from
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let pattern = UInt64(byte) &* ones
            while index + 8 <= to {
                let word = unsafe UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ pattern
                if (word &- ones) & ~word & (0x80 &* ones) != 0 { break }
                index += 8
            }
        }
        while index < to {
            if unsafe bytes[index] == byte { break }
            index += 1
        }
        return index
    }

    /// Non-zero exactly when one of the eight bytes of `word` is a space or a control byte
    /// (below 0x21): `(word - 0x21…) & ~word & 0x80…`. Flags of several words can be OR-ed and
    /// tested once.
    @inlinable @inline(__always)
    package static func spaceOrControlFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- 0x21 &* ones) & ~word & (0x80 &* ones)
    }

    /// `true` when no byte of `bytes` is a space or a control byte (0x00–0x20), tested eight
    /// bytes at a time: header values nearly always pass, and then need no trimming or folding.
    @inlinable
    package static func hasNoSpaceOrControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = bytes.baseAddress, bytes.count >= 8 {
            // The last word overlaps the one before it, so there is no byte-by-byte tail.
            var found: UInt64 = 0
            while index + 8 <= bytes.count {
                found |= spaceOrControlFlags(unsafe UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                index += 8
            }
            found |= spaceOrControlFlags(
                unsafe UnsafeRawPointer(base + bytes.count - 8).loadUnaligned(as: UInt64.self)
            )
            return found == 0
        }
        while index < bytes.count {
            if unsafe bytes[index] <= 0x20 { return false }
            index += 1
        }
        return true
    }
}
