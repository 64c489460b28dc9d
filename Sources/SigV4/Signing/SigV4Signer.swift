import GatehouseCrypto

/// Signs requests with SigV4 or SigV4a, in the `Authorization` header or as a presigned URL.
///
/// A signer holds one set of credentials and one configuration, and caches the derived signing key
/// per day (and the SigV4a key pair), so signing many requests costs one HMAC chain per day.
///
/// ```swift
/// let signer = try SigV4Signer(
///     credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret"),
///     configuration: SigningConfiguration(region: "us-east-1", service: "execute-api"))
/// let signed = try signer.sign(request, at: AmzDate(iso8601: "2026-01-15T10:00:00Z")!)
/// ```
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let configuration: SigningConfiguration
    private let keyCache: SigningKeyCache
    private let dayCache = SigningDayCache()
    private let asymmetricKey: P256PrivateKey?
    private let secretFingerprint: UInt64

    /// Validates the credentials and configuration (and derives the SigV4a key, if asked for).
    public init(
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        keyCache: SigningKeyCache = SigningKeyCache(capacity: 64)
    ) throws(SigV4Error) {
        guard !credentials.accessKeyId.isEmpty, !credentials.secretAccessKey.isEmpty else {
            throw SigV4Error(.invalidCredentials, "an access key id and a secret access key are both required")
        }
        guard credentials.accessKeyId.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") }) else {
            throw SigV4Error(.invalidCredentials, "the access key id must be printable ASCII without `/` or spaces")
        }
        try configuration.validate()
        self.credentials = credentials
        self.configuration = configuration
        self.keyCache = keyCache
        self.secretFingerprint = credentials.secretFingerprint
        if configuration.algorithm.isAsymmetric {
            do {
                asymmetricKey = try SigV4aKeyDerivation.privateKey(
                    accessKeyId: credentials.accessKeyId,
                    secretAccessKey: credentials.secretAccessKey
                )
            } catch {
                throw SigV4Error(.cryptoFailure, "could not derive the SigV4a key: \(error)")
            }
        } else {
            asymmetricKey = nil
        }
    }

    /// The SigV4 signing key for a day, from the signer's cache.
    func cachedSigningKey(scopeDate: String) -> HMACSHA256Key {
        keyCache.signingKey(
            accessKeyId: credentials.accessKeyId,
            secret: credentials.secretAccessKey,
            secretFingerprint: secretFingerprint,
            scopeDate: scopeDate,
            region: configuration.region,
            service: configuration.service
        )
    }

    /// The SigV4a key pair derived at construction (`nil` for SigV4).
    var asymmetricSigningKey: P256PrivateKey? { asymmetricKey }

    /// Signs `request` as of `date`. The request must carry a `Host` header.
    public func sign(_ request: SigV4Request, at date: AmzDate) throws(SigV4Error) -> SignedRequest {
        var request = request
        // One copy of the caller's header array, with room for the headers signing adds (a
        // shared array is copied on the first append anyway; this makes it the only copy).
        request.headers.reserveCapacity(request.headers.count + 4)
        let given = GivenHeaders(request.headers)
        guard given.hasHost else {
            throw SigV4Error(.missingHost, "the request has no `Host` header; SigV4 always signs the host")
        }
        let configuration = self.configuration
        let algorithm = configuration.algorithm
        let dayNumber = SigningDay.number(of: date)
        let day = dayCache.day(dayNumber) {
            let scopeDate = date.scopeDate
            return SigningDay(
                number: dayNumber,
                scopeDate: scopeDate,
                scope: CanonicalRequest.scope(
                    algorithm: algorithm,
                    scopeDate: scopeDate,
                    region: configuration.region,
                    service: configuration.service
                ),
                key: algorithm.isAsymmetric ? nil : cachedSigningKey(scopeDate: scopeDate)
            )
        }
        let scope = day.scope
        let amzDate = day.amzDate(at: date)
        let token = credentials.sessionToken?.revealed
        let signToken = token != nil && configuration.sessionTokenPlacement == .signed

        if given.hasAuthorization { request.removeHeaders(named: "authorization") }
        if token != nil && given.hasSecurityToken { request.removeHeaders(named: "x-amz-security-token") }

        let payloadHash: String
        if let declared = given.contentSHA256 {
            payloadHash = declared
        } else if configuration.payloadSigning == .unsignedPayload {
            payloadHash = "UNSIGNED-PAYLOAD"
        } else {
            payloadHash = request.payloadSHA256Hex
        }

        if case .header = configuration.location {
            if given.hasAmzDate { request.removeHeaders(named: "x-amz-date") }
            request.headers.append(.init("X-Amz-Date", amzDate))
            if algorithm.isAsymmetric {
                if given.hasRegionSet { request.removeHeaders(named: "x-amz-region-set") }
                request.headers.append(.init("X-Amz-Region-Set", configuration.region))
            }
            if let token, signToken { request.headers.append(.init("X-Amz-Security-Token", token)) }
            if configuration.addContentSHA256Header && given.contentSHA256 == nil {
                request.headers.append(.init("X-Amz-Content-Sha256", payloadHash))
            }
        }

        // Signed names, presign parameters, canonical request and string to sign, all from one
        // byte layout of the request, in values rather than `with` closures (which captured,
        // and copied, the request and the configuration).
        let head = RequestHead(request, scratch: true)!  // no byte limit given: never nil
        let indices = UnsafeBufferPointer(
            rebasing: head.scratch[..<CanonicalHeaders.fieldsToSign(head, into: head.scratch)]
        )
        // One scratch buffer, reused: the canonical request, the string to sign and the
        // signature's hex are written in it one after another and leave as one array; then the
        // `Authorization` value.
        var scratch = ByteWriter(capacity: 1024)

        // Presigned parameters, in the order the conformance suite writes them.
        var presignParameters: [(String, String)] = []
        var extraQuery: [CanonicalQuery.Pair] = []
        if case .query(let expires) = configuration.location {
            CanonicalHeaders.appendSignedHeadersLine(head, indices, to: &scratch)
            let signedHeaders = scratch.string
            scratch.removeAll()
            presignParameters = [
                ("X-Amz-Algorithm", algorithm.name),
                ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
                ("X-Amz-Date", amzDate),
                ("X-Amz-SignedHeaders", signedHeaders),
                ("X-Amz-Expires", String(expires)),
            ]
            if let token, signToken { presignParameters.append(("X-Amz-Security-Token", token)) }
            if algorithm.isAsymmetric { presignParameters.append(("X-Amz-Region-Set", configuration.region)) }
            for (key, value) in presignParameters {
                var encoded: [UInt8] = []
                PercentEncoding.append(value.utf8, keepSlash: false, to: &encoded)
                extraQuery.append(.init(key: Array(key.utf8), value: encoded))
            }
        }
        // The SignedHeaders line is written inside the canonical request, and read from there.
        let signedHeadersLine = try CanonicalRequest.build(
            head,
            rules: .init(normalizePath: configuration.normalizePath, doubleURIEncode: configuration.doubleURIEncode),
            extraQuery: extraQuery,
            signedHeaders: .fields(indices),
            payloadHash: payloadHash,
            into: &scratch
        )
        let canonicalCount = scratch.count
        let canonicalDigest = SHA256.hash(UnsafeRawBufferPointer(scratch.bytes))
        CanonicalRequest.stringToSign(
            algorithm: algorithm,
            amzDate: amzDate,
            scope: scope,
            canonicalDigest: canonicalDigest,
            into: &scratch
        )
        let stringToSignEnd = scratch.count
        let stringToSign = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch.bytes)[canonicalCount...])

        // The signature is computed before anything more is written (a write may move the
        // buffer), then its hex follows the string to sign.
        if let asymmetricKey {
            let der: [UInt8]
            do {
                der = try asymmetricKey.signature(for: stringToSign)
            } catch {
                throw SigV4Error(.cryptoFailure, "ECDSA signing failed: \(error)")
            }
            der.withUnsafeBytes { scratch.appendLowercaseHex($0) }
        } else {
            let key = day.key ?? cachedSigningKey(scopeDate: day.scopeDate)
            let mac = key.authenticationCode(for: stringToSign)
            mac.withUnsafeBytes { scratch.appendLowercaseHex($0) }
        }
        let signatureRange = stringToSignEnd..<scratch.count
        let intermediates = scratch.array
        scratch.removeAll()

        var authorization: String? = nil
        switch configuration.location {
        case .header:
            scratch.append(algorithm.nameLiteral)
            scratch.append(" Credential=")
            scratch.append(credentials.accessKeyId)
            scratch.append(UInt8(ascii: "/"))
            scratch.append(scope)
            scratch.append(", SignedHeaders=")
            intermediates.withUnsafeBufferPointer { all in
                scratch.append(UnsafeBufferPointer(rebasing: all[signedHeadersLine]))
                scratch.append(", Signature=")
                scratch.append(UnsafeBufferPointer(rebasing: all[signatureRange]))
            }
            let value = scratch.string
            request.headers.append(.init("Authorization", value))
            authorization = value
            if let token, !signToken { request.headers.append(.init("X-Amz-Security-Token", token)) }
        case .query:
            var parameters = presignParameters
            parameters.append(("X-Amz-Signature", String(decoding: intermediates[signatureRange], as: UTF8.self)))
            if let token, !signToken { parameters.append(("X-Amz-Security-Token", token)) }
            let added = parameters.map { "\($0.0)=\(PercentEncoding.encodeQueryComponent($0.1))" }.joined(
                separator: "&"
            )
            request.query = request.query.isEmpty ? added : request.query + "&" + added
        }
        return SignedRequest(
            request: request,
            intermediates: intermediates,
            canonicalCount: canonicalCount,
            signedHeaders: signedHeadersLine,
            signature: signatureRange,
            authorization: authorization
        )
    }

    /// What signing needs to know about the headers it was given, from one pass over their
    /// names (lengths first), instead of a search per question.
    private struct GivenHeaders {
        /// The first `Host` is there and not empty.
        var hasHost = false
        /// The first `X-Amz-Content-SHA256` value.
        var contentSHA256: String? = nil
        var hasAuthorization = false
        var hasSecurityToken = false
        var hasAmzDate = false
        var hasRegionSet = false

        init(_ headers: [SigV4Request.Header]) {
            var sawHost = false
            for index in headers.indices {
                switch headers[index].name.utf8.count {
                case 4 where !sawHost && headers[index].name.equalsLowercaseASCII("host"):
                    sawHost = true
                    hasHost = !headers[index].value.isEmpty
                case 10 where headers[index].name.equalsLowercaseASCII("x-amz-date"):
                    hasAmzDate = true
                case 13 where headers[index].name.equalsLowercaseASCII("authorization"):
                    hasAuthorization = true
                case 16 where headers[index].name.equalsLowercaseASCII("x-amz-region-set"):
                    hasRegionSet = true
                case 20 where headers[index].name.equalsLowercaseASCII("x-amz-security-token"):
                    hasSecurityToken = true
                case 20 where contentSHA256 == nil && headers[index].name.equalsLowercaseASCII("x-amz-content-sha256"):
                    contentSHA256 = headers[index].value
                default:
                    break
                }
            }
        }
    }
}
