public import GatehouseCore

/// A parsed IAM-style policy document (reference/iam.md §1).
///
/// Loading is strict: anything the grammar does not allow is a ``PolicyError`` naming the line,
/// column and JSON path — never silently ignored, because a skipped element can turn a Deny into
/// an Allow.
public struct PolicyDocument: Sendable {
    /// The policy language version; variables are substituted only under 2012-10-17.
    public enum Version: String, Sendable {
        case v2012_10_17 = "2012-10-17"
        case v2008_10_17 = "2008-10-17"
    }

    /// `nil` when the document has no `Version` (which means 2008-10-17).
    public var version: Version?
    public var id: String?
    public var statements: [Statement]

    /// The version in effect.
    public var effectiveVersion: Version { version ?? .v2008_10_17 }

    /// Loads a document of the given kind from JSON text.
    public static func parse(_ text: String, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        try parse(Array(text.utf8), kind: kind)
    }

    /// Loads a document of the given kind from JSON bytes.
    public static func parse(_ bytes: [UInt8], kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw PolicyError(error)
        }
        return try PolicyLoader(kind: kind).document(root)
    }

    /// Loads a document from an already-parsed tree — how other notations (YAML) reuse the
    /// grammar checks, with their own line and column numbers in the nodes.
    public static func load(_ root: JSONNode, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        try PolicyLoader(kind: kind).document(root)
    }
}
