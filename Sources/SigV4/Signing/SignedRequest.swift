/// The result of signing: the request to send, and every intermediate a user may want to see.
public struct SignedRequest: Sendable {
    /// The request with its signature added (headers, or query parameters for a presigned URL).
    public var request: SigV4Request
    /// The canonical request's bytes.
    public let canonicalRequestBytes: [UInt8]
    /// The string to sign's bytes.
    public let stringToSignBytes: [UInt8]
    /// The signature, lowercase hex (SigV4: 64 characters; SigV4a: DER, up to 144).
    public let signature: String
    /// The `SignedHeaders` list, `;`-joined.
    public let signedHeaders: String
    /// The `Authorization` value, for header signing; `nil` for presigned requests.
    public let authorization: String?

    /// The canonical request as text.
    public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
    /// The string to sign as text.
    public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
}
