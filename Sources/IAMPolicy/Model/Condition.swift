public import GatehouseCore

/// One `Operator: { Key: values }` entry of a condition block.
public struct Condition: Sendable {
    public var `operator`: ConditionOperator
    /// The context key as written (keys compare case-insensitively).
    public var key: String
    /// The values as written; numbers and booleans are kept as their text.
    public var values: [String]
    /// The same values parsed for the operator at load (exact decimals, instants, CIDRs, bytes).
    public var typedValues: [ConditionValue]
    public var location: JSONLocation
}
