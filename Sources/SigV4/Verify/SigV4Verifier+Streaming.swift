public import GatehouseCore
import GatehouseCrypto

extension SigV4Verifier {
    /// Verifies a request's head before its body arrives, for a server that streams bodies.
    ///
    /// Runs every check ``verify(_:now:credentials:)`` runs on the head — syntax, scope, clock
    /// window, signed headers, credential, session token — and, when the request signed its
    /// `x-amz-content-sha256`, the signature itself over the canonical request with that
    /// declared value. The body is then checked by the returned ``SigV4BodyVerifier`` as it
    /// streams (see its modes). When `x-amz-content-sha256` is not signed (or absent), the
    /// signature covers the body's SHA-256 and can only be checked once the body has arrived:
    /// the body verifier then holds the body and checks the signature in
    /// ``SigV4BodyVerifier/finish()``.
    ///
    /// The request's own payload is ignored (the body arrives through the body verifier).
    /// Whatever way the body is split, the final verdict is the one ``verify(_:now:lookup:)``
    /// gives the whole request (a test holds the two to that).
    public func verifyHead(
        _ request: SigV4Request,
        now: AmzDate,
        credentials store: some SigV4CredentialStore,
        limits: AWSChunkedEncoding.Limits = AWSChunkedEncoding.Limits()
    ) async -> SigV4HeadVerification {
        let start: HeadStart
        switch startHead(request, now: now) {
        case .success(let value): start = value
        case .failure(let failure): return .invalid(failure)
        }
        let credential: SigV4StoredCredential?
        do {
            credential = try await store.credential(forAccessKeyId: start.parsed.accessKeyId)
        } catch {
            return .invalid(Self.credentialStoreUnavailable(accessKeyId: start.parsed.accessKeyId))
        }
        return headVerdict(start, credential: credential, now: now, limits: limits)
    }

    /// ``verifyHead(_:now:credentials:limits:)`` with a synchronous lookup (an in-memory store).
    public func verifyHead(
        _ request: SigV4Request,
        now: AmzDate,
        limits: AWSChunkedEncoding.Limits = AWSChunkedEncoding.Limits(),
        lookup: (String) -> SigV4StoredCredential?
    ) -> SigV4HeadVerification {
        switch startHead(request, now: now) {
        case .success(let start):
            return headVerdict(start, credential: lookup(start.parsed.accessKeyId), now: now, limits: limits)
        case .failure(let failure): return .invalid(failure)
        }
    }

    /// A head that passed the checks before the credential lookup: the request (its own payload
    /// dropped: the body arrives through the body verifier) and its parsed authorization.
    private struct HeadStart {
        var request: SigV4Request
        var parsed: ParsedAuthorization
        var signedFields: SignedFields?
    }

    /// The checks before the credential lookup, as ``verify(_:now:lookup:)`` runs them — one
    /// prologue for both ``verifyHead`` entry points.
    private func startHead(_ request: SigV4Request, now: AmzDate) -> Result<HeadStart, SigV4Failure> {
        var request = request
        request.payload = .bytes([])
        if let failure = exceedsLimits(request) { return .failure(failure) }
        var signedFields: SignedFields? = nil
        do throws(SigV4Failure) {
            let parsed = try request.withHead { (head) throws(SigV4Failure) -> ParsedAuthorization in
                guard head.textCount <= configuration.maxHeaderBytes else { throw headersTooLarge }
                return try precheck(request, head: head, now: now, signedFields: &signedFields)
            }
            return .success(HeadStart(request: request, parsed: parsed, signedFields: signedFields))
        } catch {
            return .failure(error)
        }
    }

    /// The verdict on the head with its credential: the signature when the payload-hash line is
    /// known without the body (the signed `x-amz-content-sha256`, or S3's presigned
    /// `UNSIGNED-PAYLOAD`), else the credential checks alone and a deferred signature.
    private func headVerdict(
        _ start: HeadStart,
        credential: SigV4StoredCredential?,
        now: AmzDate,
        limits: AWSChunkedEncoding.Limits
    ) -> SigV4HeadVerification {
        let (request, parsed, signedFields) = (start.request, start.parsed, start.signedFields)
        // The head is lent for this closure (the lookup, which may await, came before it).
        return request.withHead { head in
            let declared = parsed.signsContentSHA256 ? head.firstValue(named: "x-amz-content-sha256") : nil
            let maxBodyBytes = configuration.maxBodyBytes
            if let declared, declared.utf8.count == 64, let bytes = Hex.decode(declared),
                let digest = SHA256Digest(bytes: bytes)
            {
                // The signed hash stands in for the body: `finish` compares the two (equal here)
                // and checks the signature over the declared text.
                var hashed = request
                hashed.payload = .digest(digest)
                switch finish(
                    hashed,
                    head: head,
                    parsed: parsed,
                    signedFields: signedFields,
                    credential: credential,
                    now: now
                ) {
                case .valid(let identity):
                    return .body(.declaredHash(identity, expected: digest, maxBodyBytes: maxBodyBytes))
                case .invalid(let failure): return .invalid(failure)
                case .payloadPending(let pending): return .invalid(pending.failure)
                }
            }
            if declared != nil || (parsed.isPresigned && configuration.s3Rules) {
                // A payload marker (or S3's presigned default): the body is not in the signature.
                switch finish(
                    request,
                    head: head,
                    parsed: parsed,
                    signedFields: signedFields,
                    credential: credential,
                    now: now
                ) {
                case .valid(let identity):
                    return .body(.unsignedPayload(identity, maxBodyBytes: maxBodyBytes))
                case .payloadPending(let pending):
                    return .body(.chunked(pending, limits: limits, maxBodyBytes: maxBodyBytes))
                case .invalid(let failure): return .invalid(failure)
                }
            }
            // The signature covers the body's hash: everything else now, the signature at the end.
            guard let credential else {
                return .invalid(
                    SigV4Failure(
                        .unrecognizedClient,
                        "The security token included in the request is invalid.",
                        accessKeyId: parsed.accessKeyId
                    )
                )
            }
            let presented = parsed.isPresigned ? parsed.sessionToken : head.firstValue(named: "x-amz-security-token")
            if presented != nil || credential.credentials.sessionToken != nil,
                let failure = sessionTokenFailure(
                    presented: presented,
                    credential: credential,
                    now: now,
                    parsed: parsed
                )
            {
                return .invalid(failure)
            }
            return .body(
                .bodyHash(
                    .init(verifier: self, request: request, credential: credential, now: now),
                    accessKeyId: parsed.accessKeyId
                )
            )
        }
    }
}

extension SigV4PendingPayload {
    /// Why a pending payload is not a verdict (as ``SigV4Verification/failure`` says it).
    var failure: SigV4Failure {
        SigV4Failure(
            .invalidPayload,
            "The streaming payload (\(marker)) has not been verified.",
            accessKeyId: accessKeyId
        )
    }
}
