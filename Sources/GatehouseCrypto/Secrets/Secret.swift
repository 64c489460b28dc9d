/// A secret string (secret access key, password, token) that never prints.
///
/// `description`, `debugDescription` and string interpolation all show `<redacted>`, so a secret
/// that reaches a log line or an error message by accident does not leak. Read the value only
/// where it is used, through ``revealed``.
public struct Secret: Sendable, Hashable {
    /// The secret itself. Use only where it is needed; never log it.
    public let revealed: String

    public init(_ value: String) {
        self.revealed = value
    }

    public var isEmpty: Bool { revealed.isEmpty }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

extension Secret: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension Secret {
    /// Secret bytes (an HMAC key, a private key's PEM) that never print.
    public struct Bytes: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The bytes themselves. Use only where they are needed; never log them.
        public let bytes: [UInt8]

        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        public var isEmpty: Bool { bytes.isEmpty }
        public var description: String { "<redacted \(bytes.count) bytes>" }
        public var debugDescription: String { description }
    }
}
