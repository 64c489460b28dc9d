package import GatehouseCore

/// Reads the members of one object of a located tree by name and exact type, and accounts for
/// every member: ``finish(unsupported:)`` refuses (strict) or reports (lenient) any key no one
/// read, so nothing in a configuration is silently ignored.
///
/// Like GatehouseCore's `JSONObjectReader`, but every error carries the file, line, column and
/// JSON path of the offending value.
package struct ConfigObject {
    package let node: JSONNode
    package let members: [(key: String, value: JSONNode)]
    package let context: LoadContext
    private var read: Set<String> = []

    /// Reads `node` as an object; `what` names it in the error otherwise (`the integration`).
    package init(_ node: JSONNode, _ context: LoadContext, what: String) throws(GatewayConfigError) {
        guard case .object(let members) = node.value else {
            throw context.error(.wrongType, "\(what) must be an object, not \(node.value.typeName)", at: node)
        }
        self.node = node
        self.members = members
        self.context = context
    }

    /// The keys in document order.
    package var keys: [String] { members.map(\.key) }

    /// The member `key`, marked as read.
    package mutating func value(_ key: String) -> JSONNode? {
        read.insert(key)
        return members.first { $0.key == key }?.value
    }

    /// Marks `key` read without reading it (a field handled elsewhere).
    package mutating func skip(_ key: String) { read.insert(key) }

    package func missing(_ key: String, _ expected: String) -> GatewayConfigError {
        context.error(.missingField, "`\(key)` is required (\(expected))", at: node, key: key)
    }

    package func wrongType(_ key: String, _ value: JSONNode, _ expected: String) -> GatewayConfigError {
        context.error(.wrongType, "`\(key)` must be \(expected), not \(value.value.typeName)", at: value)
    }

    package func invalid(_ value: JSONNode, _ message: String) -> GatewayConfigError {
        context.error(.invalidValue, message, at: value)
    }

    // MARK: Scalars

    package mutating func optionalString(_ key: String) throws(GatewayConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value.value else { throw wrongType(key, value, "a string") }
        return text
    }

    package mutating func string(_ key: String) throws(GatewayConfigError) -> String {
        guard let text = try optionalString(key) else { throw missing(key, "a string") }
        return text
    }

    /// A string that must be one of `choices`; with `ignoringCase`, returned as the choice spells it.
    package mutating func optionalChoice(
        _ key: String,
        _ choices: [String],
        ignoringCase: Bool = false
    ) throws(GatewayConfigError) -> String? {
        guard let node = value(key) else { return nil }
        guard case .string(let text) = node.value else { throw wrongType(key, node, "a string") }
        let found = choices.first { ignoringCase ? $0.lowercased() == text.lowercased() : $0 == text }
        guard let found else {
            throw invalid(node, "`\(key)` must be one of \(Self.list(choices)), not `\(text)`")
        }
        return found
    }

    package mutating func optionalBool(_ key: String) throws(GatewayConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value.value else { throw wrongType(key, value, "true or false") }
        return flag
    }

    /// An integer in `range`. A string of digits is accepted too when `digitsInString` (AWS writes
    /// `"statusCode": "200"` in some places and `200` in others).
    package mutating func optionalInteger(
        _ key: String,
        in range: ClosedRange<Int>,
        digitsInString: Bool = false
    ) throws(GatewayConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        let text: String
        switch value.value {
        case .number(let digits): text = digits
        case .string(let digits) where digitsInString: text = digits
        default: throw wrongType(key, value, expected)
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39) }),
            let number = Int(text), range.contains(number)
        else { throw invalid(value, "`\(key)` must be \(expected), not `\(text)`") }
        return number
    }

    /// A finite number in `range`.
    package mutating func optionalNumber(
        _ key: String,
        in range: ClosedRange<Double>
    ) throws(GatewayConfigError)
        -> Double?
    {
        guard let value = value(key) else { return nil }
        let expected = "a number from \(range.lowerBound) to \(range.upperBound)"
        guard case .number(let text) = value.value else { throw wrongType(key, value, expected) }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw invalid(value, "`\(key)` must be \(expected), not `\(text)`")
        }
        return number
    }

    // MARK: Collections

    /// A list of strings; with `commaSeparated`, a single string is split at commas (API Gateway
    /// writes `identitySource` and `types` both ways).
    package mutating func optionalStrings(
        _ key: String,
        commaSeparated: Bool = false
    ) throws(GatewayConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        switch value.value {
        case .string(let text) where commaSeparated:
            return text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        case .array(let elements):
            var out: [String] = []
            for element in elements {
                guard case .string(let text) = element.value else {
                    throw context.error(.wrongType, "must be a string, not \(element.value.typeName)", at: element)
                }
                out.append(text)
            }
            return out
        default:
            throw wrongType(key, value, commaSeparated ? "a string or a list of strings" : "a list of strings")
        }
    }

    /// An object whose values are all strings (`requestTemplates`, `variables`).
    package mutating func optionalStringMap(_ key: String) throws(GatewayConfigError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value.value else { throw wrongType(key, value, "an object of strings") }
        var out: [String: String] = [:]
        for (name, member) in members {
            guard case .string(let text) = member.value else {
                throw context.error(.wrongType, "must be a string, not \(member.value.typeName)", at: member)
            }
            out[name] = text
        }
        return out
    }

    package mutating func optionalObject(_ key: String, what: String? = nil) throws(GatewayConfigError) -> ConfigObject?
    {
        guard let value = value(key) else { return nil }
        return try ConfigObject(value, context, what: what ?? "`\(key)`")
    }

    // MARK: Accounting

    /// Accounts for the keys no one read: `unsupported` keys (name → why) become notices in any
    /// mode; any other key is an error in strict mode and an unknown-field notice otherwise.
    package func finish(unsupported: [String: String] = [:]) throws(GatewayConfigError) {
        for (key, value) in members where !read.contains(key) {
            if let why = unsupported[key] {
                context.note(.unsupported, "`\(key)` is accepted but \(why)", at: value)
            } else if context.strict {
                let known = read.sorted()
                throw context.error(
                    .unknownField,
                    "`\(key)` is not a known field"
                        + (known.isEmpty ? "" : " here (known: \(known.joined(separator: ", ")))"),
                    at: value
                )
            } else {
                let kind: ConfigNotice.Kind = key.hasPrefix("x-") ? .unknownExtension : .unsupported
                context.note(kind, "`\(key)` is not read by Gatehouse and has no effect", at: value)
            }
        }
    }

    static func list(_ choices: [String]) -> String { choices.map { "`\($0)`" }.joined(separator: ", ") }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
