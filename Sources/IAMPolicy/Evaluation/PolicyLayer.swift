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
