/// The `aws-chunked` wire format with signed chunks (reference/sigv4.md §3):
///
/// ```
/// <hex size>;chunk-signature=<sig>\r\n<data>\r\n          each chunk
/// 0;chunk-signature=<sig>\r\n\r\n                          end, no trailer
/// 0;chunk-signature=<sig>\r\n<name>:<value>\r\n…x-amz-trailer-signature:<sig>\r\n\r\n
/// ```
public enum AWSChunkedEncoding {
    /// Limits for decoding untrusted bodies.
    public struct Limits: Sendable {
        public var maxChunkSize = 16 * 1024 * 1024
        public var maxDecodedBytes = 5 * 1024 * 1024 * 1024
        public var maxTrailerBytes = 16 * 1024
        public init() {}
    }

    /// The encoded length of a body: what `Content-Length` must say.
    public static func encodedLength(
        bodyLength: Int,
        chunkSize: Int,
        signatureLength: Int,
        trailers: [SigV4Request.Header]
    ) -> Int {
        func chunkLength(_ size: Int) -> Int {
            String(size, radix: 16).utf8.count + ";chunk-signature=".utf8.count + signatureLength + 2 + size + 2
        }
        var total = 0
        var remaining = bodyLength
        while remaining > 0 {
            let size = min(chunkSize, remaining)
            total += chunkLength(size)
            remaining -= size
        }
        if trailers.isEmpty {
            total += chunkLength(0)
        } else {
            total += chunkLength(0) - 2
            for trailer in trailers { total += trailer.name.lowercased().utf8.count + 1 + trailer.value.utf8.count + 2 }
            total += "x-amz-trailer-signature:".utf8.count + signatureLength + 2 + 2
        }
        return total
    }

    /// Encodes and signs `body`. SigV4a signatures are padded with `*` to `padTo` characters, as
    /// aws-c-auth writes them, so `Content-Length` can be known before signing.
    public static func encode(
        _ body: [UInt8],
        chunkSize: Int,
        signer: inout ChunkSigner,
        trailers: [SigV4Request.Header] = [],
        padTo: Int = 64
    ) throws(SigV4Error) -> [UInt8] {
        func padded(_ signature: String) -> String {
            signature.count >= padTo ? signature : signature + String(repeating: "*", count: padTo - signature.count)
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + (body.count / max(chunkSize, 1) + 2) * (padTo + 32))
        var offset = 0
        while offset < body.count {
            let chunk = Array(body[offset..<min(offset + chunkSize, body.count)])
            let signature = try signer.signChunk(chunk)
            out += Array("\(String(chunk.count, radix: 16));chunk-signature=\(padded(signature))\r\n".utf8)
            out += chunk
            out += [0x0d, 0x0a]
            offset += chunk.count
        }
        let final = try signer.signChunk([])
        out += Array("0;chunk-signature=\(padded(final))\r\n".utf8)
        if !trailers.isEmpty {
            for trailer in trailers { out += Array("\(trailer.name.lowercased()):\(trailer.value)\r\n".utf8) }
            let trailerSignature = try signer.signTrailer(trailers)
            out += Array("x-amz-trailer-signature:\(padded(trailerSignature))\r\n".utf8)
        }
        out += [0x0d, 0x0a]
        return out
    }

    /// Decodes an `aws-chunked` body, verifying every chunk signature and the trailer signature in
    /// chain order. Returns the payload and the trailing headers. Any malformed framing or wrong
    /// signature is an error: no partial body is returned.
    ///
    /// This is the chain alone: it knows nothing of the request's declared length or trailers.
    /// To verify a received request, use the verifier's ``SigV4Verification/payloadPending(_:)``
    /// result, which checks those too.
    public static func decode(
        _ encoded: [UInt8],
        verifier: ChunkSigner,
        limits: Limits = Limits()
    ) throws(SigV4Error) -> (body: [UInt8], trailers: [SigV4Request.Header]) {
        do throws(SigV4Failure) {
            let decoded = try decodeStreaming(
                encoded,
                chain: verifier,
                trailer: .optional,
                decodedLength: nil,
                limits: limits
            )
            return (decoded.body, decoded.trailers)
        } catch {
            throw SigV4Error(.invalidChunk, error.message)
        }
    }

    /// Whether a body ends with trailing headers.
    enum TrailerRule {
        /// No trailer: the final chunk is followed by an empty line.
        case none
        /// Trailing headers (signed chunks: then `x-amz-trailer-signature`), then an empty line.
        case required
        /// Either.
        case optional
    }

    /// The payload and trailers of a decoded streaming body.
    struct Decoded {
        var body: [UInt8]
        var trailers: [SigV4Request.Header]
    }

    /// Decodes a whole streaming body: one ``AWSChunkedDecoder`` fed the body at once (see
    /// there for what is checked). `decodedLength`, when given, is the exact payload size.
    static func decodeStreaming(
        _ encoded: [UInt8],
        chain signer: ChunkSigner?,
        trailer: TrailerRule,
        decodedLength: Int?,
        limits: Limits
    ) throws(SigV4Failure) -> Decoded {
        var decoder = AWSChunkedDecoder(chain: signer, trailer: trailer, decodedLength: decodedLength, limits: limits)
        var body: [UInt8] = []
        body.reserveCapacity(min(decodedLength ?? 0, encoded.count))
        try decoder.consume(encoded[...], into: &body)
        let trailers = try decoder.finish()
        return Decoded(body: body, trailers: trailers)
    }
}
