import GatehouseCore
import GatehouseCrypto

/// The outcome of verifying a request: never a bare `Bool`.
///
/// A request with a streaming (`aws-chunked`) body is never `valid` from its head alone: its
/// signature yields ``payloadPending(_:)``, and only ``SigV4PendingPayload/verify(body:limits:)``
/// (or ``resolvingPayload(_:)``) turns it into a verdict. Until then every accessor treats it as
/// not valid: ``isValid`` is `false`, ``identity`` is `nil` and ``failure`` says the payload is
/// unverified, so code that forgets the body denies.
public enum SigV4Verification: Sendable {
    case valid(SigV4Identity)
    /// The head's signature verified; the streaming payload must still be checked.
    case payloadPending(SigV4PendingPayload)
    case invalid(SigV4Failure)

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// Why the request is not (yet) valid; `nil` only for ``valid(_:)``.
    public var failure: SigV4Failure? {
        switch self {
        case .valid: return nil
        case .invalid(let failure): return failure
        case .payloadPending(let pending):
            return SigV4Failure(
                .invalidPayload,
                "The streaming payload (\(pending.marker)) has not been verified.",
                accessKeyId: pending.accessKeyId
            )
        }
    }

    /// The final verdict for a request whose received (still encoded) body is `encodedBody`:
    /// a pending streaming payload is verified against it; any other verdict is returned as is.
    public func resolvingPayload(
        _ encodedBody: [UInt8],
        limits: AWSChunkedEncoding.Limits = AWSChunkedEncoding.Limits()
    ) -> SigV4Verification {
        guard case .payloadPending(let pending) = self else { return self }
        return pending.verify(body: encodedBody, limits: limits).verification
    }

    public var identity: SigV4Identity? {
        if case .valid(let identity) = self { return identity }
        return nil
    }
}
