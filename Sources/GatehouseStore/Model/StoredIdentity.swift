public import GatehouseCore

/// A stored user or role as listed: everything but secrets and policy documents.
public struct StoredIdentity: Sendable, Hashable, CustomStringConvertible {
    public var kind: IdentityKind
    public var name: String
    public var path: String
    public var account: String
    /// The unique id (`AIDA…` for a user, `AROA…` for a role): `aws:userid` (a session's is
    /// `AROA…:session`).
    public var id: String
    public var createdAt: Timestamp
    public var tags: [StoredTag]
    /// Inline policy names, sorted.
    public var inlinePolicies: [String]
    /// Attached managed policy names, sorted.
    public var attachedPolicies: [String]
    /// The managed policy used as the permissions boundary, if any.
    public var permissionsBoundary: String?
    /// A role's longest session, in seconds (3600…43200; IAM's default 3600); `nil` for a user.
    public var maxSessionDuration: Int?
    /// A user's access keys (never their secrets).
    public var accessKeys: [AccessKeyMetadata]

    public init(
        kind: IdentityKind,
        name: String,
        path: String,
        account: String,
        id: String,
        createdAt: Timestamp,
        tags: [StoredTag] = [],
        inlinePolicies: [String] = [],
        attachedPolicies: [String] = [],
        permissionsBoundary: String? = nil,
        maxSessionDuration: Int? = nil,
        accessKeys: [AccessKeyMetadata] = []
    ) {
        self.kind = kind
        self.name = name
        self.path = path
        self.account = account
        self.id = id
        self.createdAt = createdAt
        self.tags = tags
        self.inlinePolicies = inlinePolicies
        self.attachedPolicies = attachedPolicies
        self.permissionsBoundary = permissionsBoundary
        self.maxSessionDuration = maxSessionDuration
        self.accessKeys = accessKeys
    }

    /// `arn:aws:iam::ACCOUNT:user/path/name` or `…:role/path/name`.
    public var arn: String { "arn:aws:iam::\(account):\(kind.rawValue)\(path)\(name)" }

    public var reference: IdentityReference { IdentityReference(kind, name, account: account) }

    public var description: String { arn }
}
