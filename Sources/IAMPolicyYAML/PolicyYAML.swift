public import IAMPolicy
import Yams

/// Policy documents written in YAML (reference/iam.md §1): the same grammar and errors as JSON,
/// with YAML's own line and column numbers and the JSON path of the offending value.
///
/// Scalars map to JSON as a person reads them: quoted scalars are strings; plain `true`/`false`
/// are booleans, `null`/`~` null, JSON-shaped numbers numbers, and everything else a string — so
/// `Version: 2012-10-17` is the string it looks like, never a timestamp. Aliases and tags are
/// refused: a policy has no use for them, and aliases are how YAML bombs expand.
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
    public static func tree(_ text: String) throws(PolicyError) -> JSONNode {
        guard text.utf8.count <= maxBytes else {
            throw PolicyError(
                .tooLarge,
                "the document is \(text.utf8.count) bytes; the limit is \(maxBytes)",
                at: JSONLocation(line: 1, column: 1, path: "$")
            )
        }
        if let place = anchorOrAlias(in: text) {
            throw PolicyError(
                .invalidValue,
                "YAML anchors and aliases are not allowed in policy documents",
                at: JSONLocation(line: place.line, column: place.column, path: "$")
            )
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw translate(error)
        } catch {
            throw PolicyError(.invalidJSON, "not YAML: \(error)", at: JSONLocation(line: 1, column: 1, path: "$"))
        }
        guard let root else {
            throw PolicyError(.invalidJSON, "the document is empty", at: JSONLocation(line: 1, column: 1, path: "$"))
        }
        return try convert(root, path: "$", depth: 0)
    }

    /// The first `&anchor` or `*alias` token, found before Yams composes anything — Yams resolves
    /// aliases by sharing nodes, so a billion-laughs document would only explode when walked.
    /// Quoted strings and comments are skipped; `*` or `&` inside a plain scalar (`s3:*`) is not a
    /// token, only one that starts a value (after a space, `[`, `{`, `,` or at a line's start).
    static func anchorOrAlias(in text: String) -> (line: Int, column: Int)? {
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character? = nil
            var previous: Character = " "
            var column = 0
            var iterator = line.makeIterator()
            while let char = iterator.next() {
                column += 1
                if let open = quote {
                    if char == open { quote = nil }
                    previous = char
                    continue
                }
                if char == "#" && (previous == " " || column == 1) { break }
                if (char == "\"" || char == "'") && " [{,:-".contains(previous) {
                    quote = char
                } else if (char == "&" || char == "*") && " [{,".contains(previous) {
                    // `*` or `&` followed by a name character starts an alias or anchor.
                    var lookahead = iterator
                    if let next = lookahead.next(), !" ,]}\t".contains(next) { return (lineIndex + 1, column) }
                }
                previous = char
            }
        }
        return nil
    }

    private static func location(_ mark: Mark?, _ path: String) -> JSONLocation {
        JSONLocation(line: mark?.line ?? 0, column: mark?.column ?? 0, path: path)
    }

    private static func translate(_ error: YamlError) -> PolicyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PolicyError(.invalidJSON, "not YAML: \(problem)", at: location(mark, "$"))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyError(
                .duplicateKey,
                "the key `\(duplicates.first ?? "")` appears twice in one mapping",
                at: location(context.mark, "$")
            )
        default:
            return PolicyError(.invalidJSON, "not YAML: \(error)", at: JSONLocation(line: 1, column: 1, path: "$"))
        }
    }

    private static func convert(_ node: Node, path: String, depth: Int) throws(PolicyError) -> JSONNode {
        let here = location(node.mark, path)
        switch node {
        case .scalar(let scalar):
            return JSONNode(value: value(of: scalar), location: here)
        case .mapping(let mapping):
            guard depth < maxDepth else {
                throw PolicyError(.tooLarge, "nesting deeper than \(maxDepth) levels", at: here)
            }
            var members: [(key: String, value: JSONNode)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw PolicyError(
                        .wrongType,
                        "mapping keys must be plain strings",
                        at: location(keyNode.mark, path)
                    )
                }
                let memberPath = path + "." + key.string
                if members.contains(where: { $0.key == key.string }) {
                    throw PolicyError(
                        .duplicateKey,
                        "the key `\(key.string)` appears twice in this mapping",
                        at: location(keyNode.mark, memberPath)
                    )
                }
                members.append((key.string, try convert(valueNode, path: memberPath, depth: depth + 1)))
            }
            return JSONNode(value: .object(members), location: here)
        case .sequence(let sequence):
            guard depth < maxDepth else {
                throw PolicyError(.tooLarge, "nesting deeper than \(maxDepth) levels", at: here)
            }
            var elements: [JSONNode] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, path: "\(path)[\(index)]", depth: depth + 1))
            }
            return JSONNode(value: .array(elements), location: here)
        case .alias:
            throw PolicyError(.invalidValue, "YAML aliases are not allowed in policy documents", at: here)
        }
    }

    private static func value(of scalar: Node.Scalar) -> JSONValue {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        switch scalar.string {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "~", "": return .null
        default:
            return isJSONNumber(scalar.string) ? .number(scalar.string) : .string(scalar.string)
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
