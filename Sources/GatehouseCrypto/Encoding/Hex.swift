public import GatehouseCore

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

    /// The 256 two-digit lowercase pairs `00`…`ff`, in order: byte `b`'s digits are at `2b`.
    /// A computed literal, so reading it needs no lazy global and no reference count.
    @usableFromInline
    static var pairs: StaticString {
        """
        000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\
        303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
        606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f\
        909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\
        c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef\
        f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
        """
    }

    /// The two lowercase digits of `byte`, as they lie in memory (a two-byte load from ``pairs``).
    @inlinable
    @inline(__always)
    package static func lowercasePair(_ byte: UInt8) -> UInt16 {
        unsafe UnsafeRawPointer(pairs.utf8Start).loadUnaligned(fromByteOffset: 2 * Int(byte), as: UInt16.self)
    }

    /// The eight lowercase digits of four bytes, as they lie in memory: `four` is the bytes as
    /// loaded (little-endian), the result is to be stored the same way.
    ///
    /// Done in one register: each byte is spread into its own 16-bit lane, its nibbles into the
    /// lane's two bytes (high nibble first), and a nibble becomes `'0' + n`, plus 39 more when it
    /// is 10 or over (`n + 6` reaches bit 4 exactly then) — no table, no carry between bytes.
    /// A digest's 64 digits take eight of these instead of 32 table loads and stores.
    @inlinable
    @inline(__always)
    package static func lowercaseDigits(of four: UInt32) -> UInt64 {
        var spread = UInt64(UInt32(littleEndian: four))
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (spread >> 4 & 0x000F_000F_000F_000F) | (spread & 0x000F_000F_000F_000F) << 8
        let letters = (nibbles &+ 0x0606_0606_0606_0606) >> 4 & 0x0101_0101_0101_0101
        return (nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27).littleEndian
    }

    /// Writes the lowercase hex of `bytes` (2 × `bytes.count` bytes) at `out`: four bytes at a
    /// time (``lowercaseDigits(of:)``), the rest one two-byte load from ``pairs`` each.
    @inlinable
    package static func writeLowercase(_ bytes: UnsafeRawBufferPointer, to out: UnsafeMutableRawPointer) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index + 4 <= bytes.count {
            let four = unsafe base.loadUnaligned(fromByteOffset: index, as: UInt32.self)
            unsafe (out + 2 * index).storeBytes(of: lowercaseDigits(of: four), as: UInt64.self)
            index += 4
        }
        while index < bytes.count {
            unsafe (out + 2 * index).storeBytes(of: lowercasePair(bytes[index]), as: UInt16.self)
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

    /// The value of one hex digit, `nil` if `char` is not one (GatehouseCore's one definition).
    @inlinable
    public static func value(of char: UInt8) -> UInt8? { HexDigit.value(of: char) }
}
