public import GatehouseCore

/// One statement's part in a decision.
public struct StatementExplanation: Sendable {
    public enum Verdict: String, Sendable {
        /// Principal, action, resource and conditions all matched.
        case applies
        case doesNotApply
        /// A condition could not be evaluated: never allows; a Deny still denies.
        case unevaluable
    }

    public var reference: StatementReference
    public var effect: Statement.Effect
    public var verdict: Verdict
    /// One line per element checked, such as "action: `execute-api:*` matches".
    public var reasons: [String]
    /// Where the statement starts in its document.
    public var location: JSONLocation
}
