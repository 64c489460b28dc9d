import GatehouseCrypto

/// Verifies a request's body as it streams, after ``SigV4Verifier/verifyHead(_:now:limits:lookup:)``
/// accepted its head.
///
/// Feed the body's bytes to ``consume(_:)`` in the pieces they arrive in; each call returns the
/// payload bytes that may be passed on (to an integration). Then call ``finish()``: only its
/// ``SigV4VerifiedBody`` makes the request valid. How a piece is split never changes the
/// verdict. What is released when depends on what the request signed (``mode``):
///
/// | mode | the head | bytes released | checked at ``finish()`` |
/// | --- | --- | --- | --- |
/// | ``Mode/declaredHash`` (signed hex `x-amz-content-sha256`) | verified | as they arrive | the body's SHA-256 against the signed one (constant time) |
/// | ``Mode/unsignedPayload`` (`UNSIGNED-PAYLOAD`, S3 rules) | verified | as they arrive | nothing: the client chose not to sign the body |
/// | ``Mode/signedChunks`` (`STREAMING-…-PAYLOAD[-TRAILER]`) | verified | each chunk once its signature verified | the final chunk, length, trailers, trailer signature, checksums |
/// | ``Mode/unsignedChunks`` (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) | verified | as chunks arrive | framing, length, the checksum trailer |
/// | ``Mode/bodyHash`` (no signed `x-amz-content-sha256`) | every check but the signature | none until the end: all at ``finish()`` | the signature, over the body's SHA-256 |
///
/// So in the first four modes the signer is known before the body arrives
/// (``headIdentity``) and a gateway can start its integration request at once; in
/// ``Mode/declaredHash`` and ``Mode/unsignedChunks`` bytes reach it before their integrity is
/// known, and a failing ``finish()`` (or ``consume(_:)``) means the gateway **must abort** the
/// integration request rather than complete it. In ``Mode/bodyHash`` the signature covers the
/// body's hash and cannot be checked before the last byte: the verifier holds the body (at most
/// the verifier's `maxBodyBytes`) and releases it only from a valid ``finish()``.
///
/// Every mode counts the received bytes against the verifier's `maxBodyBytes`; chunked modes
/// also apply ``AWSChunkedEncoding/Limits`` and the declared decoded length as bytes arrive.
/// The first failure is final: every later call throws it again.
public struct SigV4BodyVerifier: Sendable {
    /// How the body is authenticated: what the request's `x-amz-content-sha256` signed.
    public struct Mode: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Kind: Sendable, Hashable {
            case declaredHash, unsignedPayload, signedChunks, unsignedChunks, bodyHash
        }

        fileprivate let kind: Kind

        /// A signed hex SHA-256 of the body: bytes stream, the hash is compared at the end.
        public static let declaredHash = Mode(kind: .declaredHash)
        /// `UNSIGNED-PAYLOAD`: the body is not authenticated (S3 rules only).
        public static let unsignedPayload = Mode(kind: .unsignedPayload)
        /// `aws-chunked` with signed chunks (SigV4 or SigV4a, with or without trailers).
        public static let signedChunks = Mode(kind: .signedChunks)
        /// `aws-chunked` with unsigned chunks and a checksum trailer.
        public static let unsignedChunks = Mode(kind: .unsignedChunks)
        /// No signed `x-amz-content-sha256`: the signature covers the body's hash, so it is
        /// checked at the end and the body is held until then.
        public static let bodyHash = Mode(kind: .bodyHash)

        public var description: String {
            switch kind {
            case .declaredHash: return "declared hash"
            case .unsignedPayload: return "unsigned payload"
            case .signedChunks: return "signed chunks"
            case .unsignedChunks: return "unsigned chunks"
            case .bodyHash: return "body hash"
            }
        }
    }

    /// What ``Mode/bodyHash`` needs to check the signature once the body's hash is known.
    struct DeferredSignature: Sendable {
        let verifier: SigV4Verifier
        let request: SigV4Request
        let credential: SigV4StoredCredential
        let now: AmzDate
    }

    public let mode: Mode
    /// Who signed the head — `nil` in ``Mode/bodyHash``, whose signature is checked only by
    /// ``finish()``. The body is not verified yet: use it to decide whether to start the
    /// integration (policy, throttling), never as the final verdict.
    public let headIdentity: SigV4Identity?
    /// The access key id the request names (for logs and failures).
    public let accessKeyId: String
    /// The body bytes received so far (encoded, for chunked modes).
    public private(set) var receivedByteCount = 0

    private let maxBodyBytes: Int
    private var hasher = SHA256()
    private let expectedDigest: SHA256Digest?
    private var chunked: StreamingPayloadCheck?
    private let deferred: DeferredSignature?
    /// ``Mode/bodyHash``'s body, until the signature verifies.
    private var held: [UInt8] = []
    private var failure: SigV4Failure?
    private var finished = false

    private init(
        mode: Mode,
        headIdentity: SigV4Identity?,
        accessKeyId: String,
        maxBodyBytes: Int,
        expectedDigest: SHA256Digest? = nil,
        chunked: StreamingPayloadCheck? = nil,
        deferred: DeferredSignature? = nil
    ) {
        self.mode = mode
        self.headIdentity = headIdentity
        self.accessKeyId = accessKeyId
        self.maxBodyBytes = maxBodyBytes
        self.expectedDigest = expectedDigest
        self.chunked = chunked
        self.deferred = deferred
    }

    static func declaredHash(_ identity: SigV4Identity, expected: SHA256Digest, maxBodyBytes: Int) -> Self {
        Self(
            mode: .declaredHash,
            headIdentity: identity,
            accessKeyId: identity.accessKeyId,
            maxBodyBytes: maxBodyBytes,
            expectedDigest: expected
        )
    }

    static func unsignedPayload(_ identity: SigV4Identity, maxBodyBytes: Int) -> Self {
        Self(
            mode: .unsignedPayload,
            headIdentity: identity,
            accessKeyId: identity.accessKeyId,
            maxBodyBytes: maxBodyBytes
        )
    }

    static func chunked(
        _ pending: SigV4PendingPayload,
        limits: AWSChunkedEncoding.Limits,
        maxBodyBytes: Int
    ) -> Self {
        Self(
            mode: pending.chain == nil ? .unsignedChunks : .signedChunks,
            headIdentity: pending.identity,
            accessKeyId: pending.accessKeyId,
            maxBodyBytes: maxBodyBytes,
            chunked: StreamingPayloadCheck(plan: pending.plan, chain: pending.chain, limits: limits)
        )
    }

    static func bodyHash(_ deferred: DeferredSignature, accessKeyId: String) -> Self {
        Self(
            mode: .bodyHash,
            headIdentity: nil,
            accessKeyId: accessKeyId,
            maxBodyBytes: deferred.verifier.configuration.maxBodyBytes,
            deferred: deferred
        )
    }

    /// The streaming marker the request signed (`STREAMING-…`), for chunked modes.
    public var marker: String? { chunked?.plan.marker }

    /// Takes the next piece of the body as received and returns the payload bytes that may be
    /// passed on now (see the table above; possibly none). Throws the reason the body is
    /// refused as soon as it is known: a limit crossed, a malformed or forged chunk. In the
    /// modes that pass bytes through as they arrive, the piece itself is returned (no copy).
    public mutating func consume(_ bytes: [UInt8]) throws(SigV4Failure) -> [UInt8] {
        try absorb(bytes[...]) ?? bytes
    }

    /// ``consume(_:)`` over a slice.
    public mutating func consume(_ bytes: ArraySlice<UInt8>) throws(SigV4Failure) -> [UInt8] {
        try absorb(bytes) ?? Array(bytes)
    }

    /// Checks a piece; returns the bytes to release, or `nil` for "the piece itself".
    private mutating func absorb(_ bytes: ArraySlice<UInt8>) throws(SigV4Failure) -> [UInt8]? {
        if let failure { throw failure }
        guard !finished else { try fail(SigV4Failure(.invalidPayload, "The body was fed after its end.")) }
        guard bytes.count <= maxBodyBytes - receivedByteCount else {
            try fail(SigV4Failure(.requestTooLarge, "The request body is larger than \(maxBodyBytes) bytes."))
        }
        receivedByteCount += bytes.count
        switch mode.kind {
        case .declaredHash:
            hasher.update(bytes)
            return nil
        case .unsignedPayload:
            return nil
        case .signedChunks, .unsignedChunks:
            var ready: [UInt8] = []
            do throws(SigV4Failure) {
                try chunked!.consume(bytes, into: &ready)
            } catch {
                try fail(error)
            }
            return ready
        case .bodyHash:
            hasher.update(bytes)
            held.append(contentsOf: bytes)
            return []
        }
    }

    /// The end of the body: the verdict. Returns the verified identity, the trailing headers
    /// (chunked modes) and the payload bytes released only now (``Mode/bodyHash``: the whole
    /// body); throws the reason the request is refused (after which a gateway must abort any
    /// integration request it started). Call once.
    public mutating func finish() throws(SigV4Failure) -> SigV4VerifiedBody {
        if let failure { throw failure }
        guard !finished else { try fail(SigV4Failure(.invalidPayload, "The body was finished twice.")) }
        finished = true
        switch mode.kind {
        case .declaredHash:
            guard hasher.finalize().constantTimeEquals(expectedDigest!) else {
                try fail(
                    SigV4Failure(
                        .payloadHashMismatch,
                        "The provided 'x-amz-content-sha256' header does not match what was computed."
                    )
                )
            }
            return SigV4VerifiedBody(identity: headIdentity!, trailers: [], releasedAtEnd: [])
        case .unsignedPayload:
            return SigV4VerifiedBody(identity: headIdentity!, trailers: [], releasedAtEnd: [])
        case .signedChunks, .unsignedChunks:
            let trailers: [SigV4Request.Header]
            do throws(SigV4Failure) {
                trailers = try chunked!.finish()
            } catch {
                try fail(error)
            }
            return SigV4VerifiedBody(identity: headIdentity!, trailers: trailers, releasedAtEnd: [])
        case .bodyHash:
            // The whole-body verification, over the hash of the body received: the same checks
            // and canonical request as ``SigV4Verifier/verify(_:now:lookup:)``.
            let deferred = deferred!
            var request = deferred.request
            request.payload = .digest(hasher.finalize())
            let credential = deferred.credential
            switch deferred.verifier.verify(request, now: deferred.now, lookup: { _ in credential }) {
            case .valid(let identity):
                let body = held
                held = []
                return SigV4VerifiedBody(identity: identity, trailers: [], releasedAtEnd: body)
            case .invalid(let failure):
                try fail(failure)
            case .payloadPending:
                // (No streaming marker without a signed x-amz-content-sha256.)
                try fail(SigV4Failure(.invalidPayload, "The streaming payload has not been verified."))
            }
        }
    }

    /// Records the failure (final) and throws it.
    private mutating func fail(_ error: SigV4Failure) throws(SigV4Failure) -> Never {
        var error = error
        if error.accessKeyId == nil { error.accessKeyId = accessKeyId }
        failure = error
        held = []
        throw error
    }
}
