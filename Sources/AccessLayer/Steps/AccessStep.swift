public import GatehouseCore

/// A check that runs after the method's authorization admitted a request, in the order the
/// access layer was given them — the seam where API keys and usage plans (key, throttles, quota;
/// reference/gateway.md "Request order", step 3) plug in.
///
/// A step sees the request, the method's settings and the grant so far; it proceeds with the
/// grant (possibly enriched: an API key id) or refuses with a typed denial. A step that throws
/// refuses the request (500, the error in the log reason): the access layer fails closed.
public protocol AccessStep: Sendable {
    /// The step's name, for log reasons.
    var name: String { get }

    /// Judges `request` after authorization.
    ///
    /// - Parameter now: the clock reading the whole decision uses (read once at its start).
    func check(
        _ request: AccessRequest,
        method: MethodAccess,
        grant: AccessGrant,
        now: ClockReading
    ) async throws -> AccessStepResult
}

/// What an ``AccessStep`` decided.
public enum AccessStepResult: Sendable {
    /// Go on, with this grant (the one given, or enriched).
    case proceed(AccessGrant)
    /// Refuse with this answer.
    case deny(AccessDenial)
}
