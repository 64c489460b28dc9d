/// The strict JSON parser (RFC 8259) every Gatehouse module reads untrusted JSON with: policy
/// documents, JWT headers and claims, JWKS, authorizer responses, credential_process output,
/// configuration files and batch lines.
///
/// Unlike `JSONSerialization` and `JSONDecoder` it reports line, column and JSON path, rejects
/// duplicate keys (compared as bytes: a precomposed `é` and `e` + U+0301 are two keys, as IAM and
/// a token's issuer see them), rejects invalid UTF-8 and lone surrogates, and stops at documented
/// size and depth limits instead of exhausting memory or the stack. Numbers are kept as written.
public struct JSONParser {
    /// Limits for untrusted documents.
    public struct Limits: Sendable {
        /// The largest document read, in bytes. AWS's largest policy (a 20 KB resource policy) is far
        /// below; callers reading other documents set their own.
        public var maxBytes = 1024 * 1024
        /// The deepest nesting of arrays and objects (policies need 5); bounds the parser's recursion.
        public var maxDepth = 32
        /// Whether nodes carry their line, column and JSON path. Off for small hot-path documents
        /// (JWT headers and claims), where building paths costs more than the parse; errors then
        /// still report line and column, with the root `$` as their path.
        public var locations = true

        public init() {}

        /// The default limits without locations: for documents whose errors need no JSON path
        /// (events, function answers, key sets read in bulk).
        public static var withoutLocations: Limits {
            var limits = Limits()
            limits.locations = false
            return limits
        }
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// The last column computed, and where: columns are asked for at increasing positions, so
    /// counting resumes there instead of from the line's start (one-line documents stay linear).
    private var columnMark = (position: 0, column: 1)

    /// Parses `bytes` into a tree of located values.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(JSONError) -> JSONNode {
        guard bytes.count <= limits.maxBytes else {
            throw JSONError(
                .tooLarge,
                "the document is \(bytes.count) bytes; the limit is \(limits.maxBytes)",
                at: JSONLocation(line: 1, column: 1, path: "$")
            )
        }
        var parser = JSONParser(bytes: bytes, limits: limits)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }  // a UTF-8 byte-order mark
        parser.skipWhitespace()
        let node = try parser.parseValue(path: .root, depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.error(.invalidJSON, "unexpected text after the document", path: .root)
        }
        return node
    }

    /// Parses a string.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(JSONError) -> JSONNode {
        try parse(Array(text.utf8), limits: limits)
    }

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private var location: (line: Int, column: Int) {
        mutating get { location(at: index) }
    }

    /// Line and column of `target`, a position on the current line at or before `index`.
    private mutating func location(at target: Int) -> (line: Int, column: Int) {
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        var column = 1
        var position = lineStart
        if columnMark.position >= lineStart && columnMark.position <= target {
            (position, column) = columnMark
        }
        while position < target {
            if bytes[position] & 0xC0 != 0x80 { column += 1 }
            position += 1
        }
        columnMark = (position, column)
        return (line, column)
    }

    private mutating func error(_ code: JSONError.Code, _ message: String, path: JSONPath) -> JSONError {
        let (line, column) = location
        return JSONError(code, message, at: JSONLocation(line: line, column: column, jsonPath: path))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(path: JSONPath, depth: Int) throws(JSONError) -> JSONNode {
        let here: JSONLocation
        if limits.locations {
            let (line, column) = location
            here = JSONLocation(line: line, column: column, jsonPath: path)
        } else {
            here = .unknown
        }
        guard index < bytes.count else {
            throw error(.invalidJSON, "the document ends where a value was expected", path: path)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < limits.maxDepth else {
                throw error(.tooLarge, "nesting deeper than \(limits.maxDepth) levels", path: path)
            }
            return JSONNode(value: try parseObject(path: path, depth: depth + 1), location: here)
        case UInt8(ascii: "["):
            guard depth < limits.maxDepth else {
                throw error(.tooLarge, "nesting deeper than \(limits.maxDepth) levels", path: path)
            }
            return JSONNode(value: try parseArray(path: path, depth: depth + 1), location: here)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try parseString(path: path)), location: here)
        case UInt8(ascii: "t"):
            try expectLiteral("true", path: path)
            return JSONNode(value: .bool(true), location: here)
        case UInt8(ascii: "f"):
            try expectLiteral("false", path: path)
            return JSONNode(value: .bool(false), location: here)
        case UInt8(ascii: "n"):
            try expectLiteral("null", path: path)
            return JSONNode(value: .null, location: here)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber(path: path)), location: here)
        default:
            throw error(.invalidJSON, "expected a value, found `\(printable(at: index))`", path: path)
        }
    }

    private mutating func parseObject(path: JSONPath, depth: Int) throws(JSONError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        var keys = DuplicateKeyDetector()
        // One link to this object's path, shared by its members' paths (none without locations).
        let children = limits.locations ? path.children : nil
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error(.invalidJSON, "expected a quoted key", path: path)
            }
            // A key has no line break in it: its line is the current one when a duplicate is found.
            let keyStart = index
            let key = try parseString(path: path)
            let memberPath = children?.key(key) ?? path
            guard keys.insert(key) else {
                let (line, column) = location(at: keyStart)
                throw JSONError(
                    .duplicateKey,
                    "the key `\(key)` appears twice in this object",
                    at: JSONLocation(line: line, column: column, jsonPath: memberPath)
                )
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error(.invalidJSON, "expected `:` after the key `\(key)`", path: memberPath)
            }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(path: memberPath, depth: depth)))
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.invalidJSON, "the document ends inside an object", path: path)
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error(.invalidJSON, "expected `,` or `}` in an object", path: path)
        }
    }

    private mutating func parseArray(path: JSONPath, depth: Int) throws(JSONError) -> JSONValue {
        index += 1
        var elements: [JSONNode] = []
        let children = limits.locations ? path.children : nil
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(path: children?.index(elements.count) ?? path, depth: depth))
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.invalidJSON, "the document ends inside an array", path: path)
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw error(.invalidJSON, "expected `,` or `]` in an array", path: path)
        }
    }

    private mutating func parseString(path: JSONPath) throws(JSONError) -> String {
        index += 1  // opening quote
        // Fast path: a run without escapes or control characters becomes the string directly.
        let start = index
        var scan = index
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            scan += 1
        }
        if scan < bytes.count && bytes[scan] == UInt8(ascii: "\"") {
            let text: String? = unsafe bytes.withUnsafeBufferPointer { buffer in
                let run = unsafe UnsafeBufferPointer(rebasing: buffer[start..<scan])
                // ASCII (the common case) needs no validation; `String(validating:)` is generic
                // and costs more than the whole parse of a JWT header.
                let ascii = unsafe !run.contains { $0 >= 0x80 }
                return unsafe ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
            }
            guard let text else { throw error(.invalidJSON, "a string is not valid UTF-8", path: path) }
            index = scan + 1
            return text
        }
        var out: [UInt8] = Array(bytes[start..<scan])
        index = scan
        while true {
            guard index < bytes.count else { throw error(.invalidJSON, "a string is not closed", path: path) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw error(.invalidJSON, "a string is not valid UTF-8", path: path)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error(.invalidJSON, "a string ends in `\\`", path: path) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4(path: path)
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error(.invalidJSON, "a lone UTF-16 surrogate in a `\\u` escape", path: path) }
                        index += 2
                        let low = try hex4(path: path)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error(.invalidJSON, "a lone UTF-16 surrogate in a `\\u` escape", path: path)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error(.invalidJSON, "a lone UTF-16 surrogate in a `\\u` escape", path: path)
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw error(.invalidJSON, "`\\\(printable(at: index - 1))` is not a JSON escape", path: path)
                }
            case 0x00...0x1F:
                throw error(.invalidJSON, "a control character inside a string (escape it)", path: path)
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func hex4(path: JSONPath) throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else {
            throw error(.invalidJSON, "a `\\u` escape needs four hex digits", path: path)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(.invalidJSON, "a `\\u` escape needs four hex digits", path: path)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber(path: JSONPath) throws(JSONError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - from
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else {
            throw error(.invalidJSON, "a malformed number", path: path)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error(.invalidJSON, "a malformed number", path: path) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw error(.invalidJSON, "a malformed number", path: path) }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString, path: JSONPath) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
            (0..<count).allSatisfy({ unsafe bytes[index + $0] == literal.utf8Start[$0] })
        else { throw error(.invalidJSON, "expected `\(literal)`", path: path) }
        index += count
    }

    private func printable(at position: Int) -> String {
        guard position < bytes.count else { return "end of document" }
        let byte = bytes[position]
        return byte >= 0x20 && byte < 0x7F ? String(Unicode.Scalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
