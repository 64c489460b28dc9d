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

    /// Decodes a streaming body: signed chunks when `chain` is given (each signature checked in
    /// chain order from the seed; a wrong one is `SignatureDoesNotMatch`), else unsigned ones
    /// (`<hex size>\r\n<data>\r\n`). The framing is read strictly — hex sizes of 1 to 8
    /// digits, exact separators, a final zero-length chunk, nothing after the end — and every
    /// other fault is `InvalidPayload`. `decodedLength`, when given, is the exact payload size
    /// (checked as chunks arrive, so a longer body stops early).
    static func decodeStreaming(
        _ encoded: [UInt8],
        chain signer: ChunkSigner?,
        trailer: TrailerRule,
        decodedLength: Int?,
        limits: Limits
    ) throws(SigV4Failure) -> Decoded {
        var chain = signer
        var body: [UInt8] = []
        body.reserveCapacity(min(decodedLength ?? 0, encoded.count))
        var index = 0
        var chunkNumber = 0
        let cr: UInt8 = 0x0d
        let lf: UInt8 = 0x0a
        func invalid(_ message: String) -> SigV4Failure { SigV4Failure(.invalidPayload, message) }
        /// The next line (without its CRLF), at most `maximum` bytes.
        func line(_ what: String, maximum: Int) throws(SigV4Failure) -> Range<Int> {
            var end = index
            while true {
                guard end + 1 < encoded.count else { throw invalid("The body ends inside \(what).") }
                if encoded[end] == cr && encoded[end + 1] == lf { break }
                guard end - index < maximum else {
                    throw invalid("\(what.prefix(1).uppercased() + what.dropFirst()) is longer than \(maximum) bytes.")
                }
                end += 1
            }
            defer { index = end + 2 }
            return index..<end
        }
        let signaturePrefix = Array(";chunk-signature=".utf8)
        while true {
            chunkNumber += 1
            let header = try line("the header of chunk \(chunkNumber)", maximum: 4096)
            var position = header.lowerBound
            var size = 0
            while position < header.upperBound, let digit = PercentEncoding.hexValue(encoded[position]) {
                guard position - header.lowerBound < 8 else {
                    throw invalid("Chunk \(chunkNumber)'s size has more than 8 hex digits.")
                }
                size = size << 4 | Int(digit)
                position += 1
            }
            guard position > header.lowerBound else {
                throw invalid("Chunk \(chunkNumber) does not start with a hex size.")
            }
            var signature = ""
            if chain != nil {
                let rest = encoded[position..<header.upperBound]
                guard rest.starts(with: signaturePrefix) else {
                    throw invalid("Chunk \(chunkNumber): expected `<hex size>;chunk-signature=<signature>`.")
                }
                signature = String(decoding: rest.dropFirst(signaturePrefix.count), as: UTF8.self)
            } else if position != header.upperBound {
                throw invalid("Chunk \(chunkNumber): expected `<hex size>` alone (the chunks are unsigned).")
            }
            guard size <= limits.maxChunkSize else {
                throw invalid("Chunk \(chunkNumber) is larger than \(limits.maxChunkSize) bytes.")
            }
            guard size <= encoded.count - index else {
                throw invalid("Chunk \(chunkNumber) claims \(size) bytes but the body ends first.")
            }
            if let decodedLength, size > decodedLength - body.count {
                throw invalid(
                    "The chunks carry more than the \(decodedLength) bytes x-amz-decoded-content-length declares."
                )
            }
            guard body.count + size <= limits.maxDecodedBytes else {
                throw invalid("The decoded body is larger than \(limits.maxDecodedBytes) bytes.")
            }
            if chain != nil {
                let valid = encoded[index..<(index + size)].withUnsafeBytes {
                    chain!.verifyChunk($0, signature: signature)
                }
                guard valid else {
                    throw SigV4Failure(
                        .signatureDoesNotMatch,
                        "The chunk signature of chunk \(chunkNumber) does not match what was computed."
                    )
                }
            }
            body += encoded[index..<(index + size)]
            index += size
            if size == 0 { break }
            guard encoded.count - index >= 2, encoded[index] == cr, encoded[index + 1] == lf else {
                throw invalid("Chunk \(chunkNumber)'s data is not followed by CRLF.")
            }
            index += 2
        }
        // After the final chunk: an empty line, or trailers (then, with signed chunks, the
        // trailer signature) and an empty line.
        var trailers: [SigV4Request.Header] = []
        // Names seen, hashed: a linear search per trailer line was quadratic in their number.
        var trailerNames: Set<String> = []
        var trailerBytes = 0
        var signedTrailer = false
        while true {
            let next = try line("the trailer", maximum: limits.maxTrailerBytes)
            if next.isEmpty { break }
            guard trailer != .none else {
                throw invalid("The final chunk is followed by trailing headers, but the request declares none.")
            }
            guard !signedTrailer else { throw invalid("Data follows the trailer signature.") }
            trailerBytes += next.count
            guard trailerBytes <= limits.maxTrailerBytes else {
                throw invalid("The trailers are larger than \(limits.maxTrailerBytes) bytes.")
            }
            let text = String(decoding: encoded[next], as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else {
                throw invalid("A trailer line is not `name:value`.")
            }
            let name = String(text[..<colon]).lowercased()
            let value = String(text[text.index(after: colon)...]).trimmingASCIIWhitespace()
            if name == "x-amz-trailer-signature" {
                guard chain != nil else {
                    throw invalid("An unsigned-chunk body carries an x-amz-trailer-signature.")
                }
                guard chain!.verifyTrailer(trailers, signature: value) else {
                    throw SigV4Failure(
                        .signatureDoesNotMatch,
                        "The trailer signature does not match what was computed."
                    )
                }
                signedTrailer = true
                continue
            }
            guard trailerNames.insert(name).inserted else {
                throw invalid(
                    "The trailer `\(RawHTTPRequest.printable(Array(name.utf8.prefix(64))))` appears more than once."
                )
            }
            trailers.append(.init(name, value))
        }
        if chain != nil && (!trailers.isEmpty || trailer == .required) && !signedTrailer {
            throw invalid("The trailers have no x-amz-trailer-signature.")
        }
        if trailer == .required && trailers.isEmpty {
            throw invalid("The request declares trailing headers, but the body ends without them.")
        }
        guard index == encoded.count else { throw invalid("Data follows the end of the body.") }
        if let decodedLength, body.count != decodedLength {
            throw invalid(
                "The decoded body has \(body.count) bytes; x-amz-decoded-content-length declares \(decodedLength)."
            )
        }
        return Decoded(body: body, trailers: trailers)
    }
}
