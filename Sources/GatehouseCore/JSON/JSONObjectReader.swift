/// Reads the fields of one JSON object by name, exact type and range, and refuses everything else.
///
/// Batch lines and configuration files used to be read with "the value if it has the expected
/// type, else nothing": a wrong-typed `issuer` was skipped and the token verified without an
/// issuer check, `"resultTtlInSeconds": "0"` became the default 300 s cache. This reader cannot do
/// that: every field is read with its one expected JSON type (null included: null is a wrong type
/// unless a field says otherwise), integers are checked against their documented range, and
/// ``finish()`` refuses any key no one asked for. Each error names the field's path and what it must be.
///
/// ```swift
/// var line = try JSONObjectReader(node.value, path: "")
/// let token = try line.string("token")
/// let leeway = try line.optionalNumber("leeway", in: 0...3600) ?? 0
/// try line.finish()
/// ```
///
/// Keys are compared as bytes, as the parser's duplicate check compares them.
public struct JSONObjectReader: Sendable {
    /// Why a field was refused: its path (`context.region`) and the problem, as one message.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The dotted path of the offending field (`authorizers.jwt.timeoutSeconds`); empty for the
        /// object itself at the top.
        public let path: String
        /// Lowercase, names the field in backticks and says what it must be.
        public let message: String
        public var description: String { message }

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// This object's path, as a prefix for its fields' paths (empty at the top).
    public let path: String
    /// The members in document order. (Duplicate keys were refused by the parser.)
    public let members: [(key: String, value: JSONNode)]
    /// The keys read, compared as bytes like the parser's duplicate check.
    private var read: Set<JSONKey> = []

    /// Reads `value` as an object; anything else is a failure naming `path`.
    public init(_ value: JSONValue, path: String = "") throws(Failure) {
        guard case .object(let members) = value else {
            throw Failure(
                path: path,
                message: path.isEmpty
                    ? "expected a JSON object, found \(value.typeName)"
                    : "`\(path)` must be an object, not \(value.typeName)"
            )
        }
        self.path = path
        self.members = members
    }

    /// The path of a field of this object.
    public func path(of key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Whether the object has `key` (without reading it).
    public func has(_ key: String) -> Bool { members.contains { JSONKey.same($0.key, key) } }

    /// The raw value of `key`, marked as read; nil when absent. For fields of more than one shape.
    public mutating func optionalValue(_ key: String) -> JSONValue? {
        read.insert(JSONKey(key))
        return members.first { JSONKey.same($0.key, key) }?.value.value
    }

    /// The raw value of a required field.
    public mutating func value(_ key: String, expected: String) throws(Failure) -> JSONValue {
        guard let value = optionalValue(key) else { throw failure(key, "is required (\(expected))") }
        return value
    }

    /// A failure for `key`: "`path.key` " followed by `problem`.
    public func failure(_ key: String, _ problem: String) -> Failure {
        Failure(path: path(of: key), message: "`\(path(of: key))` \(problem)")
    }

    /// A failure for a value of the wrong type.
    public func wrongType(_ key: String, _ value: JSONValue, expected: String) -> Failure {
        failure(key, "must be \(expected), not \(value.typeName)")
    }

    // MARK: Strings

    public mutating func optionalString(_ key: String) throws(Failure) -> String? {
        guard let value = optionalValue(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, value, expected: "a string") }
        return text
    }

    public mutating func string(_ key: String) throws(Failure) -> String {
        guard let text = try optionalString(key) else { throw failure(key, "is required (a string)") }
        return text
    }

    /// A string that must be one of `choices` (compared exactly).
    public mutating func optionalChoice(_ key: String, _ choices: [String]) throws(Failure) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard choices.contains(text) else {
            throw failure(key, "must be one of \(Self.list(choices)), not `\(text)`")
        }
        return text
    }

    // MARK: Booleans

    public mutating func optionalBool(_ key: String) throws(Failure) -> Bool? {
        guard let value = optionalValue(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, value, expected: "true or false") }
        return flag
    }

    // MARK: Numbers

    /// An integer (no fraction, no exponent) within `range`.
    public mutating func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(Failure) -> Int? {
        guard let value = optionalValue(key) else { return nil }
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard case .number(let text) = value else { throw wrongType(key, value, expected: expected) }
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39) }) else {
            throw failure(key, "must be \(expected), not `\(text)`")
        }
        // Too many digits for an Int is out of range too.
        guard let number = Int(text), range.contains(number) else {
            throw failure(key, "must be \(expected), not `\(text)`")
        }
        return number
    }

    public mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(Failure) -> Int {
        guard let number = try optionalInteger(key, in: range) else {
            throw failure(key, "is required (an integer from \(range.lowerBound) to \(range.upperBound))")
        }
        return number
    }

    /// A finite number within `range` (fractions allowed).
    public mutating func optionalNumber(_ key: String, in range: ClosedRange<Double>) throws(Failure) -> Double? {
        guard let value = optionalValue(key) else { return nil }
        let expected = "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))"
        guard case .number(let text) = value else { throw wrongType(key, value, expected: expected) }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw failure(key, "must be \(expected), not `\(text)`")
        }
        return number
    }

    // MARK: Lists and objects

    /// An array of strings (empty allowed unless `nonEmpty`); an element of another type is refused
    /// with its index.
    public mutating func optionalStrings(_ key: String, nonEmpty: Bool = false) throws(Failure) -> [String]? {
        guard let value = optionalValue(key) else { return nil }
        let expected = nonEmpty ? "a non-empty list of strings" : "a list of strings"
        guard case .array(let elements) = value else { throw wrongType(key, value, expected: expected) }
        return try strings(elements, key: key, expected: expected, nonEmpty: nonEmpty)
    }

    /// A string, or an array of strings (`"audience": "api" | ["api", "web"]`).
    public mutating func optionalStringOrStrings(_ key: String, nonEmpty: Bool = false) throws(Failure) -> [String]? {
        guard let value = optionalValue(key) else { return nil }
        let expected = nonEmpty ? "a string or a non-empty list of strings" : "a string or a list of strings"
        switch value {
        case .string(let text): return [text]
        case .array(let elements): return try strings(elements, key: key, expected: expected, nonEmpty: nonEmpty)
        default: throw wrongType(key, value, expected: expected)
        }
    }

    private func strings(
        _ elements: [JSONNode],
        key: String,
        expected: String,
        nonEmpty: Bool
    ) throws(Failure) -> [String] {
        if nonEmpty && elements.isEmpty { throw failure(key, "must be \(expected), not an empty list") }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element.value else {
                let place = path(of: key) + "[\(index)]"
                throw Failure(path: place, message: "`\(place)` must be a string, not \(element.value.typeName)")
            }
            out.append(text)
        }
        return out
    }

    /// A nested object's reader (its own ``finish()`` checks its keys).
    public mutating func optionalObject(_ key: String) throws(Failure) -> JSONObjectReader? {
        guard let value = optionalValue(key) else { return nil }
        return try JSONObjectReader(value, path: path(of: key))
    }

    public mutating func object(_ key: String) throws(Failure) -> JSONObjectReader {
        guard let reader = try optionalObject(key) else { throw failure(key, "is required (an object)") }
        return reader
    }

    // MARK: Unknown keys

    /// Refuses the first key that was not read: a misspelt or unsupported field is an error, never
    /// silently ignored.
    public func finish() throws(Failure) {
        for (key, _) in members where !read.contains(JSONKey(key)) {
            let known = read.map(\.text).sorted()
            throw failure(
                key,
                "is not a known field" + (known.isEmpty ? "" : " here (known: \(known.joined(separator: ", ")))")
            )
        }
    }

    private static func list(_ choices: [String]) -> String {
        choices.map { "`\($0)`" }.joined(separator: ", ")
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
