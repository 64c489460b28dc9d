/// Why a text is not a principal ARN, or parts make no principal. Equality compares only the code.
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

        // The parts ``Principal/user(_:account:path:partition:tags:)`` is given, one code each,
        // so a caller can tell which argument was wrong.

        /// A user name that is empty or holds a `/`.
        public static let invalidName = Code("invalidName")
        /// An account that is not 12 ASCII digits.
        public static let invalidAccount = Code("invalidAccount")
        /// A path that does not start and end with `/`.
        public static let invalidPath = Code("invalidPath")
        /// A partition that is empty or not lowercase ASCII letters and `-`.
        public static let invalidPartition = Code("invalidPartition")
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
