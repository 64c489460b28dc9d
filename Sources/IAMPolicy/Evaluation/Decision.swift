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
