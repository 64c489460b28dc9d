public import GatehouseCore
public import GatehouseCrypto

/// What a store hands the credential cache: every user and role with its policy documents, every
/// long-term key and every unexpired (or recently expired) session, read together. Plain data:
/// compiling policies and building principals is the cache's work (``CredentialSnapshot``), the
/// same over any store.
public struct CredentialRecords: Sendable {
    /// A user or role with the text of every policy that applies to it.
    public struct Identity: Sendable {
        public var identity: StoredIdentity
        /// Inline policies, name and text.
        public var inline: [(name: String, text: String)]
        /// Attached managed policies, name and text.
        public var attached: [(name: String, text: String)]
        /// The boundary's name and text.
        public var boundary: (name: String, text: String)?

        public init(
            identity: StoredIdentity,
            inline: [(name: String, text: String)],
            attached: [(name: String, text: String)],
            boundary: (name: String, text: String)?
        ) {
            self.identity = identity
            self.inline = inline
            self.attached = attached
            self.boundary = boundary
        }
    }

    /// A long-term key (active or not).
    public struct Key: Sendable, CustomStringConvertible {
        public var accessKeyId: String
        public var secret: Secret
        public var status: AccessKeyStatus
        /// The owner's unique id (``StoredIdentity/id``).
        public var ownerId: String

        public init(accessKeyId: String, secret: Secret, status: AccessKeyStatus, ownerId: String) {
            self.accessKeyId = accessKeyId
            self.secret = secret
            self.status = status
            self.ownerId = ownerId
        }

        public var description: String { "Key(\(accessKeyId), \(status), secret: <redacted>)" }
    }

    /// A role session's temporary key.
    public struct Session: Sendable, CustomStringConvertible {
        public var accessKeyId: String
        public var secret: Secret
        public var sessionToken: Secret
        /// The role's unique id.
        public var roleId: String
        public var sessionName: String
        public var sessionPolicy: String?
        public var expiration: Timestamp

        public init(
            accessKeyId: String,
            secret: Secret,
            sessionToken: Secret,
            roleId: String,
            sessionName: String,
            sessionPolicy: String?,
            expiration: Timestamp
        ) {
            self.accessKeyId = accessKeyId
            self.secret = secret
            self.sessionToken = sessionToken
            self.roleId = roleId
            self.sessionName = sessionName
            self.sessionPolicy = sessionPolicy
            self.expiration = expiration
        }

        public var description: String {
            "Session(\(accessKeyId), \(sessionName), expires \(expiration), secret: <redacted>, sessionToken: <redacted>)"
        }
    }

    public var revision: Int64
    public var identities: [Identity]
    public var keys: [Key]
    public var sessions: [Session]

    public init(revision: Int64, identities: [Identity], keys: [Key], sessions: [Session]) {
        self.revision = revision
        self.identities = identities
        self.keys = keys
        self.sessions = sessions
    }
}
