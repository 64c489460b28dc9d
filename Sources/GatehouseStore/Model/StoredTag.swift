/// A tag on a user or role (`aws:PrincipalTag/<key>` when the principal calls).
public struct StoredTag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
