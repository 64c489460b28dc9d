public import GatehouseCore

/// One statement.
public struct Statement: Sendable {
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    public var sid: String?
    public var effect: Effect
    /// `Principal` (`negated == false`) or `NotPrincipal`; `nil` when absent.
    public var principal: Negatable<PrincipalSet>?
    /// `Action` or `NotAction`.
    public var action: Negatable<[String]>
    /// `Resource` or `NotResource`.
    public var resource: Negatable<[String]>
    /// The condition block: every entry must hold (AND).
    public var conditions: [Condition]
    /// Where the statement starts, for explanations.
    public var location: JSONLocation
}
