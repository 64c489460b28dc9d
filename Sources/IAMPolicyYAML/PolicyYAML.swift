public import GatehouseCore
public import IAMPolicy

/// Policy documents written in YAML (reference/iam.md §1): the same grammar and errors as JSON,
/// with YAML's own line and column numbers and the JSON path of the offending value.
///
/// Scalars map to JSON as a person reads them: quoted scalars are strings; plain `true`/`false`
/// are booleans, `null`/`~` null, JSON-shaped numbers numbers, and everything else a string — so
/// `Version: 2012-10-17` is the string it looks like, never a timestamp. Aliases, anchors and
/// explicit tags (`!!binary`, `!!str`, `!local`) are refused wherever they stand: a policy has no
/// use for them, and aliases are how YAML bombs expand. One document per file. Keys compare as
/// ``DuplicateKeyDetector`` says, as in JSON.
public enum PolicyYAML {
    /// The largest document read, as for JSON.
    public static let maxBytes = 1024 * 1024
    /// The deepest nesting, as for JSON.
    public static let maxDepth = 32

    /// Loads a document of the given kind from YAML text.
    public static func parse(_ text: String, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        try PolicyDocument.load(tree(text), kind: kind)
    }

    /// Lints a YAML document.
    public static func lint(_ text: String, kind: PolicyKind) -> PolicyLinter.Report {
        do {
            return PolicyLinter.lint(
                try tree(text),
                kind: kind,
                characterCount: PolicyLinter.nonWhitespaceCharacters(Array(text.utf8))
            )
        } catch {
            return PolicyLinter.Report(document: nil, findings: [PolicyLinter.finding(for: error)])
        }
    }

    /// The located tree of a YAML document, as the JSON parser would give it.
    ///
    /// Built from libyaml's events (``YAMLEventReader``): an alias, an anchor or an explicit tag is
    /// refused at the event that carries it, so no alias is ever expanded, whatever the spelling
    /// (flow or block, tabs, quotes, merge keys `<<: *a`, complex keys `? *a`).
    public static func tree(_ text: String) throws(PolicyError) -> JSONNode {
        guard text.utf8.count <= maxBytes else {
            throw PolicyError(
                .tooLarge,
                "the document is \(text.utf8.count) bytes; the limit is \(maxBytes)",
                at: JSONLocation(line: 1, column: 1, path: "$")
            )
        }
        let reader = try YAMLEventReader(Array(text.utf8))
        var event = try reader.next()
        if event.kind == .streamStart { event = try reader.next() }
        guard event.kind == .documentStart else {
            throw PolicyError(.invalidJSON, "the document is empty", at: JSONLocation(line: 1, column: 1, path: "$"))
        }
        let root = try convert(reader.next(), reader, path: .root, depth: 0)
        event = try reader.next()  // the document's end
        event = try reader.next()
        guard event.kind == .streamEnd else {
            throw PolicyError(
                .invalidJSON,
                "not YAML: more than one document in the file (`---`); a policy is one document",
                at: reader.location(event)
            )
        }
        return root
    }

    /// The one message for every alias and anchor, wherever it stands.
    static let aliasMessage = "YAML anchors and aliases are not allowed in policy documents"

    /// Refuses what a policy node may not carry: an alias, an anchor or an explicit tag.
    private static func check(_ event: YAMLEvent, _ reader: YAMLEventReader, path: JSONPath) throws(PolicyError) {
        if event.kind == .alias {
            throw PolicyError(
                .invalidValue,
                "\(aliasMessage) (`*\(event.anchor ?? "")`)",
                at: reader.location(event, path)
            )
        }
        if let anchor = event.anchor {
            throw PolicyError(.invalidValue, "\(aliasMessage) (`&\(anchor)`)", at: reader.location(event, path))
        }
        if let tag = event.tag {
            throw PolicyError(
                .invalidValue,
                "YAML tags are not allowed in policy documents (`\(tag)`)",
                at: reader.location(event, path)
            )
        }
    }

    private static func convert(
        _ event: YAMLEvent,
        _ reader: YAMLEventReader,
        path: JSONPath,
        depth: Int
    ) throws(PolicyError) -> JSONNode {
        try check(event, reader, path: path)
        let here = reader.location(event, path)
        switch event.kind {
        case .scalar:
            return JSONNode(value: value(of: event), location: here)
        case .mappingStart:
            guard depth < maxDepth else {
                throw PolicyError(.tooLarge, "nesting deeper than \(maxDepth) levels", at: here)
            }
            var members: [(key: String, value: JSONNode)] = []
            var keys = DuplicateKeyDetector()
            let children = path.children
            while true {
                let keyEvent = try reader.next()
                if keyEvent.kind == .mappingEnd { break }
                try check(keyEvent, reader, path: path)
                guard keyEvent.kind == .scalar else {
                    throw PolicyError(
                        .wrongType,
                        "mapping keys must be plain strings",
                        at: reader.location(keyEvent, path)
                    )
                }
                let key = keyEvent.value
                let memberPath = children.key(key)
                guard keys.insert(key) else {
                    throw PolicyError(
                        .duplicateKey,
                        "the key `\(key)` appears twice in this mapping",
                        at: reader.location(keyEvent, memberPath)
                    )
                }
                members.append((key, try convert(reader.next(), reader, path: memberPath, depth: depth + 1)))
            }
            return JSONNode(value: .object(members), location: here)
        case .sequenceStart:
            guard depth < maxDepth else {
                throw PolicyError(.tooLarge, "nesting deeper than \(maxDepth) levels", at: here)
            }
            var elements: [JSONNode] = []
            let children = path.children
            while true {
                let element = try reader.next()
                if element.kind == .sequenceEnd { break }
                elements.append(try convert(element, reader, path: children.index(elements.count), depth: depth + 1))
            }
            return JSONNode(value: .array(elements), location: here)
        default:
            throw PolicyError(.invalidJSON, "not YAML: an unexpected event", at: here)
        }
    }

    private static func value(of scalar: YAMLEvent) -> JSONValue {
        guard scalar.plain else { return .string(scalar.value) }
        switch scalar.value {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "~", "": return .null
        default:
            return isJSONNumber(scalar.value) ? .number(scalar.value) : .string(scalar.value)
        }
    }

    /// RFC 8259's number grammar.
    private static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                bytes = bytes.dropFirst()
                count += 1
            }
            return count
        }
        let leading = bytes.first
        let integer = digits()
        guard integer > 0, !(integer > 1 && leading == UInt8(ascii: "0")) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
