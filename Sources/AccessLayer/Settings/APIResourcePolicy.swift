public import IAMPolicy

/// An API's resource policy, compiled once when the API is loaded (reference/iam.md §6.3).
///
/// Its `execute-api:/…` shorthand must already be expanded to the API's ARNs
/// (`PolicyDocument.expandingExecuteAPIShorthand(partition:region:account:apiId:)`): the access
/// layer judges the document as given.
public struct APIResourcePolicy: Sendable {
    /// The policy's name in decision records (`resource:<name>:<sid>`).
    public let name: String
    /// The statements compiled as a resource-based layer (with an empty identity side).
    public let compiled: CompiledPolicySet

    /// Compiles `document` (a resource-based policy).
    public init(_ document: PolicyDocument, name: String = "resource-policy") {
        self.name = name
        self.compiled = CompiledPolicySet(
            IdentityPolicySet(identity: []),
            resourcePolicy: NamedPolicy(name: name, document: document)
        )
    }

    /// Parses and compiles a resource policy's JSON text.
    public init(json: String, name: String = "resource-policy") throws(PolicyError) {
        self.init(try PolicyDocument.parse(json, kind: .resource), name: name)
    }
}
