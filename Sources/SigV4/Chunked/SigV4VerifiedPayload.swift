import GatehouseCrypto

/// A streaming request whose head and payload both verified.
public struct SigV4VerifiedPayload: Sendable {
    public let identity: SigV4Identity
    /// The decoded payload.
    public let body: [UInt8]
    /// The trailing headers, names lowercased.
    public let trailers: [SigV4Request.Header]
}
