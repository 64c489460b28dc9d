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
    public static func decode(
        _ encoded: [UInt8],
        verifier: ChunkSigner,
        limits: Limits = Limits()
    ) throws(SigV4Error) -> (body: [UInt8], trailers: [SigV4Request.Header]) {
        var chain = verifier
        var body: [UInt8] = []
        var index = 0
        func line() throws(SigV4Error) -> ArraySlice<UInt8> {
            var end = index
            while end + 1 < encoded.count && !(encoded[end] == 0x0d && encoded[end + 1] == 0x0a) {
                end += 1
                if end - index > 4096 {
                    throw SigV4Error(.invalidChunk, "a chunk header line is longer than 4096 bytes")
                }
            }
            guard end + 1 < encoded.count else {
                throw SigV4Error(.invalidChunk, "the body ends inside a chunk header")
            }
            let slice = encoded[index..<end]
            index = end + 2
            return slice
        }
        var chunkNumber = 0
        while true {
            chunkNumber += 1
            let header = try line()
            let text = String(decoding: header, as: UTF8.self)
            guard let semicolon = text.firstIndex(of: ";"),
                text[text.index(after: semicolon)...].hasPrefix("chunk-signature=")
            else {
                throw SigV4Error(
                    .invalidChunk,
                    "chunk \(chunkNumber): expected `<hex size>;chunk-signature=<signature>`"
                )
            }
            let sizeText = text[..<semicolon]
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw SigV4Error(.invalidChunk, "chunk \(chunkNumber): `\(sizeText.prefix(16))` is not a hex size")
            }
            guard size <= limits.maxChunkSize else {
                throw SigV4Error(.invalidChunk, "chunk \(chunkNumber) is larger than \(limits.maxChunkSize) bytes")
            }
            let signature = String(text[text.index(semicolon, offsetBy: 1 + "chunk-signature=".count)...])
            guard index + size <= encoded.count else {
                throw SigV4Error(.invalidChunk, "chunk \(chunkNumber) claims \(size) bytes but the body ends first")
            }
            let valid = encoded[index..<(index + size)].withUnsafeBytes { chain.verifyChunk($0, signature: signature) }
            guard valid else {
                throw SigV4Error(.invalidChunk, "chunk \(chunkNumber): the chunk signature does not match")
            }
            body += encoded[index..<(index + size)]
            guard body.count <= limits.maxDecodedBytes else {
                throw SigV4Error(.invalidChunk, "the decoded body is larger than \(limits.maxDecodedBytes) bytes")
            }
            index += size
            if size == 0 { break }
            guard index + 1 < encoded.count, encoded[index] == 0x0d, encoded[index + 1] == 0x0a else {
                throw SigV4Error(.invalidChunk, "chunk \(chunkNumber) is not followed by CRLF")
            }
            index += 2
        }
        // After the final chunk: CRLF, or trailers then the trailer signature then CRLF.
        var trailers: [SigV4Request.Header] = []
        var trailerBytes = 0
        while true {
            let next = try line()
            if next.isEmpty { break }
            trailerBytes += next.count
            guard trailerBytes <= limits.maxTrailerBytes else {
                throw SigV4Error(.invalidChunk, "the trailers are larger than \(limits.maxTrailerBytes) bytes")
            }
            let text = String(decoding: next, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else {
                throw SigV4Error(.invalidChunk, "trailer line `\(text.prefix(40))` is not `name:value`")
            }
            let name = String(text[..<colon]).lowercased()
            let value = String(text[text.index(after: colon)...])
            if name == "x-amz-trailer-signature" {
                guard chain.verifyTrailer(trailers, signature: value.trimmingASCIIWhitespace()) else {
                    throw SigV4Error(.invalidChunk, "the trailer signature does not match")
                }
                let end = try line()
                guard end.isEmpty else { throw SigV4Error(.invalidChunk, "data after the trailer signature") }
                return (body, trailers)
            }
            trailers.append(.init(name, value.trimmingASCIIWhitespace()))
        }
        guard trailers.isEmpty else {
            throw SigV4Error(.invalidChunk, "trailers without an x-amz-trailer-signature")
        }
        guard index == encoded.count else { throw SigV4Error(.invalidChunk, "data after the final chunk") }
        return (body, trailers)
    }
}
