/// Base64 (RFC 4648 §4) and base64url (§5), without Foundation.
///
/// Decoding is strict: characters outside the alphabet, misplaced padding and non-zero
/// trailing bits are rejected, so one value has exactly one encoding (JWT segments rely on this).
public enum Base64 {
    private static let standard: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )
    private static let url: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Standard base64 with `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(Array(bytes), alphabet: standard, pad: true)
    }

    /// base64url without padding, as JWTs use it.
    public static func encodeURL(_ bytes: some Collection<UInt8>) -> String {
        encode(Array(bytes), alphabet: url, pad: false)
    }

    /// Decodes standard base64 (padding required when the length needs it).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8), url: false)
    }

    /// Decodes base64url; padding is optional.
    public static func decodeURL(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8), url: true)
    }

    /// Decodes one segment of a compact JWS (RFC 7515 §2): base64url with no padding at all.
    public static func decodeJWSSegment(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        let input = Array(bytes)
        return unsafe input.withUnsafeBufferPointer { unsafe decodeJWSSegment($0) }
    }

    /// The hot-path form: bytes in place, a table lookup per character, one allocation.
    public static func decodeJWSSegment(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let outputCount = decodedCount(ofJWSSegment: input.count) else { return nil }
        // `repeating:count:` rather than `unsafeUninitializedCapacity:`: the latter goes through
        // an unspecialized standard-library initializer that looks up the array's generic
        // metadata on every call (≈4% of a whole HS256 verification); zeroing the bytes is less.
        var out = [UInt8](repeating: 0, count: outputCount)
        let written = unsafe out.withUnsafeMutableBufferPointer { unsafe decodeJWSSegment(input, into: $0) }
        return written == nil ? nil : out
    }

    /// How many bytes a segment of `count` characters decodes to; `nil` for an impossible length.
    public static func decodedCount(ofJWSSegment count: Int) -> Int? {
        let remainder = count % 4
        guard remainder != 1 else { return nil }
        return count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
    }

    /// Each base64url character's sextet pre-shifted for each of the four positions of a
    /// quantum (`table[p * 256 + c]` is `value << (18 - 6p)`), with bit 31 set for anything
    /// outside the alphabet: a quantum is four loads OR-ed together and one test, with no
    /// shifts or per-character checks in the loop.
    private static let urlQuantumTable: [UInt32] = {
        var table = [UInt32](repeating: 0x8000_0000, count: 4 * 256)
        for (index, char) in url.enumerated() {
            for position in 0..<4 {
                table[position * 256 + Int(char)] = UInt32(index) << (18 - 6 * UInt32(position))
            }
        }
        return table
    }()

    /// Decodes into `output` (at least ``decodedCount(ofJWSSegment:)`` bytes): no allocation, for
    /// segments that are read once and dropped (a token's signature). The count written, or `nil`.
    ///
    /// Where `buffer` has room to spare (two bytes past the decoded count are enough), eight
    /// characters are decoded at a time and their six bytes written with one 8-byte store; the
    /// two bytes after them are scratch, overwritten by the next step or left in the spare room.
    /// Nothing is ever written past `buffer`.
    package static func decodeJWSSegment(
        _ input: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard let outputCount = decodedCount(ofJWSSegment: input.count), buffer.count >= outputCount else {
            return nil
        }
        guard outputCount > 0, let source = input.baseAddress, let target = buffer.baseAddress else {
            return input.isEmpty ? 0 : nil
        }
        let remainder = input.count % 4
        return unsafe urlQuantumTable.withUnsafeBufferPointer { table -> Int? in
            let t = table.baseAddress!
            var written = 0
            var index = 0
            let whole = input.count - remainder
            while index + 8 <= whole && written + 8 <= buffer.count {
                let a =
                    unsafe t[Int(source[index])] | t[256 + Int(source[index + 1])]
                    | t[512 + Int(source[index + 2])] | t[768 + Int(source[index + 3])]
                let b =
                    unsafe t[Int(source[index + 4])] | t[256 + Int(source[index + 5])]
                    | t[512 + Int(source[index + 6])] | t[768 + Int(source[index + 7])]
                if (a | b) & 0x8000_0000 != 0 { return nil }
                // Six bytes, most significant first, then two scratch bytes: a big-endian store.
                let six = (UInt64(a) << 40 | UInt64(b) << 16).bigEndian
                unsafe UnsafeMutableRawPointer(target + written).storeBytes(of: six, as: UInt64.self)
                written += 6
                index += 8
            }
            while index < whole {
                let n =
                    unsafe t[Int(source[index])] | t[256 + Int(source[index + 1])]
                    | t[512 + Int(source[index + 2])] | t[768 + Int(source[index + 3])]
                if n & 0x8000_0000 != 0 { return nil }
                unsafe target[written] = UInt8(truncatingIfNeeded: n >> 16)
                unsafe target[written + 1] = UInt8(truncatingIfNeeded: n >> 8)
                unsafe target[written + 2] = UInt8(truncatingIfNeeded: n)
                written += 3
                index += 4
            }
            if remainder > 0 {
                // Two or three characters: the same tables, the missing positions zero.
                var n = unsafe t[Int(source[index])] | t[256 + Int(source[index + 1])]
                if remainder == 3 { n |= unsafe t[512 + Int(source[index + 2])] }
                if n & 0x8000_0000 != 0 { return nil }
                // Leftover bits must be zero (canonical encoding).
                if remainder == 2 {
                    if n & 0xFFFF != 0 { return nil }
                    unsafe target[written] = UInt8(truncatingIfNeeded: n >> 16)
                    written += 1
                } else {
                    if n & 0xFF != 0 { return nil }
                    unsafe target[written] = UInt8(truncatingIfNeeded: n >> 16)
                    unsafe target[written + 1] = UInt8(truncatingIfNeeded: n >> 8)
                    written += 2
                }
            }
            return written
        }
    }

    private static func encode(_ bytes: [UInt8], alphabet: [UInt8], pad: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            if pad { out.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")]) }
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            if pad { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func sextet(_ char: UInt8, url: Bool) -> UInt32? {
        switch char {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(char - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(char - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(char - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+") where !url: return 62
        case UInt8(ascii: "/") where !url: return 63
        case UInt8(ascii: "-") where url: return 62
        case UInt8(ascii: "_") where url: return 63
        default: return nil
        }
    }

    private static func decode(_ input: [UInt8], url: Bool) -> [UInt8]? {
        var chars = input[...]
        var padding = 0
        while chars.last == UInt8(ascii: "=") {
            chars.removeLast()
            padding += 1
        }
        guard padding <= 2 else { return nil }
        let remainder = chars.count % 4
        guard remainder != 1 else { return nil }
        if padding > 0 {
            // Padding, when present, must complete the final quantum exactly.
            guard (chars.count + padding) % 4 == 0 else { return nil }
        } else if !url && remainder != 0 {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for char in chars {
            guard let value = sextet(char, url: url) else { return nil }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero (canonical encoding).
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
