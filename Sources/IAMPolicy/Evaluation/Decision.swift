/// An authorization decision with its reasons — never a bare `Bool` (reference/iam.md §2.5).
public struct Decision: Sendable, Hashable, CustomStringConvertible {
    public enum Outcome: String, Sendable, Hashable {
        case allow = "Allow"
        /// An applicable Deny.
        case explicitDeny = "ExplicitDeny"
        /// Nothing applicable allowed (or a layer that must allow did not).
        case implicitDeny = "ImplicitDeny"
    }

    public var outcome: Outcome
    /// The statements that decided: the applicable Denies, or the Allows that satisfied each layer.
    public var matchedStatements: [StatementReference]
    /// Unevaluable statements, and layers that lacked an Allow.
    public var diagnostics: [String]

    public var isAllowed: Bool { outcome == .allow }

    public var description: String {
        "\(outcome.rawValue) [\(matchedStatements.map(\.description).joined(separator: ", "))]"
            + (diagnostics.isEmpty ? "" : " (\(diagnostics.joined(separator: "; ")))")
    }
}

/// Which statement of which policy: policy type, policy name or index, and `Sid` or index.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    public var layer: PolicyLayer
    public var policy: String
    public var statement: String

    public var description: String { "\(layer.rawValue):\(policy):\(statement)" }
}

/// The kinds of policy the evaluator combines.
public enum PolicyLayer: String, Sendable, Hashable {
    case identity
    case permissionsBoundary = "boundary"
    case session
    case serviceControl = "scp"
    case resourceControl = "rcp"
    /// A resource-based policy (an API's resource policy).
    case resource
}
