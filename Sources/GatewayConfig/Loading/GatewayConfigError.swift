/// Why a configuration, OpenAPI document or stage settings file was refused, and where: the file,
/// the 1-based line and column, and the JSON path of the offending value.
///
/// Equality compares only the code, so tests match on what went wrong rather than on wording.
/// Messages are lowercase and put the user's text in backticks.
public struct GatewayConfigError: Error, Hashable, CustomStringConvertible {
    /// What went wrong. A closed-but-growing set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not JSON or YAML, or not UTF-8.
        public static let syntax = Code("syntax")
        /// Larger or deeper than the documented limits.
        public static let tooLarge = Code("tooLarge")
        /// A key appears twice in one object.
        public static let duplicateKey = Code("duplicateKey")
        /// A field the schema does not have.
        public static let unknownField = Code("unknownField")
        /// A value of the wrong type.
        public static let wrongType = Code("wrongType")
        /// A required field is absent.
        public static let missingField = Code("missingField")
        /// A value the schema does not allow.
        public static let invalidValue = Code("invalidValue")
        /// Two parts of the configuration contradict each other (a method naming an authorizer
        /// that does not exist, sibling parameters with different names).
        public static let inconsistent = Code("inconsistent")
        /// A document OpenAPIKit could not read as OpenAPI 3.0 or 3.1.
        public static let invalidOpenAPI = Code("invalidOpenAPI")
        /// The file could not be read.
        public static let unreadable = Code("unreadable")
    }

    public let code: Code
    public let message: String
    /// The file as named to the loader; empty for text given in code.
    public let file: String
    /// 1-based; 0 when unknown (a value built in code).
    public let line: Int
    public let column: Int
    /// The JSON path of the offending value (`$.apis.pets.resources./pets.GET.integration.type`).
    public let path: String

    public init(_ code: Code, _ message: String, file: String, line: Int, column: Int, path: String) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// `file:line:column: path: message [code]`.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(place): \(path): \(message) [\(code)]"
    }

    public static func == (lhs: GatewayConfigError, rhs: GatewayConfigError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
