public import GatehouseCore
public import IAMPolicy

/// An API's resource policy (`x-amazon-apigateway-policy`): an IAM resource-based policy checked
/// before the method's authorization, parsed at load so a bad policy stops the gateway at start.
public struct ResourcePolicy: Sendable, Equatable {
    /// The document as read, for export.
    public let json: JSONValue
    /// The parsed policy.
    public let document: PolicyDocument

    /// Parses `node` as a resource policy; the error names the line, column and path within it.
    public init(_ node: JSONNode) throws(PolicyError) {
        self.json = node.value
        self.document = try PolicyDocument.load(node, kind: .resource)
    }

    public static func == (lhs: ResourcePolicy, rhs: ResourcePolicy) -> Bool { lhs.json == rhs.json }
}
