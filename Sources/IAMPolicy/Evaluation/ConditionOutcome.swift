/// The result of one condition: never a bare `Bool`, because "could not evaluate" must fail closed
/// (an Allow never grants; a Deny still denies — reference/iam.md §4.5).
public enum ConditionOutcome: Sendable, Hashable {
    case satisfied
    case notSatisfied
    /// The condition could not be evaluated; the reason is for the decision record.
    case unevaluable(String)
}
