/// An error from signing or from reading a request: bad input, named precisely.
///
/// Equality compares only the code, so tests and callers match on what went wrong, not on the
/// wording of the message. Where it was thrown (``file`` and ``line``) is for developers: it is in
/// ``debugDescription`` (what a debugger, `dump` and `String(reflecting:)` print), never in
/// ``description`` or ``message``, which users read.
public struct SigV4Error: Error, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. A closed-but-growing set: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The raw request text is not a valid HTTP/1.1 request.
        public static let malformedRequest = Code("malformedRequest")
        /// A URL could not be parsed, or is not http(s).
        public static let malformedURL = Code("malformedURL")
        /// A `%` escape in the query is not followed by two hex digits.
        public static let malformedPercentEncoding = Code("malformedPercentEncoding")
        /// The request has no `Host` header and none could be derived.
        public static let missingHost = Code("missingHost")
        /// A date or timestamp could not be parsed.
        public static let invalidDate = Code("invalidDate")
        /// A presign expiry outside 1…604800 seconds.
        public static let invalidExpires = Code("invalidExpires")
        /// Credentials are missing or incomplete.
        public static let invalidCredentials = Code("invalidCredentials")
        /// Credentials whose expiration has passed (from a `credential_process`).
        public static let expiredCredentials = Code("expiredCredentials")
        /// A region, region set or service name is not usable in a credential scope.
        public static let invalidScope = Code("invalidScope")
        /// The request or body exceeds a limit.
        public static let requestTooLarge = Code("requestTooLarge")
        /// An aws-chunked body is malformed or a chunk signature is wrong.
        public static let invalidChunk = Code("invalidChunk")
        /// A cryptographic operation failed.
        public static let cryptoFailure = Code("cryptoFailure")
        /// A shared credentials or config file that the AWS CLI would not read either (``INIFile``).
        public static let malformedProfileFile = Code("malformedProfileFile")
    }

    public let code: Code
    /// A lowercase sentence naming the offending part.
    public let message: String
    /// The source file that threw it (`#fileID`: `SigV4/Signing/SigV4Signer.swift`).
    public let file: String
    /// The line in ``file``.
    public let line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }

    /// The description and where it was thrown, for debugging.
    public var debugDescription: String { "\(code): \(message) (at \(file):\(line))" }

    public static func == (lhs: SigV4Error, rhs: SigV4Error) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
