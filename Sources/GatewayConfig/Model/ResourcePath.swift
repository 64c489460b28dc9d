/// A resource's path template: literal segments, `{name}` parameters (one segment each) and a
/// final greedy `{name+}` (one or more segments), as API Gateway writes them (`/pets/{id}`,
/// `/files/{proxy+}`). The root is `/`, with no segments.
public struct ResourcePath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One part of a path template.
    public enum Segment: Sendable, Hashable {
        /// A segment matched as written.
        case literal(String)
        /// `{name}`: any one non-empty segment, captured as `name`.
        case parameter(String)
        /// `{name+}`: the rest of the path, one segment or more; only last.
        case greedy(String)

        /// The segment as written in a template.
        public var text: String {
            switch self {
            case .literal(let text): return text
            case .parameter(let name): return "{\(name)}"
            case .greedy(let name): return "{\(name)+}"
            }
        }
    }

    /// Why a template was refused.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Lowercase; names the template in backticks.
        public let message: String
        public var description: String { message }
    }

    /// The segments, root first.
    public let segments: [Segment]

    /// The root resource, `/`.
    public static let root = ResourcePath(segments: [])

    public init(segments: [Segment]) { self.segments = segments }

    /// Parses a template. It must start with `/`; segments are non-empty; a parameter's name is
    /// letters, digits, `_`, `-` and `.`; a greedy parameter is last; no name is used twice; a
    /// literal has no `{`, `}`, `%`, `?` or `#`. A trailing `/` is dropped (`/pets/` is `/pets`).
    public init(parsing text: String) throws(Problem) {
        guard text.first == "/" else { throw Problem(message: "the path `\(text)` must start with `/`") }
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.count > 1, parts.last == "" { parts = parts.dropLast() }
        if parts.count == 1, parts.first == "" {
            self.segments = []
            return
        }
        var segments: [Segment] = []
        var names: Set<String> = []
        for (offset, part) in parts.enumerated() {
            guard !part.isEmpty else { throw Problem(message: "the path `\(text)` has an empty segment") }
            if part.first == "{" {
                guard part.last == "}", part.count > 2 else {
                    throw Problem(message: "the path `\(text)` has a malformed parameter `\(part)`")
                }
                var name = part.dropFirst().dropLast()
                let greedy = name.last == "+"
                if greedy { name = name.dropLast() }
                guard !name.isEmpty, name.utf8.allSatisfy(Self.isNameByte) else {
                    throw Problem(message: "the path `\(text)` has a malformed parameter `\(part)`")
                }
                guard names.insert(String(name)).inserted else {
                    throw Problem(message: "the path `\(text)` uses the parameter name `\(name)` twice")
                }
                if greedy {
                    guard offset == parts.count - 1 else {
                        throw Problem(message: "the path `\(text)` has a greedy parameter `\(part)` before its end")
                    }
                    segments.append(.greedy(String(name)))
                } else {
                    segments.append(.parameter(String(name)))
                }
            } else {
                guard !part.contains("{"), !part.contains("}") else {
                    throw Problem(message: "the path `\(text)` has a brace inside the segment `\(part)`")
                }
                // Templates are decoded text: a request's `%XX` escapes are decoded to match them.
                guard !part.contains("%"), !part.contains("?"), !part.contains("#") else {
                    throw Problem(message: "the path `\(text)` has `%`, `?` or `#` in the segment `\(part)`")
                }
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        APIIdentifier.isIdentifierByte(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// The template as API Gateway prints it (`/pets/{id}`; the root is `/`).
    public var description: String {
        segments.isEmpty ? "/" : segments.map { "/" + $0.text }.joined()
    }

    /// Whether the last segment is greedy.
    public var isGreedy: Bool {
        if case .greedy = segments.last { return true }
        return false
    }

    /// Templates sort by their text, so listings and exports are stable.
    public static func < (lhs: ResourcePath, rhs: ResourcePath) -> Bool { lhs.description < rhs.description }
}
