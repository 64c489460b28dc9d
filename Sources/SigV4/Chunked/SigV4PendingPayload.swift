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

/// The outcome of checking a streaming payload.
public enum SigV4PayloadVerification: Sendable {
    case valid(SigV4VerifiedPayload)
    case invalid(SigV4Failure)

    /// The request's final verdict: valid with its identity, or invalid.
    public var verification: SigV4Verification {
        switch self {
        case .valid(let payload): return .valid(payload.identity)
        case .invalid(let failure): return .invalid(failure)
        }
    }
}

/// A streaming request whose head and payload both verified.
public struct SigV4VerifiedPayload: Sendable {
    public let identity: SigV4Identity
    /// The decoded payload.
    public let body: [UInt8]
    /// The trailing headers, names lowercased.
    public let trailers: [SigV4Request.Header]
}

/// Everything a streaming payload is checked for, as it arrives: the chunk framing and chain
/// (``AWSChunkedDecoder``), the declared length, then at the end the trailing headers against
/// `x-amz-trailer` and each checksum trailer against the payload (computed as it streams).
struct StreamingPayloadCheck: Sendable {
    let plan: StreamingPlan
    private var decoder: AWSChunkedDecoder
    private var checksums: [PayloadChecksum.Accumulator]

    init(plan: StreamingPlan, chain: ChunkSigner?, limits: AWSChunkedEncoding.Limits) {
        self.plan = plan
        decoder = AWSChunkedDecoder(
            chain: chain,
            trailer: plan.trailerNames.isEmpty ? .none : .required,
            decodedLength: plan.decodedLength,
            limits: limits
        )
        // The plan refused any checksum trailer not in PayloadChecksum.names.
        checksums = plan.trailerNames.compactMap { PayloadChecksum.Accumulator($0) }
    }

    /// Takes the next encoded bytes; appends the payload bytes that are ready to `output`.
    mutating func consume(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) throws(SigV4Failure) {
        let start = output.count
        try decoder.consume(bytes, into: &output)
        guard output.count > start else { return }
        for index in checksums.indices { checksums[index].update(output[start...]) }
    }

    /// The end of the body: the trailing headers, checked.
    mutating func finish() throws(SigV4Failure) -> [SigV4Request.Header] {
        let trailers = try decoder.finish()
        let names = trailers.map(\.name)
        guard Set(names) == Set(plan.trailerNames) else {
            throw SigV4Failure(
                .invalidPayload,
                "The trailing headers (\(SigV4PendingPayload.list(names))) are not the ones x-amz-trailer declares (\(SigV4PendingPayload.list(plan.trailerNames)))."
            )
        }
        for trailer in trailers where PayloadChecksum.isChecksum(trailer.name) {
            guard let checksum = checksums.first(where: { $0.name == trailer.name }) else {
                throw SigV4Failure(
                    .invalidPayload,
                    "The checksum trailer `\(SigV4PendingPayload.printable(trailer.name))` is not one this verifier computes (\(PayloadChecksum.names.joined(separator: ", ")))."
                )
            }
            guard ConstantTime.equals(checksum.finalize(), trailer.value) else {
                throw SigV4Failure(.invalidPayload, "The \(trailer.name) trailer does not match the payload.")
            }
        }
        return trailers
    }
}

/// What a streaming request's signed headers promise about its body, read before the
/// signature is checked (cheap, and a malformed promise is refused at once).
struct StreamingPlan: Sendable {
    let marker: String
    /// The algorithm of the chunk signatures; `nil` for unsigned chunks.
    let chunkAlgorithm: SigningAlgorithm?
    let decodedLength: Int
    let trailerNames: [String]

    /// The plan for `marker` (an S3 payload marker other than `UNSIGNED-PAYLOAD`), or the reason
    /// the request cannot be verified.
    static func make(
        marker: String,
        head: RequestHead,
        algorithm: SigningAlgorithm
    ) -> Result<StreamingPlan, SigV4Failure> {
        func refuse(_ message: String) -> Result<StreamingPlan, SigV4Failure> {
            .failure(SigV4Failure(.invalidPayload, message))
        }
        let chunkAlgorithm: SigningAlgorithm?
        let hasTrailer: Bool
        switch marker {
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": (chunkAlgorithm, hasTrailer) = (.sigV4, false)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (.sigV4, true)
        case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD": (chunkAlgorithm, hasTrailer) = (.sigV4a, false)
        case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (.sigV4a, true)
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (nil, true)
        default:
            return refuse("The payload `\(marker)` cannot be verified here (event streams are not supported).")
        }
        if let chunkAlgorithm, chunkAlgorithm != algorithm {
            return refuse("The payload marker `\(marker)` does not match the request's algorithm \(algorithm.name).")
        }
        let lengths = values(head, "x-amz-decoded-content-length")
        guard lengths.count == 1, let text = lengths.first, !text.isEmpty, text.utf8.count <= 12,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(text)
        else {
            return refuse(
                "A streaming payload needs one x-amz-decoded-content-length header with a decimal byte count."
            )
        }
        let declared = values(head, "x-amz-trailer")
        let names = declared.flatMap { $0.split(separator: ",") }.map {
            String(Substring($0).trimmingSpaces()).lowercased()
        }
        if hasTrailer {
            guard !names.isEmpty, !names.contains(""), Set(names).count == names.count else {
                return refuse("The payload `\(marker)` needs an x-amz-trailer header naming each trailing header once.")
            }
        } else if !declared.isEmpty {
            return refuse("The payload `\(marker)` has no trailer, but the request sends x-amz-trailer.")
        }
        // A checksum this verifier cannot compute is refused before any byte of the body is
        // read (a streamed body would otherwise reach an integration first).
        for name in names where PayloadChecksum.isChecksum(name) && !PayloadChecksum.names.contains(name) {
            return refuse(
                "The checksum trailer `\(RawHTTPRequest.printable(Array(name.utf8.prefix(64))))` is not one this verifier computes (\(PayloadChecksum.names.joined(separator: ", ")))."
            )
        }
        return .success(
            StreamingPlan(marker: marker, chunkAlgorithm: chunkAlgorithm, decodedLength: length, trailerNames: names)
        )
    }

    private static func values(_ head: RequestHead, _ name: StaticString) -> [String] {
        var out: [String] = []
        for index in unsafe 0..<head.fields.count
        where unsafe ByteText.equals(head.name(index), 0..<head.name(index).count, name) {
            unsafe out.append(String(decoding: head.value(index), as: UTF8.self).trimmingASCIIWhitespace())
        }
        return out
    }
}
