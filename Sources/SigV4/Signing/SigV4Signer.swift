public import GatehouseCore
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
    ///
    /// The steps are reference/sigv4.md's, in its order, each a function named after it: the
    /// headers signing adds (``addSigningHeaders(to:given:day:amzDate:token:signToken:)``), then
    /// 1. the canonical request (§1, ``canonicalRequest(_:indices:extraQuery:payloadHash:into:)``),
    /// 2. the string to sign (§2, ``stringToSign(day:amzDate:canonicalCount:into:)``),
    /// 3. the signing key (§2, ``signingKey(for:)``),
    /// 4. the signature (§2, ``signature(stringToSign:day:into:)``),
    /// 5. the `Authorization` header (§2) or the presigned query.
    /// Everything is written into one ``ByteWriter``, which checks each append against its room
    /// and grows: no step computes a byte budget that a write relies on.
    public func sign(_ request: SigV4Request, at date: AmzDate) throws(SigV4Error) -> SignedRequest {
        var request = request
        let given = request.withHead { GivenHeaders($0) }
        guard given.hasHost else {
            throw SigV4Error(.missingHost, "the request has no `Host` header; SigV4 always signs the host")
        }
        let configuration = self.configuration
        let day = signingDay(for: date)
        // `YYYYMMDDTHHMMSSZ` as a value on the stack: it goes into the request, the string to sign
        // and, when presigning, a parameter.
        let amzDate = day.amzDateBytes(at: date)
        let token = credentials.sessionToken?.revealed
        let signToken = token != nil && configuration.sessionTokenPlacement == .signed
        let payloadHash = addSigningHeaders(
            to: &request,
            given: given,
            day: day,
            amzDate: amzDate,
            token: token,
            signToken: signToken
        )

        // One scratch buffer: the canonical request, the string to sign, the signature's hex
        // and (header signing) the `Authorization` value are written in it one after another
        // and leave as one array.
        var scratch = ByteWriter(capacity: 1024)
        var presignParameters: [(String, String)] = []
        // The fields to sign, from the request's bytes as they now are; the head is lent for
        // this closure only, and holds no reference to the block, so the request's block is
        // still its own (and appended to in place) when the `Authorization` field is added.
        let signedHeadersLine = try request.withHead { (head) throws(SigV4Error) -> Range<Int> in
            let indexSpace = unsafe Scratch.allocate(byteCount: max(head.fields.count, 1) * MemoryLayout<Int>.stride)
            defer { unsafe Scratch.release(indexSpace) }
            let indexBuffer = unsafe UnsafeMutableBufferPointer(
                start: indexSpace.bindMemory(to: Int.self, capacity: head.fields.count),
                count: head.fields.count
            )
            let indices = unsafe UnsafeBufferPointer(
                rebasing: indexBuffer[..<CanonicalHeaders.fieldsToSign(head, into: indexBuffer)]
            )
            var extraQuery: [CanonicalQuery.Pair] = []
            if case .query(let expires) = configuration.location {
                try Self.refuseReservedParameters(request.query)
                presignParameters = unsafe self.presignParameters(
                    head,
                    indices: indices,
                    day: day,
                    date: date,
                    expires: expires,
                    token: signToken ? token : nil,
                    scratch: &scratch
                )
                for (key, value) in presignParameters {
                    var encoded: [UInt8] = []
                    PercentEncoding.append(value.utf8, keepSlash: false, to: &encoded)
                    extraQuery.append(.init(key: Array(key.utf8), value: encoded))
                }
            }

            // 1. The canonical request.
            return try unsafe canonicalRequest(
                head,
                indices: indices,
                extraQuery: extraQuery,
                payloadHash: payloadHash,
                into: &scratch
            )
        }
        let canonicalCount = scratch.count
        // 2. The string to sign.
        stringToSign(day: day, amzDate: amzDate, canonicalCount: canonicalCount, into: &scratch)
        let stringToSignRange = canonicalCount..<scratch.count
        // 3 and 4. The signing key and the signature, whose hex follows the string to sign.
        let signatureRange = try signature(stringToSign: stringToSignRange, day: day, into: &scratch)

        // 5. The `Authorization` header, or the presigned query.
        switch configuration.location {
        case .header:
            let authorizationRange = authorizationHeader(
                day: day,
                signedHeaders: signedHeadersLine,
                signature: signatureRange,
                into: &scratch
            )
            unsafe request.appendHeader(
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

    // MARK: The steps

    /// The scope date, credential scope and (SigV4) signing key of `date`'s day, from the
    /// signer's day cache.
    @inline(__always)
    private func signingDay(for date: AmzDate) -> SigningDay {
        let configuration = self.configuration
        let algorithm = configuration.algorithm
        let dayNumber = SigningDay.number(of: date)
        return dayCache.day(dayNumber) {
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
    }

    /// The headers the signer adds before anything is canonicalized (§1.4: `x-amz-date`,
    /// `x-amz-security-token`, `x-amz-content-sha256`, `x-amz-region-set`), replacing any the
    /// caller set; returns the payload hash (§1.5).
    ///
    /// The room reserved first is only a hint, so the caller's block is copied once: each append
    /// checks the room left and copies the block again if the hint was short.
    @inline(__always)
    private func addSigningHeaders(
        to request: inout SigV4Request,
        given: GivenHeaders,
        day: SigningDay,
        amzDate: (UInt64, UInt64),
        token: String?,
        signToken: Bool
    ) -> String {
        let configuration = self.configuration
        let algorithm = configuration.algorithm
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

        guard case .header = configuration.location else { return payloadHash }
        if given.hasAmzDate { request.removeHeaders(named: "x-amz-date") }
        let names = request.storage.layout.textCount
        let authorizationBytes =
            algorithm.nameLiteral.utf8CodeUnitCount + 12 + credentials.accessKeyId.utf8.count + 1
            + day.scope.utf8.count + 16 + names + 12 + 144
        var extra = RequestStorage.fieldBytes(name: 10, value: 16)
        extra += RequestStorage.fieldBytes(name: 13, value: authorizationBytes)
        extra += RequestStorage.fieldBytes(name: 16, value: configuration.region.utf8.count)
        extra += RequestStorage.fieldBytes(name: 20, value: token?.utf8.count ?? 0)
        extra += RequestStorage.fieldBytes(name: 20, value: payloadHash.utf8.count)
        request.reserveHeaderCapacity(fields: 5, bytes: extra)
        unsafe withUnsafeBytes(of: amzDate) { date in
            unsafe request.appendHeader(
                name: Self.literal("X-Amz-Date"),
                value: date.assumingMemoryBound(to: UInt8.self)
            )
        }
        if algorithm.isAsymmetric {
            if given.hasRegionSet { request.removeHeaders(named: "x-amz-region-set") }
            request.appendHeader("X-Amz-Region-Set", configuration.region)
        }
        if let token, signToken { request.appendHeader("X-Amz-Security-Token", token) }
        if configuration.addContentSHA256Header && given.contentSHA256 == nil {
            request.appendHeader("X-Amz-Content-Sha256", payloadHash)
        }
        return payloadHash
    }

    /// The presigning parameters (§2, presigned URLs), in the order the conformance suite writes
    /// them. The SignedHeaders value is written in `scratch`, read, and forgotten.
    @unsafe @inline(__always)
    private func presignParameters(
        _ head: borrowing RequestHead,
        indices: UnsafeBufferPointer<Int>,
        day: SigningDay,
        date: AmzDate,
        expires: Int,
        token: String?,
        scratch: inout ByteWriter
    ) -> [(String, String)] {
        let algorithm = configuration.algorithm
        unsafe CanonicalHeaders.appendSignedHeadersLine(head, indices, to: &scratch)
        let signedHeaders = scratch.string
        scratch.removeAll()
        var parameters = [
            ("X-Amz-Algorithm", algorithm.name),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(day.scope)"),
            ("X-Amz-Date", day.amzDate(at: date)),
            ("X-Amz-SignedHeaders", signedHeaders),
            ("X-Amz-Expires", String(expires)),
        ]
        if let token { parameters.append(("X-Amz-Security-Token", token)) }
        if algorithm.isAsymmetric { parameters.append(("X-Amz-Region-Set", configuration.region)) }
        return parameters
    }

    /// Step 1 (§1): the canonical request, written at the start of `scratch`. Returns where its
    /// SignedHeaders line lies (read from there for the `Authorization` header).
    @unsafe @inline(__always)
    private func canonicalRequest(
        _ head: borrowing RequestHead,
        indices: UnsafeBufferPointer<Int>,
        extraQuery: [CanonicalQuery.Pair],
        payloadHash: String,
        into scratch: inout ByteWriter
    ) throws(SigV4Error) -> Range<Int> {
        try unsafe CanonicalRequest.build(
            head,
            rules: .init(normalizePath: configuration.normalizePath, doubleURIEncode: configuration.doubleURIEncode),
            extraQuery: extraQuery,
            signedHeaders: .fields(indices),
            payloadHash: payloadHash,
            into: &scratch
        )
    }

    /// Step 2 (§2): the string to sign, after the canonical request (its first `canonicalCount`
    /// bytes, hashed before anything more is written).
    @inline(__always)
    private func stringToSign(
        day: SigningDay,
        amzDate: (UInt64, UInt64),
        canonicalCount: Int,
        into scratch: inout ByteWriter
    ) {
        let canonicalDigest = unsafe SHA256.hash(
            UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch.bytes)[..<canonicalCount])
        )
        unsafe withUnsafeBytes(of: amzDate) { date in
            unsafe day.scope.withUTF8Bytes { scope in
                unsafe CanonicalRequest.stringToSign(
                    algorithm: configuration.algorithm,
                    amzDate: date.assumingMemoryBound(to: UInt8.self),
                    scope: scope,
                    canonicalDigest: canonicalDigest,
                    into: &scratch
                )
            }
        }
    }

    /// Step 3 (§2): the SigV4 signing key, `kSigning`, of the day (derived once per day and
    /// cached).
    @inline(__always)
    private func signingKey(for day: SigningDay) -> HMACSHA256Key {
        day.key ?? cachedSigningKey(scopeDate: day.scopeDate)
    }

    /// Step 4 (§2; §4 for SigV4a): the signature of the string to sign at `stringToSign`, its
    /// lowercase hex appended to `scratch`. Returns where the hex lies.
    @inline(__always)
    private func signature(
        stringToSign: Range<Int>,
        day: SigningDay,
        into scratch: inout ByteWriter
    ) throws(SigV4Error) -> Range<Int> {
        let start = scratch.count
        // Computed before anything more is written (a write may move the buffer).
        let message = unsafe UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch.bytes)[stringToSign])
        if let asymmetricKey {
            let der: [UInt8]
            do {
                der = try unsafe asymmetricKey.signature(for: message)
            } catch {
                throw SigV4Error(.cryptoFailure, "ECDSA signing failed: \(error)")
            }
            unsafe der.withUnsafeBytes { unsafe scratch.appendLowercaseHex($0) }
        } else {
            let mac = unsafe signingKey(for: day).authenticationCode(for: message)
            unsafe mac.withUnsafeBytes { unsafe scratch.appendLowercaseHex($0) }
        }
        return start..<scratch.count
    }

    /// Step 5 (§2): the `Authorization` value, appended to `scratch` from the SignedHeaders line
    /// and the signature already there. Returns where it lies.
    @inline(__always)
    private func authorizationHeader(
        day: SigningDay,
        signedHeaders: Range<Int>,
        signature: Range<Int>,
        into scratch: inout ByteWriter
    ) -> Range<Int> {
        let start = scratch.count
        scratch.append(configuration.algorithm.nameLiteral)
        scratch.append(" Credential=")
        scratch.append(credentials.accessKeyId)
        scratch.append(UInt8(ascii: "/"))
        scratch.append(day.scope)
        scratch.append(", SignedHeaders=")
        scratch.appendWritten(signedHeaders)
        scratch.append(", Signature=")
        scratch.appendWritten(signature)
        return start..<scratch.count
    }

    /// A literal's bytes.
    @inline(__always)
    private static func literal(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
        unsafe UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
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

        init(_ head: borrowing RequestHead) {
            var sawHost = false
            for index in unsafe 0..<head.fields.count {
                let name = unsafe head.name(index)
                func named(_ literal: StaticString) -> Bool { unsafe ByteText.equals(name, 0..<name.count, literal) }
                switch name.count {
                case 4 where !sawHost && named("host"):
                    sawHost = true
                    hasHost = unsafe !head.value(index).isEmpty
                case 10 where named("x-amz-date"):
                    hasAmzDate = true
                case 13 where named("authorization"):
                    hasAuthorization = true
                case 16 where named("x-amz-region-set"):
                    hasRegionSet = true
                case 20 where named("x-amz-security-token"):
                    hasSecurityToken = true
                case 20 where contentSHA256 == nil && named("x-amz-content-sha256"):
                    contentSHA256 = unsafe String(decoding: head.value(index), as: UTF8.self)
                default:
                    break
                }
            }
        }
    }
}
