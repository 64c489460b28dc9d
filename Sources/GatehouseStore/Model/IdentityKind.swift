/// Which kind of IAM identity a stored principal is. Users sign with long-term access keys;
/// roles never sign themselves — their sessions (``SessionCredentials``) do.
public enum IdentityKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case user
    case role

    public var description: String { rawValue }

    /// The prefix of the unique id IAM gives this kind (`AIDA…` for users, `AROA…` for roles).
    var idPrefix: String {
        switch self {
        case .user: "AIDA"
        case .role: "AROA"
        }
    }
}

/// Names one stored user or role: its kind, name and account. Names match ignoring case, as
/// IAM's do.
public struct IdentityReference: Sendable, Hashable, CustomStringConvertible {
    public var kind: IdentityKind
    public var name: String
    public var account: String

    public init(_ kind: IdentityKind, _ name: String, account: String = IdentityReference.defaultAccount) {
        self.kind = kind
        self.name = name
        self.account = account
    }

    public static func user(_ name: String, account: String = defaultAccount) -> IdentityReference {
        IdentityReference(.user, name, account: account)
    }

    public static func role(_ name: String, account: String = defaultAccount) -> IdentityReference {
        IdentityReference(.role, name, account: account)
    }

    /// Gatehouse's account unless told otherwise (DESIGN.md).
    public static let defaultAccount = "000000000000"

    public var description: String { "\(kind) `\(name)` in account \(account)" }
}
