import GatehouseCore

/// The checks a request target passes before any routing (issue 18, "Bad input"): a path with a
/// dot segment (`.` or `..`, written raw or percent-encoded as `%2e`) or with a broken
/// percent-escape never reaches the resolver, the routing table or a backend, where it could
/// name something other than what the access layer checked. Nor does a target holding a byte
/// no client puts in one (``checkBytes(_:)``).
enum RequestTarget {
    /// Why a target is refused, for the access log.
    enum Problem: Error, Equatable {
        case invalidPercentEncoding
        case dotSegment
        case notOriginForm
        /// `#`, a space or control byte, DEL, or a non-ASCII byte, written raw.
        case forbiddenByte(UInt8)
    }

    /// Refuses a target (path and query) with a byte a request target never carries raw: `#`
    /// (clients strip fragments; one left in would cut the backend URL the gateway builds, and
    /// the gateway's mapped query parameters with it — an attacker's pass), a space or control
    /// byte, DEL, or a non-ASCII byte (HTTP/1.1's parser refuses those; HTTP/2's `:path` did not).
    static func checkBytes(_ target: String) throws(Problem) {
        for byte in target.utf8 where byte == UInt8(ascii: "#") || byte <= 0x20 || byte >= 0x7F {
            throw .forbiddenByte(byte)
        }
    }

    /// The path part of a request target (everything before `?`) and the query (after it, or `nil`).
    static func split(_ target: String) -> (path: Substring, query: Substring?) {
        guard let mark = target.firstIndex(of: "?") else { return (target[...], nil) }
        return (target[..<mark], target[target.index(after: mark)...])
    }

    /// Checks `path` (no query): origin-form, every `%` followed by two hex digits, no segment
    /// that decodes to `.` or `..`.
    static func check(_ path: Substring) throws(Problem) {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { throw .notOriginForm }
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                    throw .invalidPercentEncoding
                }
                index += 3
            } else {
                index += 1
            }
        }
        for segment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let decoded = decodeDots(segment)
            if decoded == "." || decoded == ".." { throw .dotSegment }
        }
    }

    /// A segment with `%2e`/`%2E` read as `.`; other bytes as they are (only `.` and `..` matter).
    private static func decodeDots(_ segment: ArraySlice<UInt8>) -> String? {
        guard segment.count <= 6 else { return nil }
        var out = ""
        var index = segment.startIndex
        while index < segment.endIndex {
            if segment[index] == UInt8(ascii: "%"), index + 2 < segment.endIndex,
                segment[index + 1] == UInt8(ascii: "2"), segment[index + 2] | 0x20 == UInt8(ascii: "e")
            {
                out.append(".")
                index += 3
            } else {
                out.append(Character(Unicode.Scalar(segment[index])))
                index += 1
            }
        }
        return out
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default: return false
        }
    }

    /// Form-decodes a query component (`+` is a space, `%XX` a byte); invalid escapes stay as
    /// written.
    static func formDecode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < source.count,
                let high = HexDigit.value(of: source[index + 1]),
                let low = HexDigit.value(of: source[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The query's `name=value` pairs in order, form-decoded.
    static func queryPairs(_ query: Substring?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map {
            pair -> (name: String, value: String) in
            if let equals = pair.firstIndex(of: "=") {
                return (formDecode(pair[..<equals]), formDecode(pair[pair.index(after: equals)...]))
            }
            return (formDecode(pair), "")
        }
    }
}
