public import GatehouseCore

/// Why a policy document was rejected, and where.
///
/// Equality compares only the code, so tests match on what went wrong rather than on wording.
/// Messages are lowercase, quote user input in backticks and name the JSON path.
public struct PolicyError: Error, Hashable, CustomStringConvertible {
    /// What went wrong. A closed-but-growing set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not JSON, or not UTF-8.
        public static let invalidJSON = Code("invalidJSON")
        /// Larger or deeper than the documented limits.
        public static let tooLarge = Code("tooLarge")
        /// A key appears twice in one object.
        public static let duplicateKey = Code("duplicateKey")
        /// A key the grammar does not have.
        public static let unknownKey = Code("unknownKey")
        /// A value of the wrong JSON type.
        public static let wrongType = Code("wrongType")
        /// A required element is absent, or a string or list is empty.
        public static let missingElement = Code("missingElement")
        /// Both elements of a pair (`Action`/`NotAction`, …) are present.
        public static let conflictingElements = Code("conflictingElements")
        /// A value the grammar does not allow (`Version`, `Effect`, an action, a principal, …).
        public static let invalidValue = Code("invalidValue")
    }

    public let code: Code
    public let message: String
    /// 1-based line and column of the offending value (0 when unknown).
    public let line: Int
    public let column: Int
    /// The JSON path of the offending value, such as `$.Statement[1].Action`.
    public let path: String

    public init(_ code: Code, _ message: String, at location: JSONLocation) {
        self.code = code
        self.message = message
        self.line = location.line
        self.column = location.column
        self.path = location.path
    }

    /// A JSON error as a policy error: the same code name (`invalidJSON`, `tooLarge`,
    /// `duplicateKey`), message and place, so a policy's messages read as they always have.
    public init(_ error: JSONError) {
        let code: Code
        switch error.code {
        case .duplicateKey: code = .duplicateKey
        case .tooLarge: code = .tooLarge
        default: code = .invalidJSON
        }
        self.init(code, error.message, at: error.location)
    }

    public var description: String { "\(line):\(column): \(path): \(message) [\(code)]" }

    public static func == (lhs: PolicyError, rhs: PolicyError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
