/// The result of signing: the request to send, and every intermediate a user may want to see.
public struct SignedRequest: Sendable {
    /// The request with its signature added (headers, or query parameters for a presigned URL).
    public var request: SigV4Request
    /// The canonical request, the string to sign, the signature's hex and (header signing) the
    /// `Authorization` value, one after another in one array: a signature is made per request and its parts read back rarely (`--output
    /// json`, the batch), so one allocation holds them all and the views below are copied out on
    /// demand.
    private let intermediates: [UInt8]
    private let canonicalCount: Int
    /// Where the SignedHeaders line is (inside the canonical request, which contains it).
    private let signedHeadersRange: Range<Int>
    /// Where the signature's hex is: right after the string to sign, which ends where it starts.
    private let signatureRange: Range<Int>
    /// Where the `Authorization` value is, for header signing.
    private let authorizationRange: Range<Int>?

    init(
        request: SigV4Request,
        intermediates: [UInt8],
        canonicalCount: Int,
        signedHeaders: Range<Int>,
        signature: Range<Int>,
        authorization: Range<Int>?
    ) {
        self.request = request
        self.intermediates = intermediates
        self.canonicalCount = canonicalCount
        self.signedHeadersRange = signedHeaders
        self.signatureRange = signature
        self.authorizationRange = authorization
    }

    /// The `Authorization` value, for header signing; `nil` for presigned requests.
    public var authorization: String? {
        authorizationRange.map { String(decoding: intermediates[$0], as: UTF8.self) }
    }
    /// The signature, lowercase hex (SigV4: 64 characters; SigV4a: DER, up to 144).
    public var signature: String { String(decoding: intermediates[signatureRange], as: UTF8.self) }
    /// The `SignedHeaders` list, `;`-joined.
    public var signedHeaders: String { String(decoding: intermediates[signedHeadersRange], as: UTF8.self) }
    /// The canonical request's bytes.
    public var canonicalRequestBytes: [UInt8] { Array(intermediates[..<canonicalCount]) }
    /// The string to sign's bytes.
    public var stringToSignBytes: [UInt8] { Array(intermediates[canonicalCount..<signatureRange.lowerBound]) }
    /// The canonical request as text.
    public var canonicalRequest: String {
        String(decoding: intermediates[..<canonicalCount], as: UTF8.self)
    }
    /// The string to sign as text.
    public var stringToSign: String {
        String(decoding: intermediates[canonicalCount..<signatureRange.lowerBound], as: UTF8.self)
    }
}
