/// A named policy document for evaluation.
public struct NamedPolicy: Sendable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}
