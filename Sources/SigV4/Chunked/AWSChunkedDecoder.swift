import GatehouseCrypto

/// Decodes an `aws-chunked` body as it arrives, in pieces of any size (reference/sigv4.md §3).
///
/// A state machine over the wire format: ``consume(_:into:)`` takes the next bytes, however the
/// body was split, and appends the payload bytes that are ready; ``finish()`` says whether the
/// body ended where it may and returns the trailing headers. Splitting a body differently never
/// changes the verdict or the payload (tests feed every split of small bodies).
///
/// With signed chunks (`chain` given) a chunk's bytes are held until the chunk is complete and
/// its signature, chained from the previous one, verifies: no byte of a forged, reordered or
/// spliced chunk is ever handed out. A chunk is therefore held whole, so the memory a decoder
/// keeps is bounded by ``AWSChunkedEncoding/Limits/maxChunkSize``. Unsigned chunks are handed
/// out as they arrive.
///
/// The framing is read strictly — hex sizes of 1 to 8 digits, exact separators, a final
/// zero-length chunk, nothing after the end — and every limit is applied as bytes arrive: a
/// chunk over the size limit, a body over the declared decoded length or the decoded limit, a
/// line or trailer over its limit are refused at the header or byte that crosses it. A wrong
/// chunk or trailer signature is `SignatureDoesNotMatch`, every other fault `InvalidPayload`.
/// After a failure every call fails the same way.
struct AWSChunkedDecoder: Sendable {
    private enum Phase: Sendable {
        /// Reading chunk `chunkNumber`'s header line.
        case header
        /// Inside a chunk's data, `remaining` bytes to go.
        case data(remaining: Int)
        /// After a chunk's data: its CRLF (`seenCR` once the CR arrived).
        case dataEnd(seenCR: Bool)
        /// After the final chunk: trailer lines until an empty one.
        case trailer
        /// The empty line after the trailers arrived: nothing may follow.
        case done
        case failed(SigV4Failure)
    }

    private var chain: ChunkSigner?
    private let trailerRule: AWSChunkedEncoding.TrailerRule
    private let decodedLength: Int?
    private let limits: AWSChunkedEncoding.Limits
    private var phase = Phase.header

    /// The line being read (without its CRLF); `pendingCR` when its last byte was a CR that may
    /// start the CRLF.
    private var line: [UInt8] = []
    private var pendingCR = false
    private var chunkNumber = 1
    /// The current chunk's size, signature (signed chunks), hash and held bytes.
    private var chunkSize = 0
    private var chunkSignature = ""
    private var chunkHash = SHA256()
    private var held: [UInt8] = []
    /// The payload bytes the chunk headers so far announced (a chunk counts from its header on).
    private(set) var decodedCount = 0

    private var trailers: [SigV4Request.Header] = []
    /// Names seen, hashed: a linear search per trailer line was quadratic in their number.
    private var trailerNames: Set<String> = []
    private var trailerBytes = 0
    private var signedTrailer = false

    private static let cr: UInt8 = 0x0d
    private static let lf: UInt8 = 0x0a
    private static let signaturePrefix = Array(";chunk-signature=".utf8)
    /// The longest chunk header line.
    static let maxHeaderLine = 4096

    /// A decoder for signed chunks when `chain` is given (seeded with the request's signature),
    /// else unsigned ones (`<hex size>\r\n<data>\r\n`). `decodedLength`, when given, is the exact
    /// payload size.
    init(
        chain: ChunkSigner?,
        trailer: AWSChunkedEncoding.TrailerRule,
        decodedLength: Int?,
        limits: AWSChunkedEncoding.Limits
    ) {
        self.chain = chain
        self.trailerRule = trailer
        self.decodedLength = decodedLength
        self.limits = limits
    }

    /// `true` once the body's end (the empty line after the final chunk or the trailers) arrived.
    var isComplete: Bool {
        if case .done = phase { return true }
        return false
    }

    /// Takes the next bytes of the encoded body and appends to `output` the payload bytes that
    /// are ready (signed chunks: those of chunks whose signature verified).
    mutating func consume(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) throws(SigV4Failure) {
        if case .failed(let failure) = phase { throw failure }
        do throws(SigV4Failure) {
            try step(bytes, into: &output)
        } catch {
            phase = .failed(error)
            throw error
        }
    }

    /// The end of the body: checks that it ended where it may and returns the trailing headers
    /// (names lowercased).
    mutating func finish() throws(SigV4Failure) -> [SigV4Request.Header] {
        let failure: SigV4Failure
        switch phase {
        case .failed(let earlier): throw earlier
        case .done:
            if let decodedLength, decodedCount != decodedLength {
                failure = invalid(
                    "The decoded body has \(decodedCount) bytes; x-amz-decoded-content-length declares \(decodedLength)."
                )
            } else {
                return trailers
            }
        case .header: failure = invalid("The body ends inside the header of chunk \(chunkNumber).")
        case .data:
            failure = invalid("Chunk \(chunkNumber) claims \(chunkSize) bytes but the body ends first.")
        case .dataEnd: failure = invalid("Chunk \(chunkNumber)'s data is not followed by CRLF.")
        case .trailer: failure = invalid("The body ends inside the trailer.")
        }
        phase = .failed(failure)
        throw failure
    }

    // MARK: The state machine

    private func invalid(_ message: String) -> SigV4Failure { SigV4Failure(.invalidPayload, message) }

    private mutating func step(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) throws(SigV4Failure) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch phase {
            case .header:
                let byte = bytes[index]
                index += 1
                if try lineByte(byte, maximum: Self.maxHeaderLine, what: "the header of chunk \(chunkNumber)") {
                    try endOfHeader()
                }
            case .data(let remaining):
                let end = index + min(remaining, bytes.endIndex - index)
                let piece = bytes[index..<end]
                if chain != nil {
                    chunkHash.update(piece)
                    held.append(contentsOf: piece)
                } else {
                    output.append(contentsOf: piece)
                }
                index = end
                let left = remaining - piece.count
                if left > 0 {
                    phase = .data(remaining: left)
                } else {
                    if chain != nil {
                        try verifyChunk(chunkHash.finalize())
                        output.append(contentsOf: held)
                        held.removeAll(keepingCapacity: true)
                    }
                    phase = .dataEnd(seenCR: false)
                }
            case .dataEnd(let seenCR):
                let byte = bytes[index]
                index += 1
                guard byte == (seenCR ? Self.lf : Self.cr) else {
                    throw invalid("Chunk \(chunkNumber)'s data is not followed by CRLF.")
                }
                if seenCR {
                    chunkNumber += 1
                    phase = .header
                } else {
                    phase = .dataEnd(seenCR: true)
                }
            case .trailer:
                let byte = bytes[index]
                index += 1
                if try lineByte(byte, maximum: limits.maxTrailerBytes, what: "the trailer") {
                    try endOfTrailerLine()
                }
            case .done:
                throw invalid("Data follows the end of the body.")
            case .failed(let failure):
                throw failure
            }
        }
    }

    /// Adds one byte to the current line; `true` when it completed the line (its CRLF arrived).
    private mutating func lineByte(_ byte: UInt8, maximum: Int, what: String) throws(SigV4Failure) -> Bool {
        if pendingCR {
            pendingCR = false
            if byte == Self.lf { return true }
            try appendToLine(Self.cr, maximum: maximum, what: what)
        }
        if byte == Self.cr {
            pendingCR = true
            return false
        }
        try appendToLine(byte, maximum: maximum, what: what)
        return false
    }

    private mutating func appendToLine(_ byte: UInt8, maximum: Int, what: String) throws(SigV4Failure) {
        guard line.count < maximum else {
            throw invalid("\(what.prefix(1).uppercased() + what.dropFirst()) is longer than \(maximum) bytes.")
        }
        line.append(byte)
    }

    /// A chunk header line arrived: `<hex size>[;chunk-signature=<sig>]`.
    private mutating func endOfHeader() throws(SigV4Failure) {
        defer { line.removeAll(keepingCapacity: true) }
        var position = 0
        var size = 0
        while position < line.count, let digit = Hex.value(of: line[position]) {
            guard position < 8 else {
                throw invalid("Chunk \(chunkNumber)'s size has more than 8 hex digits.")
            }
            size = size << 4 | Int(digit)
            position += 1
        }
        guard position > 0 else {
            throw invalid("Chunk \(chunkNumber) does not start with a hex size.")
        }
        if chain != nil {
            let rest = line[position...]
            guard rest.starts(with: Self.signaturePrefix) else {
                throw invalid("Chunk \(chunkNumber): expected `<hex size>;chunk-signature=<signature>`.")
            }
            chunkSignature = String(decoding: rest.dropFirst(Self.signaturePrefix.count), as: UTF8.self)
        } else if position != line.count {
            throw invalid("Chunk \(chunkNumber): expected `<hex size>` alone (the chunks are unsigned).")
        }
        guard size <= limits.maxChunkSize else {
            throw invalid("Chunk \(chunkNumber) is larger than \(limits.maxChunkSize) bytes.")
        }
        if let decodedLength, size > decodedLength - decodedCount {
            throw invalid(
                "The chunks carry more than the \(decodedLength) bytes x-amz-decoded-content-length declares."
            )
        }
        guard size <= limits.maxDecodedBytes - decodedCount else {
            throw invalid("The decoded body is larger than \(limits.maxDecodedBytes) bytes.")
        }
        decodedCount += size
        chunkSize = size
        if size == 0 {
            if chain != nil { try verifyChunk(SHA256.emptyDigest) }
            phase = .trailer
        } else {
            chunkHash = SHA256()
            phase = .data(remaining: size)
        }
    }

    private mutating func verifyChunk(_ digest: SHA256Digest) throws(SigV4Failure) {
        guard chain!.verifyChunk(digest: digest, signature: chunkSignature) else {
            throw SigV4Failure(
                .signatureDoesNotMatch,
                "The chunk signature of chunk \(chunkNumber) does not match what was computed."
            )
        }
    }

    /// A line after the final chunk arrived: a trailer, the trailer signature, or the empty
    /// line that ends the body.
    private mutating func endOfTrailerLine() throws(SigV4Failure) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if chain != nil && (!trailers.isEmpty || trailerRule == .required) && !signedTrailer {
                throw invalid("The trailers have no x-amz-trailer-signature.")
            }
            if trailerRule == .required && trailers.isEmpty {
                throw invalid("The request declares trailing headers, but the body ends without them.")
            }
            phase = .done
            return
        }
        guard trailerRule != .none else {
            throw invalid("The final chunk is followed by trailing headers, but the request declares none.")
        }
        guard !signedTrailer else { throw invalid("Data follows the trailer signature.") }
        trailerBytes += line.count
        guard trailerBytes <= limits.maxTrailerBytes else {
            throw invalid("The trailers are larger than \(limits.maxTrailerBytes) bytes.")
        }
        let text = String(decoding: line, as: UTF8.self)
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
                throw SigV4Failure(.signatureDoesNotMatch, "The trailer signature does not match what was computed.")
            }
            signedTrailer = true
            return
        }
        guard trailerNames.insert(name).inserted else {
            throw invalid(
                "The trailer `\(RawHTTPRequest.printable(Array(name.utf8.prefix(64))))` appears more than once."
            )
        }
        trailers.append(.init(name, value))
    }
}
