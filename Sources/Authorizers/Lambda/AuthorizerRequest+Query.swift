import GatehouseCrypto

extension AuthorizerRequest {
    /// One name or value of a query string, decoded strictly: `+` is a space; `%` must be followed
    /// by exactly two hex digits (either case) — `%`, `%4`, `%G1`, `%+4`, `%-0` and `% 1` are
    /// refused, never read as an escape or kept as text; the decoded bytes must be UTF-8 (`%FF`
    /// is refused, never turned into U+FFFD, which `%FE` would also become). So two components
    /// decode to the same value only when they spell the same bytes.
    public static func decodeQueryComponent(_ text: Substring) -> Result<String, QueryComponentProblem> {
        let utf8 = text.utf8
        // The usual component has nothing to decode: no copy, no check (a Swift string is UTF-8).
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return .success(String(text))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var position = utf8.startIndex
        var offset = 0
        while position != utf8.endIndex {
            let byte = utf8[position]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: position)
                let second = first == utf8.endIndex ? first : utf8.index(after: first)
                guard first != utf8.endIndex, second != utf8.endIndex,
                    let high = Hex.value(of: utf8[first]), let low = Hex.value(of: utf8[second])
                else {
                    let end = second == utf8.endIndex ? second : utf8.index(after: second)
                    return .failure(
                        .invalidEscape(offset: offset, text: String(decoding: utf8[position..<end], as: UTF8.self))
                    )
                }
                bytes.append(high << 4 | low)
                position = utf8.index(after: second)
                offset += 3
                continue
            }
            bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte)
            position = utf8.index(after: position)
            offset += 1
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            return .failure(.notUTF8(byteOffset: firstInvalidUTF8(bytes)))
        }
        return .success(decoded)
    }

    /// Where `bytes` stop being UTF-8: the offset of the sequence that is not a whole scalar.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let length: Int
            switch bytes[offset] {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= bytes.count,
                String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }
}
