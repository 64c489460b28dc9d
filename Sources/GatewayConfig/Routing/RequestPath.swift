import GatehouseCore

/// How the gateway reads the path of a request for routing, in one place for the fast matcher and
/// its reference twin.
///
/// - A query string (from `?`) is not part of the path.
/// - Leading and trailing slashes are dropped: `//pets/` routes as `pets` (API Gateway drops empty
///   segments right after the stage, and `pathParameters.proxy` drops a trailing slash).
/// - Inner empty segments are kept (`/x//y`): they match no literal and no `{param}`, only a
///   greedy `{proxy+}`, which captures them as sent.
/// - Literal segments match the bytes as sent, or their percent-decoding (`/p%65ts` matches
///   `/pets`); an invalid escape is compared as the bytes it is. Parameter values stay
///   **undecoded**, as API Gateway passes them (reference/gateway.md, "Request details").
enum RequestPath {
    /// The bounds of the routed part of `path`: after leading slashes, before trailing slashes
    /// and the query string. Empty (`start == end`) for the root.
    static func bounds(_ utf8: String.UTF8View) -> (start: String.Index, end: String.Index) {
        var end = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        var start = utf8.startIndex
        while start < end, utf8[start] == UInt8(ascii: "/") { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == UInt8(ascii: "/") else { break }
            end = before
        }
        return (start, end)
    }

    /// Whether the segment `bytes` matches the literal `literal`: equal as sent, or equal once
    /// `%XX` escapes are decoded.
    static func segment(_ bytes: Substring.UTF8View, matches literal: [UInt8]) -> Bool {
        if bytes.elementsEqual(literal) { return true }
        guard bytes.contains(UInt8(ascii: "%")) else { return false }
        var index = bytes.startIndex
        var position = 0
        while index < bytes.endIndex {
            var byte = bytes[index]
            index = bytes.index(after: index)
            if byte == UInt8(ascii: "%"), index < bytes.endIndex {
                let second = bytes.index(after: index)
                if second < bytes.endIndex, let high = HexDigit.value(of: bytes[index]),
                    let low = HexDigit.value(of: bytes[second])
                {
                    byte = high << 4 | low
                    index = bytes.index(after: second)
                }
            }
            guard position < literal.count, literal[position] == byte else { return false }
            position += 1
        }
        return position == literal.count
    }

    /// The slot of a request method in a compiled method set: 0–6 for the seven verbs, `nil` for
    /// any other method (which only... nothing matches: `ANY` covers the seven verbs).
    static func verbSlot(_ method: String) -> Int? {
        switch method {
        case "GET": return 0
        case "POST": return 1
        case "PUT": return 2
        case "DELETE": return 3
        case "PATCH": return 4
        case "HEAD": return 5
        case "OPTIONS": return 6
        default: return nil
        }
    }

    /// The slot of `ANY`.
    static let anySlot = 7

    /// The slot of a declared verb.
    static func slot(of verb: HTTPVerb) -> Int { verb == .any ? anySlot : verbSlot(verb.name)! }
}
