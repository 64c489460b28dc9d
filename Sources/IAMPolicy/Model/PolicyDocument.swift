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

/// An element or its `Not…` form.
public struct Negatable<Value: Sendable>: Sendable {
    public var value: Value
    /// `true` for `NotAction`, `NotResource`, `NotPrincipal`.
    public var negated: Bool
}

/// The principals a statement names.
public enum PrincipalSet: Sendable {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    case anyone
    /// Typed entries, OR-ed.
    case entries([PrincipalEntry])
}

/// One principal value with its type.
public struct PrincipalEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case aws = "AWS"
        case service = "Service"
        case federated = "Federated"
        case canonicalUser = "CanonicalUser"
    }

    public var kind: Kind
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

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
