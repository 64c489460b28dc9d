import GatehouseCrypto
import Synchronization

/// A request's query string, decoded strictly at most once: the validity check, query identity
/// sources and the event's query maps all read this one decoding (each decoded it again).
final class QueryMemo: Sendable {
    let raw: String
    private let decoded = Mutex<Result<[(String, String)], QueryStringError>?>(nil)
    /// How many times ``raw`` was decoded: at most once (tests hold it to that).
    let decodings = Atomic<Int>(0)

    init(_ raw: String) { self.raw = raw }

    /// The pairs, or the first component that does not decode strictly.
    var parameters: Result<[(String, String)], QueryStringError> {
        decoded.withLock { memo in
            if let memo { return memo }
            let result = Self.decode(raw)
            decodings.add(1, ordering: .relaxed)
            memo = result
            return result
        }
    }

    private static func decode(_ raw: String) -> Result<[(String, String)], QueryStringError> {
        var pairs: [(String, String)] = []
        var index = 0
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name: String
            switch AuthorizerRequest.decodeQueryComponent(parts[0]) {
            case .success(let decoded): name = decoded
            case .failure(let problem): return .failure(QueryStringError(parameter: index, name: nil, problem: problem))
            }
            var value = ""
            if parts.count > 1 {
                switch AuthorizerRequest.decodeQueryComponent(parts[1]) {
                case .success(let decoded): value = decoded
                case .failure(let problem):
                    return .failure(QueryStringError(parameter: index, name: name, problem: problem))
                }
            }
            pairs.append((name, value))
            index += 1
        }
        return .success(pairs)
    }
}

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

/// What is wrong with one query-string component.
public enum QueryComponentProblem: Error, Sendable, Hashable {
    /// A `%` not followed by two hex digits (`text`: the `%` and up to two bytes after it).
    case invalidEscape(offset: Int, text: String)
    /// The decoded bytes are not UTF-8 from `byteOffset` (of the decoded bytes) on.
    case notUTF8(byteOffset: Int)
}

/// A query string that does not decode strictly (``AuthorizerRequest/queryParameters``). Its
/// text never holds a value — values are tokens — only the parameter's position, its name (when
/// the value was the problem) and the escape at fault.
public struct QueryStringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pair's position in the query string, from 0.
    public let parameter: Int
    /// The decoded name when the value was at fault; `nil` when the name itself was.
    public let name: String?
    public let problem: QueryComponentProblem

    public var description: String {
        let part =
            name.map { "the value of query parameter `\(JWTVerifier.printable($0))`" }
            ?? "the name of query parameter \(parameter + 1)"
        switch problem {
        case .invalidEscape(let offset, let text):
            return
                "\(part) has `\(JWTVerifier.printable(text))` at byte \(offset), which is not a percent-escape (`%` and two hex digits)"
        case .notUTF8(let offset):
            return "\(part) does not decode to UTF-8 (decoded byte \(offset))"
        }
    }
}
