public import GatehouseCore

/// A customer managed policy: a named document in an account that users and roles attach, or
/// use as their permissions boundary.
public struct ManagedPolicy: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var account: String
    public var document: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// How many users and roles attach it (as a policy or as their boundary).
    public var attachmentCount: Int

    public init(
        name: String,
        account: String,
        document: String,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        attachmentCount: Int
    ) {
        self.name = name
        self.account = account
        self.document = document
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.attachmentCount = attachmentCount
    }

    /// `arn:aws:iam::ACCOUNT:policy/NAME`.
    public var arn: String { "arn:aws:iam::\(account):policy/\(name)" }

    public var description: String { arn }
}
