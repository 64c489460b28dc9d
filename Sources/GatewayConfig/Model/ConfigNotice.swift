/// Something in a configuration the gateway accepted but does not act on, listed at start-up so
/// that nothing is silently ignored: an unknown or unsupported OpenAPI extension, a stage setting
/// nothing enforces yet, a Cognito authorizer before user pools exist.
public struct ConfigNotice: Sendable, Hashable, CustomStringConvertible {
    /// What kind of thing was set aside. A closed-but-growing set.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An `x-amazon-apigateway-*` or other `x-` extension Gatehouse does not know.
        public static let unknownExtension = Kind("unknownExtension")
        /// A known extension or field Gatehouse reads but does not implement.
        public static let unsupported = Kind("unsupported")
        /// A stage setting accepted but not enforced yet (caching, throttling, tracing, …).
        public static let notEnforced = Kind("notEnforced")
        /// A feature that will exist but is not available yet (Cognito authorizers).
        public static let unavailable = Kind("unavailable")
        /// A value that is read one way though it could mean another (a `methodSettings` key
        /// written without `~1`).
        public static let warning = Kind("warning")
    }

    public let kind: Kind
    /// The file the notice is about; empty for a value built in code.
    public let file: String
    /// 1-based; 0 when unknown.
    public let line: Int
    /// The JSON path (`$.paths./pets.get.x-amazon-apigateway-request-validator`).
    public let path: String
    /// Lowercase; what was set aside and what that means.
    public let message: String

    public init(_ kind: Kind, file: String, line: Int, path: String, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// `file:line: path: message [kind]`, as the start-up report prints it.
    public var description: String {
        let place = file.isEmpty ? "" : (line > 0 ? "\(file):\(line): " : "\(file): ")
        return "\(place)\(path): \(message) [\(kind)]"
    }
}
