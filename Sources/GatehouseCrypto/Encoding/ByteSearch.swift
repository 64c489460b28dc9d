/// Finding one byte in a buffer, eight bytes at a time: the request and token parsers scan whole
/// header values and tokens for a delimiter, and a byte-by-byte loop was their hottest code.
public enum ByteSearch {
    /// The first index of `byte` in `bytes[from..<to]`, or `to` when there is none.
    @inlinable
    public static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
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
}
