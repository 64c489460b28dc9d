import GatehouseCrypto

@testable import SigV4

/// The whole-buffer `aws-chunked` decoder the verifier used before bodies streamed, kept as the
/// plain twin the streaming ``AWSChunkedDecoder`` is held to: the differential tests feed both
/// the same bodies (genuine, mutated, split any way) and require the same payload, trailers or
/// failure code.
enum ReferenceChunkedDecoder {
    /// Decodes a streaming body: signed chunks when `chain` is given (each signature checked in
    /// chain order from the seed; a wrong one is `SignatureDoesNotMatch`), else unsigned ones
    /// (`<hex size>\r\n<data>\r\n`). The framing is read strictly — hex sizes of 1 to 8
    /// digits, exact separators, a final zero-length chunk, nothing after the end — and every
    /// other fault is `InvalidPayload`. `decodedLength`, when given, is the exact payload size
    /// (checked as chunks arrive, so a longer body stops early).
    static func decode(
        _ encoded: [UInt8],
        chain signer: ChunkSigner?,
        trailer: AWSChunkedEncoding.TrailerRule,
        decodedLength: Int?,
        limits: AWSChunkedEncoding.Limits
    ) throws(SigV4Failure) -> AWSChunkedEncoding.Decoded {
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
            while position < header.upperBound, let digit = Hex.value(of: encoded[position]) {
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
                let valid = chain!.verifyChunk(
                    digest: SHA256.hash(Array(encoded[index..<(index + size)])),
                    signature: signature
                )
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
        return AWSChunkedEncoding.Decoded(body: body, trailers: trailers)
    }
}
