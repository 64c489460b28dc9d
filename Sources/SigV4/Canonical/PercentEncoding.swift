public import GatehouseCrypto

/// SigV4's percent-encoding (reference/sigv4.md §1.1): unreserved bytes `A–Z a–z 0–9 - . _ ~`
/// stay, every other byte becomes `%XX` with uppercase hex. Table-driven, byte-in, byte-out.
public enum PercentEncoding {
    /// 1 for bytes that stay as they are in a query component.
    @usableFromInline
    static let unreservedTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8) {
            table[Int(byte)] = 1
        }
        return table
    }()

    /// 1 for bytes that a URL path may carry unencoded on the wire (RFC 3986 pchar plus `/` and
    /// an existing `%`). Used to turn a user's URL into the wire form before signing.
    static let wirePathTable: [UInt8] = {
        var table = unreservedTable
        for byte in Array("!$&'()*+,;=:@/%".utf8) { table[Int(byte)] = 1 }
        return table
    }()

    /// Like ``wirePathTable`` plus `?` (allowed in a query).
    static let wireQueryTable: [UInt8] = {
        var table = wirePathTable
        table[Int(UInt8(ascii: "?"))] = 1
        return table
    }()

    @usableFromInline
    static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `true` for the bytes that stay as they are (``unreservedTable``'s ones, plus `/` when
    /// `keepSlash`), from two 64-bit masks: no table to load, no lazy global to check.
    @inline(__always)
    static func staysUnencoded(_ byte: UInt8, keepSlash: Bool) -> Bool {
        // `-` `.` `0`–`9` (and `/`); `A`–`Z` `_` `a`–`z` `~`.
        let low: UInt64 = 0x03FF_6000_0000_0000 | (keepSlash ? 0x0000_8000_0000_0000 : 0)
        let high: UInt64 = 0x47FF_FFFE_87FF_FFFE
        let mask = byte < 64 ? low : byte < 128 ? high : 0
        return mask >> UInt64(byte & 63) & 1 == 1
    }

    /// Appends `bytes` percent-encoded to a writer: the run that needs no encoding (usually
    /// all of it) in one copy, then byte by byte.
    @inline(__always)
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, keepSlash: Bool, to out: inout ByteWriter) {
        var clean = 0
        while unsafe clean < bytes.count && staysUnencoded(bytes[clean], keepSlash: keepSlash) { clean += 1 }
        unsafe out.append(UnsafeBufferPointer(rebasing: bytes[..<clean]))
        for index in clean..<bytes.count {
            let byte = unsafe bytes[index]
            if staysUnencoded(byte, keepSlash: keepSlash) {
                out.append(byte)
            } else {
                out.appendPercentEncoded(byte)
            }
        }
    }

    /// `true` when every byte stays as it is under query encoding (nothing to transcode).
    @inline(__always)
    static func isCanonicalQueryText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for position in 0..<bytes.count where unsafe !staysUnencoded(bytes[position], keepSlash: false) {
            return false
        }
        return true
    }

    /// Appends `bytes` percent-encoded, keeping `/` when `keepSlash` is set (canonical URIs).
    public static func append(_ bytes: some Sequence<UInt8>, keepSlash: Bool, to out: inout [UInt8]) {
        for byte in bytes {
            if staysUnencoded(byte, keepSlash: keepSlash) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(byte >> 4)])
                out.append(upperHex[Int(byte & 0x0f)])
            }
        }
    }

    /// `text` encoded as a query component (`/`, `;`, `=`, `+`, `%` and spaces all encoded).
    public static func encodeQueryComponent(_ text: String) -> String {
        var out: [UInt8] = []
        append(text.utf8, keepSlash: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the decoding of `bytes` (`%XX` → byte; `+` stays a plus). Returns `false` on a
    /// malformed escape, as aws-c-common does.
    @inlinable
    public static func appendDecoded(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = unsafe bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < count, let high = unsafe Hex.value(of: bytes[index + 1]),
                    let low = unsafe Hex.value(of: bytes[index + 2])
                else { return false }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return true
    }

    /// The decoding of a query component, or `nil` on a malformed escape.
    public static func decode(_ text: String) -> String? {
        var out: [UInt8] = []
        var text = text
        let ok = text.withUTF8 { unsafe appendDecoded(UnsafeRawBufferPointer($0), to: &out) }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Turns what a user typed as a URL path or query into the wire form: bytes a URL cannot
    /// carry raw (space, non-ASCII, `"`, `<`, …) are encoded, existing `%XX` escapes are kept.
    public static func wireForm(_ text: Substring, query: Bool) -> String {
        let table = query ? wireQueryTable : wirePathTable
        var out: [UInt8] = []
        for byte in text.utf8 {
            if table[Int(byte)] != 0 {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(byte >> 4)])
                out.append(upperHex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
