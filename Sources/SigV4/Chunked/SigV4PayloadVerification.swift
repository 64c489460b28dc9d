import GatehouseCrypto

/// The outcome of checking a streaming payload.
public enum SigV4PayloadVerification: Sendable {
    case valid(SigV4VerifiedPayload)
    case invalid(SigV4Failure)

    /// The request's final verdict: valid with its identity, or invalid.
    public var verification: SigV4Verification {
        switch self {
        case .valid(let payload): return .valid(payload.identity)
        case .invalid(let failure): return .invalid(failure)
        }
    }
}
