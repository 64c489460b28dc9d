/// Why a store refused a request or could not answer it. Equality compares only the code.
///
/// ``part`` names the piece of input at fault (`user name`, `path`, `tags[2].key`, `policy
/// document`, `duration seconds`…) so a caller — the CLI, a control-plane handler — can say
/// what to fix; ``message`` is a lowercase sentence with the offending value in backticks and
/// never a secret.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A closed-but-growing set of reasons.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A name, path, tag, id or number that does not have the shape IAM or STS requires.
        public static let invalidInput = Code("invalidInput")
        /// A policy document that does not load (its own line, column and JSON path are in the
        /// message).
        public static let invalidPolicy = Code("invalidPolicy")
        /// The named user, role, key or policy does not exist.
        public static let notFound = Code("notFound")
        /// Something with that name already exists.
        public static let alreadyExists = Code("alreadyExists")
        /// A quota IAM sets (two access keys per user, 50 tags, 10 attached policies…).
        public static let limitExceeded = Code("limitExceeded")
        /// The request conflicts with the state: deleting a managed policy still attached, a
        /// boundary that is not a managed policy of the account.
        public static let conflict = Code("conflict")
        /// The data directory or a file in it is unusable (missing permission, a symlink, a file
        /// readable by others that could not be tightened).
        public static let insecureDataDirectory = Code("insecureDataDirectory")
        /// The database could not be opened, read or written (locked past the busy timeout,
        /// corrupt, a schema newer than this program).
        public static let unavailable = Code("unavailable")
        /// The in-memory credential cache has not confirmed the store's state recently enough
        /// to answer (its refresh loop stopped or keeps failing): lookups fail closed.
        public static let stale = Code("stale")
    }

    public let code: Code
    /// The input at fault, when one is (`user name`, `tags[0].value`); `nil` otherwise.
    public let part: String?
    /// A lowercase sentence; user input in backticks; never a secret.
    public let message: String

    public init(_ code: Code, part: String? = nil, _ message: String) {
        self.code = code
        self.part = part
        self.message = message
    }

    public var description: String {
        if let part { return "\(part): \(message)" }
        return message
    }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
