/// Why a text is not a principal ARN. Equality compares only the code.
public struct PrincipalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A closed-but-growing set of reasons.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not `arn:partition:service:region:account:resource`.
        public static let notAnARN = Code("notAnARN")
        /// An ARN, but not one AWS issues for a principal: a region, an account that is not 12
        /// digits, a partition that is not lowercase letters and `-`, or another service.
        public static let notAPrincipal = Code("notAPrincipal")
        /// An IAM or STS resource this module does not read as a principal.
        public static let unknownResource = Code("unknownResource")
    }

    public let code: Code
    /// A lowercase sentence, the text in backticks.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
