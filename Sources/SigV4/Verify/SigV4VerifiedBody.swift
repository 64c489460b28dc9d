import GatehouseCrypto

/// A body that verified: the request is valid.
public struct SigV4VerifiedBody: Sendable {
    /// Who signed the request.
    public let identity: SigV4Identity
    /// The trailing headers of an `aws-chunked` body (names lowercased); empty otherwise.
    public let trailers: [SigV4Request.Header]
    /// Payload bytes released only at the end: the whole body in
    /// ``SigV4BodyVerifier/Mode/bodyHash``, empty in every other mode.
    public let releasedAtEnd: [UInt8]
}
