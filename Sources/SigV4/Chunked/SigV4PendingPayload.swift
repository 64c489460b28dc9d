import GatehouseCrypto

/// A request whose signature verified but whose body is a streaming (`aws-chunked`) payload
/// that has not been checked yet (reference/sigv4.md §3).
///
/// The request's own signature covers only its head and a marker
/// (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, …): the body is authenticated chunk by chunk, each
/// chunk signature chained from the request's signature (the seed), ending with a zero-length
/// chunk and, with `-TRAILER`, signed trailing headers. Until that chain is checked the request
/// is *not* verified, so the verifier hands back this value — never
/// ``SigV4Verification/valid(_:)`` — and the identity it holds is released only by
/// ``verify(body:limits:)`` when the body checks out:
///
/// - every chunk signature, in chain order (reordered, dropped, extra or altered chunks break
///   the chain);
/// - the final zero-length chunk, and nothing after the end;
/// - the decoded length equals `x-amz-decoded-content-length`;
/// - the trailing headers are exactly those `x-amz-trailer` declares, signed by the trailer
///   signature (signed modes), and each `x-amz-checksum-*` trailer matches the payload.
///
/// `STREAMING-UNSIGNED-PAYLOAD-TRAILER` bodies have unsigned chunks: their framing, length and
/// checksum trailer are checked the same way.
public struct SigV4PendingPayload: Sendable {
    /// What the head's verification established, in one immutable object: a
    /// ``SigV4Verification`` is as large as its largest case, and this one held inline (a chunk
    /// signer's key states among it) made every verdict — the common `valid` ones included — a
    /// few hundred bytes that each return copied (five `memcpy` calls and ~470 instructions per
    /// cached verification). Boxed, the case is one reference.
    private final class Storage: Sendable {
        let identity: SigV4Identity
        let plan: StreamingPlan
        let chain: ChunkSigner?

        init(identity: SigV4Identity, plan: StreamingPlan, chain: ChunkSigner?) {
            self.identity = identity
            self.plan = plan
            self.chain = chain
        }
    }

    private let storage: Storage

    init(identity: SigV4Identity, plan: StreamingPlan, chain: ChunkSigner?) {
        storage = Storage(identity: identity, plan: plan, chain: chain)
    }

    var identity: SigV4Identity { storage.identity }
    var plan: StreamingPlan { storage.plan }
    var chain: ChunkSigner? { storage.chain }

    /// The `x-amz-content-sha256` marker the request signed.
    public var marker: String { plan.marker }
    /// The payload size the request declared (`x-amz-decoded-content-length`).
    public var decodedContentLength: Int { plan.decodedLength }
    /// The trailing headers the request declared (`x-amz-trailer`), lowercased.
    public var declaredTrailers: [String] { plan.trailerNames }
    /// The access key id whose signature on the request's head verified (for logs: the
    /// payload is not verified yet).
    public var accessKeyId: String { identity.accessKeyId }

    /// Checks the received, still encoded body. With ``SigV4BodyVerifier`` (which checks it as
    /// it streams, through the same code) the only way to a valid verdict for a streaming
    /// request.
    public func verify(
        body encoded: [UInt8],
        limits: AWSChunkedEncoding.Limits = AWSChunkedEncoding.Limits()
    ) -> SigV4PayloadVerification {
        var check = StreamingPayloadCheck(plan: plan, chain: chain, limits: limits)
        var body: [UInt8] = []
        body.reserveCapacity(min(plan.decodedLength, encoded.count))
        do throws(SigV4Failure) {
            try check.consume(encoded[...], into: &body)
            let trailers = try check.finish()
            return .valid(SigV4VerifiedPayload(identity: identity, body: body, trailers: trailers))
        } catch {
            var failure = error
            failure.accessKeyId = identity.accessKeyId
            return .invalid(failure)
        }
    }

    static func printable(_ text: String) -> String {
        RawHTTPRequest.printable(Array(text.utf8.prefix(64)))
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map(printable).joined(separator: ", ")
    }
}
