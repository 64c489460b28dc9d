/// Lowercase hex, table-driven, as SigV4 and its test vectors write digests and signatures.
public enum Hex {
    @usableFromInline
    internal static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the lowercase hex of `bytes` to `buffer`.
    @inlinable
    public static func append(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + bytes.count * 2)
        // An index loop: `swift format` rewrites `for unsafe x in …` incorrectly.
        for index in 0..<bytes.count {
            let byte = unsafe bytes[index]
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0f)])
        }
    }

    /// Appends the lowercase hex of a digest to `buffer`.
    public static func append(_ digest: SHA256Digest, to buffer: inout [UInt8]) {
        unsafe digest.withUnsafeBytes { unsafe append($0, to: &buffer) }
    }

    /// The eight lowercase hex digits of four bytes, in memory order when stored little-endian:
    /// the bytes' nibbles spread one per byte lane, then each lane turned into `0`–`9` or
    /// `a`–`f` with a carry trick, all lanes at once. A signature or digest is eight of these
    /// instead of 64 table lookups.
    @inlinable
    @inline(__always)
    public static func lowercaseDigits(_ four: UInt32) -> UInt64 {
        var spread = UInt64(four)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (spread >> 4) & 0x000F_000F_000F_000F | (spread & 0x000F_000F_000F_000F) << 8
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
    }

    /// Writes the lowercase hex of `bytes` (2 × `bytes.count` bytes) at `out`.
    @inlinable
    public static func writeLowercase(_ bytes: UnsafeRawBufferPointer, to out: UnsafeMutableRawPointer) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index + 4 <= bytes.count {
            let four = unsafe UInt32(littleEndian: (base + index).loadUnaligned(as: UInt32.self))
            unsafe (out + 2 * index).storeBytes(of: lowercaseDigits(four).littleEndian, as: UInt64.self)
            index += 4
        }
        let digits: StaticString = "0123456789abcdef"
        while index < bytes.count {
            let byte = unsafe bytes[index]
            unsafe (out + 2 * index).storeBytes(of: digits.utf8Start[Int(byte >> 4)], as: UInt8.self)
            unsafe (out + 2 * index + 1).storeBytes(of: digits.utf8Start[Int(byte & 0x0f)], as: UInt8.self)
            index += 1
        }
    }

    /// The lowercase hex of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        // Written straight into the string's storage: signing encodes a signature per request,
        // and an intermediate array (appended digit by digit) cost more than the encoding.
        unsafe String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            unsafe writeLowercase(bytes, to: UnsafeMutableRawPointer(out.baseAddress!))
            return bytes.count * 2
        }
    }

    /// The lowercase hex of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        unsafe bytes.withUnsafeBytes { unsafe encode($0) }
    }

    /// Decodes hex of either case; `nil` for an odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(text.utf8))
    }

    /// Decodes lowercase hex only, as SigV4 writes signatures: a signature with an uppercase digit
    /// is a different string and must not verify.
    public static func decodeLowercase(_ text: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(text.utf8), lowercaseOnly: true)
    }

    /// Decodes hex bytes; `nil` for an odd length or a non-hex character (or, with
    /// `lowercaseOnly`, an uppercase one).
    public static func decode(bytes: some Collection<UInt8>, lowercaseOnly: Bool = false) -> [UInt8]? {
        guard bytes.count % 2 == 0 else { return nil }
        if lowercaseOnly && bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }) { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var high: UInt8? = nil
        for char in bytes {
            guard let nibble = value(of: char) else { return nil }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    /// The value of one hex digit, `nil` if `char` is not one.
    @inlinable
    public static func value(of char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}
