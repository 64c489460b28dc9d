public import IAMPolicy

/// A policy document that has loaded as the kind it is used as, kept as its text: what a store
/// saves. Constructing one is the check, so no implementation can store a document that the
/// credential cache would later fail to compile.
public struct PolicyText: Sendable {
    public let text: String
    public let kind: PolicyKind

    /// The most a document may hold, in UTF-8 bytes: IAM's limits are smaller (2,048 inline per
    /// user, 6,144 managed, 2,048 packed for a session policy); Gatehouse allows up to IAM's
    /// largest so that a document that works in AWS works here.
    public static let maximumBytes = 10_240

    /// Loads `text` as a `kind` policy.
    ///
    /// - Throws: ``StoreError/Code/invalidPolicy`` naming `part` with the loader's line, column,
    ///   JSON path and reason.
    public init(_ text: String, kind: PolicyKind, part: String = "policy document") throws(StoreError) {
        guard text.utf8.count <= Self.maximumBytes else {
            throw StoreError(
                .invalidPolicy,
                part: part,
                "the document is \(text.utf8.count) bytes; at most \(Self.maximumBytes) are allowed"
            )
        }
        do {
            _ = try PolicyDocument.parse(text, kind: kind)
        } catch {
            throw StoreError(.invalidPolicy, part: part, "not a valid \(kind) policy: \(error.description)")
        }
        self.text = text
        self.kind = kind
    }

    /// The parsed document (the text was checked when this value was made).
    func document() throws(StoreError) -> PolicyDocument {
        do {
            return try PolicyDocument.parse(text, kind: kind)
        } catch {
            throw StoreError(
                .invalidPolicy,
                part: "policy document",
                "not a valid \(kind) policy: \(error.description)"
            )
        }
    }
}
