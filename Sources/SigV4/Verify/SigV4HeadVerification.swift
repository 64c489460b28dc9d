import GatehouseCore
import GatehouseCrypto

/// The outcome of verifying a request's head before its body: refused now, or a body verifier
/// that decides as the body streams.
public enum SigV4HeadVerification: Sendable {
    /// The head passed; feed the body to the verifier, whose ``SigV4BodyVerifier/finish()``
    /// gives the verdict.
    case body(SigV4BodyVerifier)
    /// The head is refused: answer without reading the body.
    case invalid(SigV4Failure)

    /// The body verifier, when the head passed.
    public var bodyVerifier: SigV4BodyVerifier? {
        if case .body(let verifier) = self { return verifier }
        return nil
    }

    /// Why the head was refused; `nil` when it passed.
    public var failure: SigV4Failure? {
        if case .invalid(let failure) = self { return failure }
        return nil
    }
}
