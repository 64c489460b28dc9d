public import GatehouseCore
import GatehouseCrypto

/// Verifies SigV4 and SigV4a signatures as a server must (reference/sigv4.md §5).
///
/// Checks run cheapest first — syntax, scope, clock window, signed-header rules — so a request
/// that cannot be valid is rejected before any hashing; then the payload hash, the credential
/// lookup and, last, the HMAC (or ECDSA) with a cached signing key, compared in constant time.
/// Every outcome is a ``SigV4Verification``: valid with an identity, or invalid with a precise
/// ``SigV4Failure`` that maps to API Gateway's answer.
///
/// A verifier is `Sendable` and meant to be shared: its key caches serve every request.
public struct SigV4Verifier: Sendable {
    /// What a verifier accepts.
    public struct Configuration: Sendable {
        /// The region requests must be scoped to (SigV4a: must be in the request's region set).
        public var region: String
        /// The service requests must be scoped to.
        public var service: String
        /// S3's canonicalization (no normalization, single encoding), payload markers and window.
        public var s3Rules: Bool
        /// Remove dot and empty path segments before encoding. Default: on, off with S3 rules.
        public var normalizePath: Bool
        /// Encode the wire path once more for the canonical URI. Default: on, off with S3 rules.
        public var doubleURIEncode: Bool
        /// How far a header-signed request's date may be from now, either way, in seconds. Read
        /// clamped to 0…``maxClockSkewSeconds`` (a negative value is 0).
        public var clockSkewSeconds: Int
        /// The largest skew the verifier applies: 7 days.
        public static let maxClockSkewSeconds = 7 * 86_400
        /// Accept an `X-Amz-Security-Token` that was sent but not signed (the suite's
        /// `omit_session_token` form). Off by default: every `x-amz-*` header must be signed.
        public var allowUnsignedSessionToken: Bool
        /// Record the canonical request and string to sign on `SignatureDoesNotMatch`, as AWS
        /// does. Useful for debugging clients; off by default.
        public var includeCanonicalRequestInFailures: Bool
        /// The largest body the verifier hashes.
        public var maxBodyBytes: Int
        /// The most header lines a request may have.
        public var maxHeaderCount: Int
        /// The most bytes the method, target, header names and values may add up to (the
        /// verifier hashes and scans them). Default 64 KiB, as ``RawHTTPRequest``'s.
        public var maxHeaderBytes: Int

        /// API Gateway's rules for `service` (default `execute-api`) in `region`: ±5 minutes.
        public init(
            region: String,
            service: String = "execute-api",
            s3Rules: Bool = false,
            normalizePath: Bool? = nil,
            doubleURIEncode: Bool? = nil,
            clockSkewSeconds: Int? = nil,
            allowUnsignedSessionToken: Bool = false,
            includeCanonicalRequestInFailures: Bool = false,
            maxBodyBytes: Int = 10 * 1024 * 1024,
            maxHeaderCount: Int = 256,
            maxHeaderBytes: Int = 64 * 1024
        ) {
            self.region = region
            self.service = service
            self.s3Rules = s3Rules
            self.normalizePath = normalizePath ?? !s3Rules
            self.doubleURIEncode = doubleURIEncode ?? !s3Rules
            self.clockSkewSeconds = clockSkewSeconds ?? (s3Rules ? 900 : 300)
            self.allowUnsignedSessionToken = allowUnsignedSessionToken
            self.includeCanonicalRequestInFailures = includeCanonicalRequestInFailures
            self.maxBodyBytes = maxBodyBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxHeaderBytes = maxHeaderBytes
        }
    }

    public let configuration: Configuration
    private let keyCache: SigningKeyCache
    private let asymmetricKeyCache: SigV4aKeyCache
    /// The `Authorization` prefixes this verifier has verified, parsed, with their keys.
    private let memo: AuthorizationMemo

    /// A verifier. Its caches are shared by its copies; a `keyCache` of capacity 0 turns off
    /// everything that keeps a derived key (each verification then derives one).
    public init(
        configuration: Configuration,
        keyCache: SigningKeyCache = SigningKeyCache(),
        asymmetricKeyCache: SigV4aKeyCache = SigV4aKeyCache()
    ) {
        self.configuration = configuration
        self.keyCache = keyCache
        self.asymmetricKeyCache = asymmetricKeyCache
        self.memo = AuthorizationMemo(enabled: keyCache.isEnabled)
    }

    /// Verifies `request` at wall time `now` (read once at the edge of the request; SigV4 judges
    /// the second it falls in), looking the access key up in `store`.
    public func verify(
        _ request: SigV4Request,
        now: AmzDate,
        credentials store: some SigV4CredentialStore
    ) async -> SigV4Verification {
        if let failure = exceedsLimits(request) { return .invalid(failure) }
        // The fields each signed name matched: written by the precheck, read by `finish` (an
        // inout, not part of a returned struct: copying and destroying that struct retained and
        // released the parsed value once more per verification).
        var signedFields: SignedFields? = nil
        let parsed: ParsedAuthorization
        do {
            // The head is lent for one synchronous closure, so it is lent again after the lookup.
            parsed = try request.withHead { (head) throws(SigV4Failure) -> ParsedAuthorization in
                guard head.textCount <= configuration.maxHeaderBytes else { throw headersTooLarge }
                return try precheck(request, head: head, now: now, signedFields: &signedFields)
            }
        } catch {
            return .invalid(error)
        }
        let credential: SigV4StoredCredential?
        do {
            credential = try await store.credential(forAccessKeyId: parsed.accessKeyId)
        } catch {
            return .invalid(Self.credentialStoreUnavailable(accessKeyId: parsed.accessKeyId))
        }
        return request.withHead { head in
            finish(
                request,
                head: head,
                parsed: parsed,
                signedFields: signedFields,
                credential: credential,
                now: now
            )
        }
    }

    /// Verifies `request` at `now` with a synchronous lookup (an in-memory store).
    public func verify(
        _ request: borrowing SigV4Request,
        now: AmzDate,
        lookup: (String) -> SigV4StoredCredential?
    ) -> SigV4Verification {
        if let failure = exceedsLimits(request) { return .invalid(failure) }
        return request.withHead { head in
            guard head.textCount <= configuration.maxHeaderBytes else { return .invalid(headersTooLarge) }
            // Written by the precheck, read by `finish` (see the async `verify`).
            var signedFields: SignedFields? = nil
            let parsed: ParsedAuthorization
            do throws(SigV4Failure) {
                parsed = try precheck(request, head: head, now: now, signedFields: &signedFields)
            } catch {
                return .invalid(error)
            }
            return finish(
                request,
                head: head,
                parsed: parsed,
                signedFields: signedFields,
                credential: lookup(parsed.accessKeyId),
                now: now
            )
        }
    }

    /// How many `Authorization` prefixes the verifier remembers (for tests).
    var rememberedPrefixes: Int { memo.count }

    // MARK: Checks without secrets

    /// Over `maxHeaderBytes` (the storage keeps the sum, so this is checked before any parse).
    var headersTooLarge: SigV4Failure {
        SigV4Failure(
            .requestTooLarge,
            "The request line and headers are larger than \(configuration.maxHeaderBytes) bytes."
        )
    }

    /// The count and body limits, checked before anything is parsed.
    func exceedsLimits(_ request: SigV4Request) -> SigV4Failure? {
        guard request.headerCount <= configuration.maxHeaderCount else {
            return SigV4Failure(.requestTooLarge, "The request has more than \(configuration.maxHeaderCount) headers.")
        }
        if case .bytes(let body) = request.payload, body.count > configuration.maxBodyBytes {
            return SigV4Failure(
                .requestTooLarge,
                "The request body is larger than \(configuration.maxBodyBytes) bytes."
            )
        }
        return nil
    }

    func precheck(
        _ request: borrowing SigV4Request,
        head: borrowing RequestHead,
        now: AmzDate,
        signedFields: inout SignedFields?
    ) throws(SigV4Failure) -> ParsedAuthorization {
        let parsed = try AuthorizationParser.parse(request, head: head, memo: memo)
        // The access key id is read only when a failure names it (a copy of the string up front
        // was a retain and a release on every verification).
        func fail(_ code: SigV4Failure.Code, _ message: String) -> SigV4Failure {
            SigV4Failure(code, message, accessKeyId: parsed.accessKeyId)
        }

        // Scope: date, region (or region set), service.
        let sameDay =
            unsafe parsed.amzDateRange.count >= 8 && parsed.scopeDate.count == 8
            && parsed.withSource { source in
                unsafe ByteCopy.equal(
                    source.baseAddress! + parsed.amzDateRange.lowerBound,
                    source.baseAddress! + parsed.scopeDate.lowerBound,
                    8
                )
            }
        guard sameDay else {
            throw fail(
                .credentialDateMismatch,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(parsed.scopeDateString)' != '\(parsed.amzDate.prefix(8))', from '\(parsed.amzDate)'."
            )
        }
        // SigV4a's region set is client-supplied text: judged after the clock window (below),
        // so a stale request is refused before it is scanned.
        if !parsed.algorithm.isAsymmetric && parsed.template == nil
            && !parsed.part(parsed.scopeRegion, equals: configuration.region)
        {
            // (A remembered prefix's region and service were checked against this same
            // configuration when it was remembered.)
            throw fail(
                .invalidRegion,
                "Credential should be scoped to a valid region, not '\(AuthorizationParser.printable(parsed.string(parsed.scopeRegion).prefix(32)))'. "
            )
        }
        guard parsed.template != nil || parsed.part(parsed.scopeService, equals: configuration.service) else {
            throw fail(
                .invalidService,
                "Credential should be scoped to correct service: '\(configuration.service)'. "
            )
        }

        // Clock window and presign expiry.
        // Clamped, so no configured value makes the window arithmetic overflow.
        let skew = Int64(min(max(configuration.clockSkewSeconds, 0), Configuration.maxClockSkewSeconds))
        let signed = parsed.date.secondsSince1970
        let current = now.secondsSince1970
        if signed > current + skew {
            throw fail(
                .signatureNotYetCurrent,
                "Signature not yet current: \(parsed.amzDate) is still later than \(AmzDate(secondsSince1970: current + skew).amzFormat) (\(now.amzFormat) + \(minutes(skew)) min.)"
            )
        }
        if let expires = parsed.presignExpires {
            if current > signed + Int64(expires) {
                throw fail(.requestExpired, "Request has expired")
            }
        } else if signed < current - skew {
            throw fail(
                .signatureExpired,
                "Signature expired: \(parsed.amzDate) is now earlier than \(AmzDate(secondsSince1970: current - skew).amzFormat) (\(now.amzFormat) - \(minutes(skew)) min.)"
            )
        }

        if parsed.algorithm.isAsymmetric { try checkRegionSet(request, parsed: parsed) }

        // Signed-header rules: host always; every x-amz-* header present; every signed one present.
        guard parsed.signsHost else {
            throw fail(.hostNotSigned, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        // One pass over the fields: each is matched to its signed name (noting the first field
        // of each name, and names sent twice, for the canonical headers), or, unsigned, must not
        // be an `x-amz-*` one.
        try unsafe parsed.withSource { (source) throws(SigV4Failure) in
            if let names = parsed.signedNames, unsafe head.fields.count <= Int(Int32.max) {
                var fields = SignedFields()
                for index in unsafe 0..<head.fields.count {
                    let name = unsafe head.name(index)
                    if let position = unsafe names.position(of: name, in: source) {
                        fields.note(field: index, position: position)
                        continue
                    }
                    unsafe try checkUnsigned(name, parsed: parsed)
                }
                for position in 0..<names.count where fields.first(position) < 0 {
                    throw unsafe missing(
                        String(decoding: names.name(position, in: source), as: UTF8.self),
                        parsed: parsed
                    )
                }
                signedFields = fields
            } else {
                for index in unsafe 0..<head.fields.count where unsafe !parsed.signs(head.name(index)) {
                    unsafe try checkUnsigned(head.name(index), parsed: parsed)
                }
                var missingName: String? = nil
                parsed.forEachSignedHeaderName { range in
                    guard unsafe head.firstIndex(named: UnsafeBufferPointer(rebasing: source[range])) == nil else {
                        return true
                    }
                    missingName = parsed.string(range)
                    return false
                }
                if let missingName { throw missing(missingName, parsed: parsed) }
            }
        }
        return parsed
    }

    /// SigV4a: the region set (the signed `X-Amz-Region-Set` header, or the presigned
    /// parameter) must cover the configured region. Bounded in size and matched without
    /// backtracking (``RegionSet``): the set is the client's text.
    private borrowing func checkRegionSet(
        _ request: borrowing SigV4Request,
        parsed: ParsedAuthorization
    ) throws(SigV4Failure) {
        let regionSet: String?
        if parsed.isPresigned {
            regionSet = parsed.regionSet
        } else {
            let values = request.values(of: "x-amz-region-set")
            regionSet = values.isEmpty ? nil : values.joined(separator: ",")
        }
        let verdict = regionSet.map { RegionSet.judge($0, region: configuration.region) } ?? .doesNotCover
        switch verdict {
        case .covers:
            return
        case .tooLarge(let reason):
            throw SigV4Failure(.invalidRegion, reason, accessKeyId: parsed.accessKeyId)
        case .doesNotCover:
            throw SigV4Failure(
                .invalidRegion,
                "The region set '\(AuthorizationParser.printable((regionSet ?? "").prefix(64)))' does not include '\(configuration.region)'.",
                accessKeyId: parsed.accessKeyId
            )
        }
    }

    /// A field that is not signed: refused when it is an `x-amz-*` one (but an unsigned
    /// session token where the configuration allows it).
    @inline(__always)
    private func checkUnsigned(_ name: UnsafeBufferPointer<UInt8>, parsed: ParsedAuthorization) throws(SigV4Failure) {
        guard name.count > 6, unsafe ByteText.equals(name, 0..<6, "x-amz-") else { return }
        if unsafe configuration.allowUnsignedSessionToken
            && ByteText.equals(name, 0..<name.count, "x-amz-security-token")
        {
            return
        }
        throw SigV4Failure(
            .unsignedHeader,
            unsafe "There were headers present in the request which were not signed: '\(AuthorizationParser.printable(String(decoding: name, as: UTF8.self).prefix(64)))'.",
            accessKeyId: parsed.accessKeyId
        )
    }

    /// A name in SignedHeaders that no field has.
    private func missing(_ name: String, parsed: ParsedAuthorization) -> SigV4Failure {
        SigV4Failure(
            .signedHeaderMissing,
            "The header '\(AuthorizationParser.printable(name.prefix(64)))' is named in SignedHeaders but is not in the request.",
            accessKeyId: parsed.accessKeyId
        )
    }

    private func minutes(_ seconds: Int64) -> String {
        seconds % 60 == 0 ? String(seconds / 60) : String(Double(seconds) / 60)
    }

    // MARK: Checks with the credential

    /// Why the session token presented (`nil`: none) is not the one the key was issued with, or
    /// has expired; `nil` when it is fine. (Called only when either side has a token.)
    func sessionTokenFailure(
        presented: String?,
        credential: SigV4StoredCredential,
        now: AmzDate,
        parsed: ParsedAuthorization
    ) -> SigV4Failure? {
        switch (credential.credentials.sessionToken, presented) {
        case (let expected?, let presented?):
            guard ConstantTime.equals(expected.revealed, presented) else {
                return SigV4Failure(
                    .invalidToken,
                    "The security token included in the request is invalid.",
                    accessKeyId: parsed.accessKeyId
                )
            }
            // Whole seconds, as every SigV4 time: the second `now` falls in, past the expiry's.
            if let expiration = credential.expiration, now.secondsSince1970 > expiration.secondsSince1970 {
                return SigV4Failure(
                    .expiredToken,
                    "The security token included in the request is expired",
                    accessKeyId: parsed.accessKeyId
                )
            }
            return nil
        case (nil, nil):
            return nil
        default:
            return SigV4Failure(
                .invalidToken,
                "The security token included in the request is invalid.",
                accessKeyId: parsed.accessKeyId
            )
        }
    }

    borrowing func finish(
        _ request: borrowing SigV4Request,
        head: borrowing RequestHead,
        parsed: ParsedAuthorization,
        signedFields: SignedFields?,
        credential: SigV4StoredCredential?,
        now: AmzDate
    ) -> SigV4Verification {
        func fail(_ code: SigV4Failure.Code, _ message: String) -> SigV4Verification {
            .invalid(SigV4Failure(code, message, accessKeyId: parsed.accessKeyId))
        }
        guard let credential else {
            return fail(.unrecognizedClient, "The security token included in the request is invalid.")
        }

        // Session token: the one the key was issued with, signed (or explicitly allowed unsigned).
        let presentedToken = parsed.isPresigned ? parsed.sessionToken : head.firstValue(named: "x-amz-security-token")
        // (Neither side with a token, the usual case, is tested first without copying either
        // into a tuple: that copy was a retain and a release per verification.)
        if presentedToken != nil || credential.credentials.sessionToken != nil,
            let failure = sessionTokenFailure(
                presented: presentedToken,
                credential: credential,
                now: now,
                parsed: parsed
            )
        {
            return .invalid(failure)
        }

        // Payload hash line.
        let payloadHash: String
        var streaming: StreamingPlan? = nil
        if parsed.signsContentSHA256, let declared = head.firstValue(named: "x-amz-content-sha256") {
            if declared.utf8.count == 64, declared.utf8.allSatisfy({ Hex.value(of: $0) != nil }) {
                guard ConstantTime.equals(declared.lowercased(), request.payloadSHA256Hex) else {
                    return fail(
                        .payloadHashMismatch,
                        "The provided 'x-amz-content-sha256' header does not match what was computed."
                    )
                }
            } else if !(configuration.s3Rules && PayloadMarkers.isMarker(declared)) {
                return fail(
                    .payloadHashMismatch,
                    "x-amz-content-sha256 must be the hex SHA-256 of the body\(configuration.s3Rules ? " or a payload marker" : "") for this service."
                )
            } else if declared != "UNSIGNED-PAYLOAD" {
                // A streaming body: its promise (length, trailers) is read now, and a verified
                // signature yields a pending payload, never a valid verdict.
                switch StreamingPlan.make(marker: declared, head: head, algorithm: parsed.algorithm) {
                case .success(let plan): streaming = plan
                case .failure(var failure):
                    failure.accessKeyId = parsed.accessKeyId
                    return .invalid(failure)
                }
            }
            payloadHash = declared
        } else if parsed.isPresigned && configuration.s3Rules {
            payloadHash = "UNSIGNED-PAYLOAD"
        } else {
            payloadHash = request.payloadSHA256Hex
        }

        // The signature itself.
        let rules = CanonicalRequest.Rules(
            normalizePath: configuration.normalizePath,
            doubleURIEncode: configuration.doubleURIEncode
        )
        var exclusions: CanonicalQuery.Exclusions = parsed.isPresigned ? [.signature] : []
        var attempt = 0
        var debugCanonical: (String, String)? = nil
        // One scratch buffer for the canonical request, then the string to sign, on the stack
        // (a writer moves to the heap only for a request that outgrows it); strings are made
        // only for a debugging failure. The writer is a local of the closure that lends
        // `memory` and ends with it (every path returns a verdict, never the writer or a pointer
        // from it), so the lent memory is used only inside that closure.
        return unsafe withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { memory in
            var scratch = unsafe ByteWriter(borrowing: memory)
            while true {
                scratch.removeAll()
                do throws(SigV4Error) {
                    unsafe try CanonicalRequest.build(
                        head,
                        rules: rules,
                        excluding: exclusions,
                        signedHeaders: .parsed(parsed, signedFields),
                        payloadHash: payloadHash,
                        into: &scratch
                    )
                } catch {
                    return fail(
                        .incompleteSignature,
                        "The query string is not correctly percent-encoded: \(error.message)"
                    )
                }
                let canonicalDigest = unsafe SHA256.hash(UnsafeRawBufferPointer(scratch.bytes))
                let canonicalText =
                    unsafe configuration.includeCanonicalRequestInFailures
                    ? String(decoding: scratch.bytes, as: UTF8.self) : nil
                scratch.removeAll()
                unsafe parsed.withSource { source in
                    unsafe CanonicalRequest.stringToSign(
                        algorithm: parsed.algorithm,
                        amzDate: UnsafeBufferPointer(rebasing: source[parsed.amzDateRange]),
                        scope: UnsafeBufferPointer(rebasing: source[parsed.scope]),
                        canonicalDigest: canonicalDigest,
                        into: &scratch
                    )
                }
                let message = unsafe UnsafeRawBufferPointer(scratch.bytes)
                let matches =
                    unsafe parsed.algorithm.isAsymmetric
                    ? verifyAsymmetric(parsed, credential: credential, stringToSign: message)
                    : verifyHMAC(parsed, credential: credential, stringToSign: message, remember: attempt == 0)
                if !matches, let canonicalText {
                    debugCanonical = unsafe (canonicalText, String(decoding: scratch.bytes, as: UTF8.self))
                }
                if matches {
                    let identity = SigV4Identity(
                        principal: credential.principal,
                        hasSessionToken: presentedToken != nil,
                        parsed: parsed
                    )
                    if let streaming { return pending(identity, plan: streaming, credential: credential) }
                    return .valid(identity)
                }
                // The omit_session_token form of a presigned URL: the token was appended after signing.
                if attempt == 0 && parsed.isPresigned && configuration.allowUnsignedSessionToken
                    && parsed.sessionToken != nil
                {
                    attempt += 1
                    exclusions.insert(.securityToken)
                    continue
                }
                var failure = SigV4Failure(
                    .signatureDoesNotMatch,
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                    accessKeyId: parsed.accessKeyId
                )
                if let debugCanonical {
                    failure.canonicalRequest = debugCanonical.0
                    failure.stringToSign = debugCanonical.1
                }
                return .invalid(failure)
            }
        }
    }

    /// A streaming request whose head verified: the chunk chain seeded with its signature,
    /// waiting for the body.
    private func pending(
        _ identity: SigV4Identity,
        plan: StreamingPlan,
        credential: SigV4StoredCredential
    ) -> SigV4Verification {
        let chain: ChunkSigner?
        if plan.chunkAlgorithm != nil {
            do { chain = try chunkVerifier(for: identity, credential: credential) } catch {
                return .invalid(
                    SigV4Failure(
                        .signatureDoesNotMatch,
                        "The chunk signing key could not be derived.",
                        accessKeyId: identity.accessKeyId
                    )
                )
            }
        } else {
            chain = nil
        }
        return .payloadPending(SigV4PendingPayload(identity: identity, plan: plan, chain: chain))
    }

    /// Computes and compares the HMAC; on a match, a value the memo may keep is remembered with
    /// its key (`remember`: not for a second attempt, whose canonical request left a parameter
    /// out).
    private func verifyHMAC(
        _ parsed: ParsedAuthorization,
        credential: SigV4StoredCredential,
        stringToSign: UnsafeRawBufferPointer,
        remember: Bool
    ) -> Bool {
        guard parsed.signature.count == 64 else { return false }
        let key: HMACSHA256Key
        if let template = parsed.template, template.secretFingerprint == credential.secretFingerprint,
            template.parsed.accessKeyId == credential.credentials.accessKeyId
        {
            key = template.key
        } else {
            // The scope date was checked (eight digits, the request's day) before any of this.
            guard
                let day = unsafe parsed.withSource({
                    unsafe SigningKeyCache.Key.day(UnsafeBufferPointer(rebasing: $0[parsed.scopeDate]))
                })
            else { return false }
            key = keyCache.signingKey(
                accessKeyId: credential.credentials.accessKeyId,
                secret: credential.credentials.secretAccessKey,
                secretFingerprint: credential.secretFingerprint,
                day: day,
                region: configuration.region,
                service: configuration.service
            )
        }
        let matches = unsafe parsed.withSource { source in
            unsafe key.authenticationCode(for: stringToSign).matchesLowercaseHex(
                bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source[parsed.signature]))
            )
        }
        if matches && remember && parsed.rememberable && parsed.accessKeyId == credential.credentials.accessKeyId {
            memo.remember(parsed, secretFingerprint: credential.secretFingerprint, key: key)
        }
        return matches
    }

    private func verifyAsymmetric(
        _ parsed: ParsedAuthorization,
        credential: SigV4StoredCredential,
        stringToSign: UnsafeRawBufferPointer
    ) -> Bool {
        guard parsed.signature.count <= 160, let der = Hex.decodeLowercase(parsed.signatureString),
            let publicKey = try? asymmetricPublicKey(for: credential)
        else { return false }
        return unsafe publicKey.isValidSignature(der, for: stringToSign)
    }

    /// The SigV4 signing key for a credential and day, from the verifier's cache.
    func signingKey(for credential: SigV4StoredCredential, scopeDate: String) -> HMACSHA256Key {
        keyCache.signingKey(
            accessKeyId: credential.credentials.accessKeyId,
            secret: credential.credentials.secretAccessKey,
            secretFingerprint: credential.secretFingerprint,
            scopeDate: scopeDate,
            region: configuration.region,
            service: configuration.service
        )
    }

    /// The SigV4a public key for a credential, from the verifier's cache.
    func asymmetricPublicKey(for credential: SigV4StoredCredential) throws(SigV4Error) -> P256PublicKey {
        try asymmetricKeyCache.privateKey(
            accessKeyId: credential.credentials.accessKeyId,
            secret: credential.credentials.secretAccessKey,
            secretFingerprint: credential.secretFingerprint
        ).publicKey
    }
}

extension SigV4Verifier {
    /// The refusal when the credential store throws (fail closed): the same answer from every
    /// entry point that awaits a store.
    static func credentialStoreUnavailable(accessKeyId: String) -> SigV4Failure {
        SigV4Failure(.credentialStoreUnavailable, "The credential store could not be read.", accessKeyId: accessKeyId)
    }
}
