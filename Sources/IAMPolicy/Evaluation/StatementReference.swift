/// Which statement of which policy: policy type, policy name or index, and `Sid` or index.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    public var layer: PolicyLayer
    public var policy: String
    public var statement: String

    public var description: String { "\(layer.rawValue):\(policy):\(statement)" }
}
