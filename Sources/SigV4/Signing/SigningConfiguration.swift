/// How to sign: scope, algorithm, where the signature goes, and the service's encoding rules.
public struct SigningConfiguration: Sendable {
    /// Where the signature travels.
    public enum Location: Sendable, Hashable {
        /// In the `Authorization` header.
        case header
        /// In the query string (a presigned URL), valid for `expiresIn` seconds (1…604800).
        case query(expiresIn: Int)
    }

    /// What the payload-hash line says.
    public enum PayloadSigning: Sendable, Hashable {
        /// The hex SHA-256 of the body (default).
        case hashBody
        /// `UNSIGNED-PAYLOAD` (S3 presigned URLs; S3 over TLS).
        case unsignedPayload
    }

    /// How a session token is sent.
    public enum SessionTokenPlacement: Sendable, Hashable {
        /// Signed, like any `x-amz-*` header or `X-Amz-*` parameter (default).
        case signed
        /// Added after signing (the suite's `omit_session_token`; some services require it).
        case unsigned
    }

    /// The region for SigV4; for SigV4a the region set, comma-separated (`us-east-1,us-west-2`, `*`).
    public var region: String
    /// The service name in the scope (`execute-api`, `s3`, …).
    public var service: String
    public var algorithm: SigningAlgorithm
    public var location: Location
    /// Remove dot and empty segments from the path (not for S3).
    public var normalizePath: Bool
    /// Encode the wire path once more for the canonical URI (not for S3).
    public var doubleURIEncode: Bool
    public var payloadSigning: PayloadSigning
    /// Add a signed `x-amz-content-sha256` header carrying the payload hash (header signing).
    public var addContentSHA256Header: Bool
    public var sessionTokenPlacement: SessionTokenPlacement

    /// The maximum presign lifetime: 7 days.
    public static let maximumExpiry = 604_800

    public init(
        region: String,
        service: String,
        algorithm: SigningAlgorithm = .sigV4,
        location: Location = .header,
        normalizePath: Bool = true,
        doubleURIEncode: Bool = true,
        payloadSigning: PayloadSigning = .hashBody,
        addContentSHA256Header: Bool = false,
        sessionTokenPlacement: SessionTokenPlacement = .signed
    ) {
        self.region = region
        self.service = service
        self.algorithm = algorithm
        self.location = location
        self.normalizePath = normalizePath
        self.doubleURIEncode = doubleURIEncode
        self.payloadSigning = payloadSigning
        self.addContentSHA256Header = addContentSHA256Header
        self.sessionTokenPlacement = sessionTokenPlacement
    }

    /// S3's rules: no normalization, single encoding, a signed `x-amz-content-sha256` for header
    /// signing, `UNSIGNED-PAYLOAD` for presigned URLs.
    public static func s3(
        region: String,
        service: String = "s3",
        algorithm: SigningAlgorithm = .sigV4,
        location: Location = .header,
        unsignedPayload: Bool = false
    ) -> SigningConfiguration {
        let presigned: Bool
        if case .query = location { presigned = true } else { presigned = false }
        return SigningConfiguration(
            region: region,
            service: service,
            algorithm: algorithm,
            location: location,
            normalizePath: false,
            doubleURIEncode: false,
            payloadSigning: unsignedPayload || presigned ? .unsignedPayload : .hashBody,
            addContentSHA256Header: !presigned
        )
    }

    /// Checks the scope parts and the expiry; the signer calls this once at construction.
    func validate() throws(SigV4Error) {
        for (part, value) in [("region", region), ("service", service)] {
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") }) else {
                throw SigV4Error(
                    .invalidScope,
                    "the \(part) `\(value)` must be non-empty printable ASCII without `/` or spaces"
                )
            }
        }
        if case .query(let expires) = location, !(1...Self.maximumExpiry).contains(expires) {
            throw SigV4Error(
                .invalidExpires,
                "presigned URLs expire after 1 to 604800 seconds (7 days), not \(expires)"
            )
        }
    }
}
