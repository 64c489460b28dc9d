/// Which kind of policy a document is; it decides whether `Principal` is required or forbidden.
/// A closed-but-growing set.
public struct PolicyKind: Sendable, Hashable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let identity = PolicyKind("identity")
    public static let resource = PolicyKind("resource")
    public static let permissionsBoundary = PolicyKind("permissions boundary")
    public static let serviceControl = PolicyKind("service control policy")
    public static let resourceControl = PolicyKind("resource control policy")
    public static let session = PolicyKind("session")

    /// Resource policies and RCPs name principals; the others must not.
    var requiresPrincipal: Bool { self == .resource || self == .resourceControl }
}
