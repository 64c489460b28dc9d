/// An error from a cryptographic operation: a key that could not be built or used.
public struct CryptoError: Error, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Key bytes that do not form a valid key (wrong length, not on the curve, out of range).
        public static let invalidKey = Code("invalidKey")
        /// The library refused to sign.
        public static let signingFailed = Code("signingFailed")
    }

    public let code: Code
    private let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
