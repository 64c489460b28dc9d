/// The result of signing: the request to send, and every intermediate a user may want to see.
public struct SignedRequest: Sendable {
    /// The request with its signature added (headers, or query parameters for a presigned URL).
    public var request: SigV4Request
    /// The canonical request followed by the string to sign, in one array: a signature is made
    /// per request and read back rarely (`--output json`, the batch), so one allocation holds
    /// both and the two views below are copied out on demand.
    private let intermediates: [UInt8]
    private let canonicalCount: Int
    /// The signature, lowercase hex (SigV4: 64 characters; SigV4a: DER, up to 144).
    public let signature: String
    /// The `SignedHeaders` list, `;`-joined.
    public let signedHeaders: String
    /// The `Authorization` value, for header signing; `nil` for presigned requests.
    public let authorization: String?

    init(
        request: SigV4Request,
        intermediates: [UInt8],
        canonicalCount: Int,
        signature: String,
        signedHeaders: String,
        authorization: String?
    ) {
        self.request = request
        self.intermediates = intermediates
        self.canonicalCount = canonicalCount
        self.signature = signature
        self.signedHeaders = signedHeaders
        self.authorization = authorization
    }

    /// The canonical request's bytes.
    public var canonicalRequestBytes: [UInt8] { Array(intermediates[..<canonicalCount]) }
    /// The string to sign's bytes.
    public var stringToSignBytes: [UInt8] { Array(intermediates[canonicalCount...]) }
    /// The canonical request as text.
    public var canonicalRequest: String {
        String(decoding: intermediates[..<canonicalCount], as: UTF8.self)
    }
    /// The string to sign as text.
    public var stringToSign: String { String(decoding: intermediates[canonicalCount...], as: UTF8.self) }
}
