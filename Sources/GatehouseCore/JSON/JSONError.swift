/// Why a JSON document was refused, and where.
///
/// The parser's own error, so that every module reading JSON (policies, tokens, authorizer
/// responses, credential_process output, batch lines) gets the same codes and positions; a module
/// with its own error type maps this one at its boundary (IAMPolicy keeps the same code names).
///
/// Equality compares only the code, so tests match on what went wrong rather than on wording.
/// Messages are lowercase and quote input in backticks. Every error carries a position: line and
/// column are 1-based and always set (the parser counts lines even when values carry no
/// locations); the path is the JSON path of the offending value, or the root `$` when the parse
/// ran without locations.
public struct JSONError: Error, Hashable, CustomStringConvertible {
    /// What went wrong. A closed-but-growing set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not JSON (RFC 8259), or not UTF-8, or a lone surrogate.
        public static let invalidJSON = Code("invalidJSON")
        /// Larger or deeper than the parser's limits.
        public static let tooLarge = Code("tooLarge")
        /// A key appears twice in one object (keys compared as bytes).
        public static let duplicateKey = Code("duplicateKey")
    }

    public let code: Code
    /// Lowercase; names the offending text in backticks.
    public let message: String
    /// Where: line, column and JSON path.
    public let location: JSONLocation

    public init(_ code: Code, _ message: String, at location: JSONLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// 1-based line of the offending text.
    public var line: Int { location.line }
    /// 1-based column (in characters) of the offending text.
    public var column: Int { location.column }
    /// The JSON path of the offending value, such as `$.Statement[1].Action`.
    public var path: String { location.path }

    public var description: String { "\(line):\(column): \(path): \(message) [\(code)]" }

    public static func == (lhs: JSONError, rhs: JSONError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
