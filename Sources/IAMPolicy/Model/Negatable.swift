/// An element or its `Not…` form.
public struct Negatable<Value: Sendable>: Sendable {
    public var value: Value
    /// `true` for `NotAction`, `NotResource`, `NotPrincipal`.
    public var negated: Bool
}
