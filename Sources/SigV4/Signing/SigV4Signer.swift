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

    /// A URL to presign must not carry a presigning parameter already (under any spelling of its
    /// name a verifier decodes): the result would hold two, which verifiers refuse as ambiguous.
    static func refuseReservedParameters(_ query: String) throws(SigV4Error) {
        guard query.contains("X-") || query.contains("x-") || query.contains("%") else { return }
        for piece in query.split(separator: "&") {
            let key = piece.prefix { $0 != "=" }
            guard let decoded = PercentEncoding.decode(String(key)),
                let reserved = AuthorizationParser.reservedPresignNames[decoded.lowercased()]
            else { continue }
            throw SigV4Error(
                .malformedURL,
                "the URL already has the presigning parameter `\(RawHTTPRequest.printable(Array(key.utf8.prefix(64))))` (\(reserved)): presign a URL without it"
            )
        }
    }

    /// The SigV4a key pair derived at construction (`nil` for SigV4).
    var asymmetricSigningKey: P256PrivateKey? { asymmetricKey }

    /// Signs `request` as of `date`. The request must carry a `Host` header.
    public func sign(_ request: SigV4Request, at date: AmzDate) throws(SigV4Error) -> SignedRequest {
        var request = request
        let given = GivenHeaders(RequestHead(request))
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
        // `YYYYMMDDTHHMMSSZ` on the stack: it goes into the request, the string to sign and, when
        // presigning, a parameter.
        var amzDateText: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &amzDateText) {
            day.writeAmzDate(at: date, to: $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
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
            // Room for every field signing adds, so the caller's block is copied once, here.
            let names = request.storage.layout.textCount
            let authorizationBytes =
                algorithm.nameLiteral.utf8CodeUnitCount + 12 + credentials.accessKeyId.utf8.count + 1
                + scope.utf8.count + 16 + names + 12 + 144
            var extra = RequestStorage.fieldBytes(name: 10, value: 16)
            extra += RequestStorage.fieldBytes(name: 13, value: authorizationBytes)
            extra += RequestStorage.fieldBytes(name: 16, value: configuration.region.utf8.count)
            extra += RequestStorage.fieldBytes(name: 20, value: token?.utf8.count ?? 0)
            extra += RequestStorage.fieldBytes(name: 20, value: payloadHash.utf8.count)
            request.reserveHeaderCapacity(fields: 5, bytes: extra)
            withUnsafeBytes(of: amzDateText) { date in
                request.appendHeader(name: Self.literal("X-Amz-Date"), value: date.assumingMemoryBound(to: UInt8.self))
            }
            if algorithm.isAsymmetric {
                if given.hasRegionSet { request.removeHeaders(named: "x-amz-region-set") }
                request.appendHeader("X-Amz-Region-Set", configuration.region)
            }
            if let token, signToken { request.appendHeader("X-Amz-Security-Token", token) }
            if configuration.addContentSHA256Header && given.contentSHA256 == nil {
                request.appendHeader("X-Amz-Content-Sha256", payloadHash)
            }
        }

        // Signed names, presign parameters, canonical request and string to sign, all from the
        // request's bytes, in values rather than `with` closures (which captured, and copied,
        // the request and the configuration). The head is a view of the request's block: it is
        // not read after the request next changes.
        let head = RequestHead(request)
        let indexSpace = Scratch.allocate(byteCount: max(head.fields.count, 1) * MemoryLayout<Int>.stride)
        defer { Scratch.release(indexSpace) }
        let indexBuffer = UnsafeMutableBufferPointer(
            start: indexSpace.bindMemory(to: Int.self, capacity: head.fields.count),
            count: head.fields.count
        )
        let indices = UnsafeBufferPointer(
            rebasing: indexBuffer[..<CanonicalHeaders.fieldsToSign(head, into: indexBuffer)]
        )
        // One scratch buffer: the canonical request, the string to sign, the signature's hex
        // and (header signing) the `Authorization` value are written in it one after another
        // and leave as one array.
        var scratch = ByteWriter(capacity: 1024)

        // Presigned parameters, in the order the conformance suite writes them.
        var presignParameters: [(String, String)] = []
        var extraQuery: [CanonicalQuery.Pair] = []
        if case .query(let expires) = configuration.location {
            try Self.refuseReservedParameters(request.query)
            CanonicalHeaders.appendSignedHeadersLine(head, indices, to: &scratch)
            let signedHeaders = scratch.string
            scratch.removeAll()
            presignParameters = [
                ("X-Amz-Algorithm", algorithm.name),
                ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
                ("X-Amz-Date", day.amzDate(at: date)),
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
        withUnsafeBytes(of: amzDateText) { date in
            scope.withUTF8Bytes { scope in
                CanonicalRequest.stringToSign(
                    algorithm: algorithm,
                    amzDate: date.assumingMemoryBound(to: UInt8.self),
                    scope: scope,
                    canonicalDigest: canonicalDigest,
                    into: &scratch
                )
            }
        }
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

        switch configuration.location {
        case .header:
            scratch.append(algorithm.nameLiteral)
            scratch.append(" Credential=")
            scratch.append(credentials.accessKeyId)
            scratch.append(UInt8(ascii: "/"))
            scratch.append(scope)
            scratch.append(", SignedHeaders=")
            scratch.appendWritten(signedHeadersLine)
            scratch.append(", Signature=")
            scratch.appendWritten(signatureRange)
            let authorizationRange = signatureRange.upperBound..<scratch.count
            // The head is not read again: the request may now move.
            request.appendHeader(
                name: Self.literal("Authorization"),
                value: UnsafeBufferPointer(rebasing: scratch.bytes[authorizationRange])
            )
            if let token, !signToken { request.appendHeader("X-Amz-Security-Token", token) }
            return SignedRequest(
                request: request,
                intermediates: scratch.array,
                canonicalCount: canonicalCount,
                signedHeaders: signedHeadersLine,
                signature: signatureRange,
                authorization: authorizationRange
            )
        case .query:
            let intermediates = scratch.array
            var parameters = presignParameters
            parameters.append(("X-Amz-Signature", String(decoding: intermediates[signatureRange], as: UTF8.self)))
            if let token, !signToken { parameters.append(("X-Amz-Security-Token", token)) }
            let added = parameters.map { "\($0.0)=\(PercentEncoding.encodeQueryComponent($0.1))" }.joined(
                separator: "&"
            )
            let query = request.query
            request.query = query.isEmpty ? added : query + "&" + added
            return SignedRequest(
                request: request,
                intermediates: intermediates,
                canonicalCount: canonicalCount,
                signedHeaders: signedHeadersLine,
                signature: signatureRange,
                authorization: nil
            )
        }
    }

    /// A literal's bytes.
    @inline(__always)
    private static func literal(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// What signing needs to know about the headers it was given, from one pass over their
    /// lowercase names (lengths first), instead of a search per question.
    private struct GivenHeaders {
        /// The first `Host` is there and not empty.
        var hasHost = false
        /// The first `X-Amz-Content-SHA256` value.
        var contentSHA256: String? = nil
        var hasAuthorization = false
        var hasSecurityToken = false
        var hasAmzDate = false
        var hasRegionSet = false

        init(_ head: RequestHead) {
            var sawHost = false
            for index in 0..<head.fields.count {
                let name = head.name(index)
                func named(_ literal: StaticString) -> Bool { ByteText.equals(name, 0..<name.count, literal) }
                switch name.count {
                case 4 where !sawHost && named("host"):
                    sawHost = true
                    hasHost = !head.value(index).isEmpty
                case 10 where named("x-amz-date"):
                    hasAmzDate = true
                case 13 where named("authorization"):
                    hasAuthorization = true
                case 16 where named("x-amz-region-set"):
                    hasRegionSet = true
                case 20 where named("x-amz-security-token"):
                    hasSecurityToken = true
                case 20 where contentSHA256 == nil && named("x-amz-content-sha256"):
                    contentSHA256 = String(decoding: head.value(index), as: UTF8.self)
                default:
                    break
                }
            }
        }
    }
}
