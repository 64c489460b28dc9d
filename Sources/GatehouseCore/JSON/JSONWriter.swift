/// Writes a ``JSONValue`` as JSON text (RFC 8259): members in the order built (so events and
/// reports read like AWS's; a caller that wants sorted keys sorts them), strings escaped as the
/// RFC requires and no more (`"`, `\`, and control characters: `\n`, `\r`, `\t` by name, the
/// rest as `\u00xx`; `/` and non-ASCII text as they are), numbers written as their text (an
/// integer built with ``JSONValue/integer(_:)``, or a parsed number exactly as it was read).
///
/// The one writer of the package: authorizer events and answers compactly, and the CLI's JSON
/// output in ``Options/foundationStyle``, byte for byte what `JSONSerialization` printed before.
public enum JSONWriter {
    /// How the text is laid out.
    public struct Options: Sendable {
        /// Two-space indentation with `"key" : value`, an empty container as `{`, a blank line and
        /// `}` — the layout of Foundation's `.prettyPrinted` (what `--output json` has always printed).
        public var pretty = false
        /// Backspace and form feed as `\b` and `\f` instead of `\u0008` and `\u000c`.
        public var shortEscapes = false

        public init(pretty: Bool = false, shortEscapes: Bool = false) {
            self.pretty = pretty
            self.shortEscapes = shortEscapes
        }

        /// Compact, escapes as events have always been written.
        public static let compact = Options()
        /// The escapes `JSONSerialization` writes (`\b`, `\f`), compact or pretty.
        public static func foundationStyle(pretty: Bool) -> Options { Options(pretty: pretty, shortEscapes: true) }
    }

    /// JSON text for `value`.
    public static func text(_ value: JSONValue, options: Options = .compact) -> String {
        var out = ""
        write(value, into: &out, options: options)
        return out
    }

    /// Appends `value` as JSON text to `out`.
    public static func write(_ value: JSONValue, into out: inout String, options: Options = .compact) {
        write(value, into: &out, options: options, indent: 0)
    }

    private static func write(_ value: JSONValue, into out: inout String, options: Options, indent: Int) {
        switch value {
        case .object(let members):
            out += "{"
            if options.pretty {
                newline(into: &out, indent: indent + 2, empty: members.isEmpty)
            }
            for (index, member) in members.enumerated() {
                if index > 0 {
                    out += ","
                    if options.pretty { newline(into: &out, indent: indent + 2, empty: false) }
                }
                quote(member.key, into: &out, shortEscapes: options.shortEscapes)
                out += options.pretty ? " : " : ":"
                write(member.value.value, into: &out, options: options, indent: indent + 2)
            }
            if options.pretty { closing(into: &out, indent: indent) }
            out += "}"
        case .array(let elements):
            out += "["
            if options.pretty {
                newline(into: &out, indent: indent + 2, empty: elements.isEmpty)
            }
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    out += ","
                    if options.pretty { newline(into: &out, indent: indent + 2, empty: false) }
                }
                write(element.value, into: &out, options: options, indent: indent + 2)
            }
            if options.pretty { closing(into: &out, indent: indent) }
            out += "]"
        case .string(let text): quote(text, into: &out, shortEscapes: options.shortEscapes)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// After an opening bracket or a comma: a line break and the members' indentation (an empty
    /// container gets the blank line alone).
    private static func newline(into out: inout String, indent: Int, empty: Bool) {
        out += "\n"
        if !empty { out += String(repeating: " ", count: indent) }
    }

    /// Before a closing bracket: a line break and the container's own indentation.
    private static func closing(into out: inout String, indent: Int) {
        out += "\n"
        out += String(repeating: " ", count: indent)
    }

    /// Appends `text` as a JSON string, quotes included.
    ///
    /// Walks the UTF-8 bytes: every byte that needs an escape is ASCII, so the runs between
    /// them start and end on scalar boundaries and are appended whole as substrings (a copy of
    /// bytes). Scalar by scalar, through `unicodeScalars.append(contentsOf:)`, this was a quarter
    /// of the gateway's CPU per request (its access-log line), measured with perf.
    public static func quote(_ text: String, into out: inout String, shortEscapes: Bool = false) {
        out += "\""
        let utf8 = text.utf8
        var run = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                utf8.formIndex(after: &index)
                continue
            }
            let escape: String
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08 where shortEscapes: escape = "\\b"
            case 0x0C where shortEscapes: escape = "\\f"
            default:
                let hex = String(byte, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            out += text[run..<index]
            out += escape
            utf8.formIndex(after: &index)
            run = index
        }
        out += text[run..<utf8.endIndex]
        out += "\""
    }
}

extension JSONValue {
    /// Compact JSON text (``JSONWriter``).
    public var serialized: String { JSONWriter.text(self) }

    /// Compact JSON text as UTF-8 bytes.
    public var serializedBytes: [UInt8] { Array(serialized.utf8) }

    /// An integer, written as its decimal digits.
    public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// A string, or `null` for `nil`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// An object built in code, members in the order given.
    public static func members(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.map { (key: $0.0, value: JSONNode($0.1)) })
    }

    /// An array built in code.
    public static func elements(_ elements: [JSONValue]) -> JSONValue { .array(elements.map(JSONNode.init)) }

    /// An object's members as (key, value) pairs, without their locations; `nil` when not an object.
    public var memberValues: [(String, JSONValue)]? {
        guard case .object(let members) = self else { return nil }
        return members.map { ($0.key, $0.value.value) }
    }

    /// An array's elements without their locations; `nil` when not an array.
    public var elementValues: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements.map(\.value)
    }
}

extension JSONValue: Equatable {
    /// Structural equality: the same JSON written the same way (object members in order, keys
    /// and strings compared as bytes, numbers as written); locations are not compared.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return JSONKey.same(a, b)
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.value == $1.value }
        case (.object(let a), .object(let b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { JSONKey.same($0.key, $1.key) && $0.value.value == $1.value.value }
        default: return false
        }
    }
}
