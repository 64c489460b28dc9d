public import GatehouseCore
import GatehouseCrypto

/// Who a valid request was signed by, and how.
///
/// Built on every successful verification, so it keeps the parsed `Authorization` and makes the
/// less-used strings (signed headers, signature, scope) only when asked.
public struct SigV4Identity: Sendable {
    /// The principal the credential store associates with the key, as it stored it (parsed
    /// then, not per request: copying it here is one reference).
    public var principal: Principal
    public var hasSessionToken: Bool
    let parsed: ParsedAuthorization

    init(principal: Principal, hasSessionToken: Bool, parsed: ParsedAuthorization) {
        self.principal = principal
        self.hasSessionToken = hasSessionToken
        self.parsed = parsed
    }

    public var accessKeyId: String { parsed.accessKeyId }
    public var algorithm: SigningAlgorithm { parsed.algorithm }
    public var signingDate: AmzDate { parsed.date }
    public var presigned: Bool { parsed.isPresigned }
    /// The names in SignedHeaders, in the client's order.
    public var signedHeaders: [String] { parsed.signedHeaderNameStrings }
    /// The request's signature: the seed for an aws-chunked body.
    public var signature: String { parsed.signatureString }
    /// The credential scope after the access key id.
    public var scope: String { parsed.scopeString }
}
