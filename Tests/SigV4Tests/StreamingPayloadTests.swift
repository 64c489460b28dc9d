import Foundation
import GatehouseCore
import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// Streaming (`aws-chunked`) uploads: a verified head is only a pending payload, and the body
/// decides — every chunk signature in chain order, the final chunk, the declared length, the
/// declared trailers, their signature and checksums.
@Suite("Streaming payloads (aws-chunked)")
struct StreamingPayloadTests {
    static let date = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDSTREAM", secretAccessKey: "stream-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("s", account: "000000000000")
    )
    static let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", service: "s3", s3Rules: true))

    static func body(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } }

    static func checksumTrailer(_ body: [UInt8]) -> SigV4Request.Header {
        .init("x-amz-checksum-crc32", PayloadChecksum.expected("x-amz-checksum-crc32", body: body)!)
    }

    /// A chunked upload signed by Gatehouse's signer.
    static func upload(
        _ algorithm: SigningAlgorithm = .sigV4,
        body: [UInt8],
        chunkSize: Int = 1000,
        trailer: Bool = false
    ) throws -> SigV4Request {
        let signer = try SigV4Signer(
            credentials: credentials,
            configuration: .s3(region: "us-east-1", algorithm: algorithm)
        )
        let request = SigV4Request(
            method: "PUT",
            path: "/bucket/key",
            headers: [.init("Host", "bucket.s3.amazonaws.com")],
            body: body
        )
        return try signer.signChunked(
            request,
            chunkSize: chunkSize,
            trailers: trailer ? [checksumTrailer(body)] : [],
            at: date
        ).request
    }

    /// A request signed with the given streaming headers, its body encoded by `encode` with the
    /// chunk chain (so the head tells whatever the test wants, and the signatures are genuine).
    static func custom(
        marker: String,
        decodedLength: String,
        trailerHeader: String? = nil,
        algorithm: SigningAlgorithm = .sigV4,
        encode: (inout ChunkSigner) throws -> [UInt8]
    ) throws -> SigV4Request {
        let signer = try SigV4Signer(
            credentials: credentials,
            configuration: .s3(region: "us-east-1", algorithm: algorithm)
        )
        var request = SigV4Request(
            method: "PUT",
            path: "/bucket/key",
            headers: [
                .init("Host", "bucket.s3.amazonaws.com"), .init("Content-Encoding", "aws-chunked"),
                .init("X-Amz-Decoded-Content-Length", decodedLength), .init("X-Amz-Content-Sha256", marker),
            ]
        )
        if let trailerHeader { request.appendHeader("X-Amz-Trailer", trailerHeader) }
        var signed = try signer.sign(request, at: date)
        var chain = try signer.chunkSigner(for: signed, at: date)
        signed.request.payload = .bytes(try encode(&chain))
        return signed.request
    }

    static func verdict(_ request: SigV4Request) -> SigV4Verification {
        verifier.verify(request, now: date) { _ in stored }.resolvingPayload(request.body)
    }

    // MARK: Genuine uploads

    @Test(
        "genuine uploads verify, every algorithm, trailer or not, body and chunk sizes",
        arguments: [SigningAlgorithm.sigV4, .sigV4a],
        [false, true]
    )
    func genuine(algorithm: SigningAlgorithm, trailer: Bool) throws {
        for (size, chunk) in [(0, 1000), (1, 1), (7, 3), (1000, 1000), (1001, 1000), (20_000, 8192)] {
            let body = Self.body(size)
            let request = try Self.upload(algorithm, body: body, chunkSize: chunk, trailer: trailer)
            let head = Self.verifier.verify(request, now: Self.date) { _ in Self.stored }
            // The head alone is never valid.
            #expect(!head.isValid)
            #expect(head.identity == nil)
            #expect(head.failure?.code == .invalidPayload)
            guard case .payloadPending(let pending) = head else {
                Issue.record("\(size)/\(chunk): not pending: \(head)")
                continue
            }
            #expect(pending.decodedContentLength == size)
            guard case .valid(let verified) = pending.verify(body: request.body) else {
                Issue.record("\(size)/\(chunk): \(pending.verify(body: request.body))")
                continue
            }
            #expect(verified.body == body)
            #expect(verified.identity.accessKeyId == "AKIDSTREAM")
            #expect(head.resolvingPayload(request.body).isValid)
        }
    }

    @Test("the S3 documentation's streaming upload verifies from its published signatures")
    func awsDocsVector() throws {
        let all = try TestVectors.json("sigv4/aws-docs.json") as! [String: Any]
        let v = all["s3_chunked_upload"] as! [String: Any]
        let credentials = AWSCredentials(
            accessKeyId: v["access_key_id"] as! String,
            secretAccessKey: v["secret_access_key"] as! String
        )
        let now = AmzDate(httpDate: v["timestamp"] as! String)!
        var request = try RawHTTPRequest.parse(v["request"] as! String)
        request.appendHeader("X-Amz-Date", now.amzFormat)
        request.appendHeader("Authorization", v["authorization"] as! String)
        var wire: [UInt8] = []
        for chunk in v["chunks"] as! [[String: Any]] {
            let length = chunk["length"] as! Int
            wire += Array("\(String(length, radix: 16));chunk-signature=\(chunk["signature"] as! String)\r\n".utf8)
            wire += [UInt8](repeating: UInt8(ascii: "a"), count: length)
            wire += Array("\r\n".utf8)
        }
        #expect(wire.count == 66824)
        request.payload = .bytes(wire)
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", service: "s3", s3Rules: true))
        let stored = SigV4StoredCredential(credentials: credentials, principal: try .user("p", account: "000000000000"))
        let result = verifier.verify(request, now: now) { _ in stored }.resolvingPayload(wire)
        #expect(result.isValid, "\(result)")
        // One bit of the last chunk's signature changed.
        var forged = wire
        forged[forged.count - 5] = forged[forged.count - 5] == UInt8(ascii: "9") ? UInt8(ascii: "8") : UInt8(ascii: "9")
        let refused = verifier.verify(request, now: now) { _ in stored }.resolvingPayload(forged)
        #expect(refused.failure?.code == .signatureDoesNotMatch)
    }

    // MARK: Forged and rearranged bodies

    /// The chunks of an encoded body: each `(header line, data)`, the final chunk included, and
    /// what follows the final chunk's header line.
    static func split(_ encoded: [UInt8]) -> (chunks: [([UInt8], [UInt8])], tail: [UInt8]) {
        var chunks: [([UInt8], [UInt8])] = []
        var index = 0
        while true {
            var end = index
            while !(encoded[end] == 0x0d && encoded[end + 1] == 0x0a) { end += 1 }
            let header = Array(encoded[index..<end])
            let size = Int(String(decoding: header.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self), radix: 16)!
            let data = Array(encoded[(end + 2)..<(end + 2 + size)])
            chunks.append((header, data))
            index = end + 2 + size
            if size == 0 { return (chunks, Array(encoded[index...])) }
            index += 2
        }
    }

    static func join(_ chunks: [([UInt8], [UInt8])], tail: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (header, data) in chunks {
            out += header + [0x0d, 0x0a] + data
            if !data.isEmpty { out += [0x0d, 0x0a] }
        }
        return out + tail
    }

    @Test(
        "every character of every chunk signature changed is refused",
        arguments: [SigningAlgorithm.sigV4, .sigV4a]
    )
    func forgedChunkSignatures(algorithm: SigningAlgorithm) throws {
        let request = try Self.upload(algorithm, body: Self.body(2500), chunkSize: 1000, trailer: true)
        let (chunks, tail) = Self.split(request.body)
        #expect(chunks.count == 4)
        #expect(Self.join(chunks, tail: tail) == request.body)
        var accepted: [String] = []
        for (number, chunk) in chunks.enumerated() {
            let start = chunk.0.firstIndex(of: UInt8(ascii: "="))! + 1
            // SigV4a signatures are long and their ECDSA checks slow: every 7th position there.
            for position in stride(from: start, to: chunk.0.count, by: algorithm.isAsymmetric ? 7 : 1) {
                var forged = chunks
                let old = forged[number].0[position]
                forged[number].0[position] = old == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                var changed = request
                changed.payload = .bytes(Self.join(forged, tail: tail))
                if Self.verdict(changed).isValid { accepted.append("chunk \(number) position \(position)") }
            }
            // Uppercase hex is a different signature text.
            var upper = chunks
            upper[number].0 = Array(String(decoding: upper[number].0, as: UTF8.self).uppercased().utf8)
            var changed = request
            changed.payload = .bytes(Self.join(upper, tail: tail))
            if Self.verdict(changed).isValid && upper[number].0 != chunks[number].0 {
                accepted.append("chunk \(number) uppercased")
            }
        }
        #expect(accepted.isEmpty, "\(accepted)")
    }

    @Test("reordered, dropped, duplicated and extra chunks are refused", arguments: [SigningAlgorithm.sigV4, .sigV4a])
    func rearranged(algorithm: SigningAlgorithm) throws {
        let request = try Self.upload(algorithm, body: Self.body(2500), chunkSize: 1000)
        let (chunks, tail) = Self.split(request.body)
        var variants: [(String, [UInt8])] = []
        for first in chunks.indices {
            for second in chunks.indices where second != first {
                var swapped = chunks
                swapped.swapAt(first, second)
                variants.append(("swap \(first) \(second)", Self.join(swapped, tail: tail)))
            }
            var dropped = chunks
            dropped.remove(at: first)
            variants.append(("drop \(first)", Self.join(dropped, tail: tail)))
            var doubled = chunks
            doubled.insert(chunks[first], at: first)
            variants.append(("duplicate \(first)", Self.join(doubled, tail: tail)))
        }
        // After the final chunk: another chunk, stray bytes, a missing end.
        variants.append(("chunk after the end", request.body + Self.join([chunks[0]], tail: [])))
        variants.append(("byte after the end", request.body + [0x41]))
        variants.append(("no final CRLF", Array(request.body.dropLast(2))))
        // A final chunk moved to the middle.
        var early = chunks
        early.insert(chunks[chunks.count - 1], at: 1)
        variants.append(("final chunk early", Self.join(early, tail: tail)))
        // Another genuine upload's chunk (same key, another chain).
        let other = Self.split(try Self.upload(algorithm, body: Self.body(2501), chunkSize: 1000).body)
        var spliced = chunks
        spliced[1] = other.chunks[1]
        variants.append(("chunk from another upload", Self.join(spliced, tail: tail)))
        var accepted: [String] = []
        for (label, body) in variants {
            var changed = request
            changed.payload = .bytes(body)
            if Self.verdict(changed).isValid { accepted.append(label) }
        }
        #expect(accepted.isEmpty, "\(accepted)")
    }

    @Test("every truncation of the body is refused", arguments: [false, true])
    func truncated(trailer: Bool) throws {
        let request = try Self.upload(body: Self.body(300), chunkSize: 100, trailer: trailer)
        var accepted: [Int] = []
        for length in 0..<request.body.count {
            var changed = request
            changed.payload = .bytes(Array(request.body.prefix(length)))
            if Self.verdict(changed).isValid { accepted.append(length) }
        }
        #expect(accepted.isEmpty, "\(accepted)")
        #expect(Self.verdict(request).isValid)
    }

    @Test("a declared length other than the decoded one is refused, though every signature is genuine")
    func wrongDecodedLength() throws {
        let body = Self.body(250)
        for declared in ["249", "251", "0", "2500", "99999999999"] {
            let request = try Self.custom(marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: declared) {
                try AWSChunkedEncoding.encode(body, chunkSize: 100, signer: &$0)
            }
            let result = Self.verdict(request)
            #expect(result.failure?.code == .invalidPayload, "\(declared): \(result)")
        }
        let genuine = try Self.custom(marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: "250") {
            try AWSChunkedEncoding.encode(body, chunkSize: 100, signer: &$0)
        }
        #expect(Self.verdict(genuine).isValid)
        // Malformed or missing declarations are refused before any chunk is read.
        for declared in ["", "-1", "+250", "25O", "1e3", " ", "0x10"] {
            let request = try Self.custom(marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: declared) {
                try AWSChunkedEncoding.encode(body, chunkSize: 100, signer: &$0)
            }
            #expect(Self.verdict(request).failure?.code == .invalidPayload, "`\(declared)`")
        }
    }

    @Test("trailers: missing, undeclared, forged signature, signed but wrong checksum — refused")
    func trailers() throws {
        let body = Self.body(400)
        let checksum = Self.checksumTrailer(body)
        let marker = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
        func make(declared: String?, sent: [SigV4Request.Header]) throws -> SigV4Request {
            try Self.custom(marker: marker, decodedLength: "400", trailerHeader: declared) {
                try AWSChunkedEncoding.encode(body, chunkSize: 128, signer: &$0, trailers: sent)
            }
        }
        #expect(Self.verdict(try make(declared: "x-amz-checksum-crc32", sent: [checksum])).isValid)
        let cases: [(String, SigV4Request)] = [
            ("no trailer sent", try make(declared: "x-amz-checksum-crc32", sent: [])),
            ("no x-amz-trailer", try make(declared: nil, sent: [checksum])),
            ("undeclared extra", try make(declared: "x-amz-checksum-crc32", sent: [checksum, .init("x-extra", "1")])),
            ("another declared", try make(declared: "x-amz-checksum-sha256", sent: [checksum])),
            (
                "wrong checksum",
                try make(declared: "x-amz-checksum-crc32", sent: [.init("x-amz-checksum-crc32", "AAAAAA==")])
            ),
            (
                "unknown checksum",
                try make(declared: "x-amz-checksum-md5", sent: [.init("x-amz-checksum-md5", "AAAAAA==")])
            ),
            ("duplicate declared", try make(declared: "x-amz-checksum-crc32,x-amz-checksum-crc32", sent: [checksum])),
        ]
        for (label, request) in cases {
            #expect(!Self.verdict(request).isValid, "\(label)")
        }
        // A forged trailer signature, and a trailer changed after signing.
        let genuine = try make(declared: "x-amz-checksum-crc32", sent: [checksum])
        // (Searched as bytes: the payload is not UTF-8.)
        let label = Array("x-amz-trailer-signature:".utf8)
        let start = (0...(genuine.body.count - label.count)).first {
            genuine.body[$0..<($0 + label.count)].elementsEqual(label)
        }!
        var forged = genuine.body
        let at = start + label.count + 3
        forged[at] = forged[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        var changed = genuine
        changed.payload = .bytes(forged)
        #expect(Self.verdict(changed).failure?.code == .signatureDoesNotMatch)
        // No trailer signature at all.
        var end = start
        while genuine.body[end] != 0x0a { end += 1 }
        var unsignedTrailer = genuine.body
        unsignedTrailer.removeSubrange(start...end)
        changed.payload = .bytes(unsignedTrailer)
        let missing = Self.verdict(changed).failure
        #expect(missing?.code == .invalidPayload, "\(String(describing: missing))")
        // A trailing header on a body without trailers.
        let plain = try Self.custom(marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: "400") {
            try AWSChunkedEncoding.encode(body, chunkSize: 128, signer: &$0, trailers: [checksum])
        }
        #expect(Self.verdict(plain).failure?.code == .invalidPayload)
    }

    @Test("markers that do not match the algorithm, event streams and stray x-amz-trailer are refused")
    func markers() throws {
        let body = Self.body(10)
        for (marker, algorithm) in [
            ("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", SigningAlgorithm.sigV4),
            ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", .sigV4a), ("STREAMING-AWS4-HMAC-SHA256-EVENTS", .sigV4),
        ] {
            let request = try Self.custom(marker: marker, decodedLength: "10", algorithm: algorithm) {
                try AWSChunkedEncoding.encode(body, chunkSize: 5, signer: &$0)
            }
            #expect(Self.verdict(request).failure?.code == .invalidPayload, "\(marker)")
        }
        let stray = try Self.custom(
            marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            decodedLength: "10",
            trailerHeader: "x-amz-checksum-crc32"
        ) { try AWSChunkedEncoding.encode(body, chunkSize: 5, signer: &$0) }
        #expect(Self.verdict(stray).failure?.code == .invalidPayload)
    }

    // MARK: Unsigned chunks with a checksum trailer (botocore's default for S3 uploads)

    /// botocore's `AwsChunkedWrapper` framing.
    static func unsignedBody(_ body: [UInt8], chunkSize: Int, trailer: SigV4Request.Header?) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let chunk = body[offset..<min(offset + chunkSize, body.count)]
            out += Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + [0x0d, 0x0a]
            offset += chunk.count
        }
        out += Array("0\r\n".utf8)
        if let trailer { out += Array("\(trailer.name):\(trailer.value)\r\n".utf8) }
        return out + [0x0d, 0x0a]
    }

    @Test(
        "unsigned chunks with each checksum trailer verify; a wrong checksum or framing is refused",
        arguments: PayloadChecksum.names
    )
    func unsignedTrailer(checksumName: String) throws {
        // ASCII, so the framing can be rewritten as text below.
        let body = (0..<3000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let trailer = SigV4Request.Header(checksumName, PayloadChecksum.expected(checksumName, body: body)!)
        func make(_ encoded: [UInt8], length: String = "3000") throws -> SigV4Request {
            try Self.custom(
                marker: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                decodedLength: length,
                trailerHeader: checksumName
            ) { _ in encoded }
        }
        #expect(Self.verdict(try make(Self.unsignedBody(body, chunkSize: 1024, trailer: trailer))).isValid)
        var other = body
        other[1500] ^= 1
        let changed = Self.unsignedBody(other, chunkSize: 1024, trailer: trailer)
        #expect(Self.verdict(try make(changed)).failure?.code == .invalidPayload)
        #expect(!Self.verdict(try make(Self.unsignedBody(body, chunkSize: 1024, trailer: nil))).isValid)
        #expect(
            !Self.verdict(try make(Self.unsignedBody(body, chunkSize: 1024, trailer: trailer), length: "2999")).isValid
        )
        // Signed-chunk framing where unsigned chunks are declared.
        let signedFraming = Array(
            String(decoding: Self.unsignedBody(body, chunkSize: 1024, trailer: trailer), as: UTF8.self)
                .replacingOccurrences(
                    of: "400\r\n",
                    with: "400;chunk-signature=\(String(repeating: "0", count: 64))\r\n"
                )
                .utf8
        )
        #expect(!Self.verdict(try make(signedFraming)).isValid)
    }

    @Test("checksums match their published check values")
    func checkValues() {
        let check = Array("123456789".utf8)
        #expect(PayloadChecksum.crc32.checksum(check) == 0xCBF4_3926)
        #expect(PayloadChecksum.crc32c.checksum(check) == 0xE306_9283)
        #expect(PayloadChecksum.crc64nvme.checksum(check) == 0xAE8B_1486_0A79_9888)
        #expect(SHA1.hash(Array("abc".utf8)).map { Hex.encode($0) } == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hash([]).map { Hex.encode($0) } == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array(String(repeating: "a", count: 1_000).utf8)
        #expect(SHA1.hash(long).map { Hex.encode($0) } == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test("random mutations of a signed body are refused or decode to the same content")
    func randomMutations() throws {
        let request = try Self.upload(body: Self.body(600), chunkSize: 200, trailer: true)
        var random = SeededRandom(seed: 16)
        var refused = 0
        for _ in 0..<2_000 {
            var body = request.body
            for _ in 0...random.below(3) {
                let at = random.below(body.count)
                switch random.below(3) {
                case 0: body[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: body.remove(at: at)
                default: body.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
                }
            }
            var changed = request
            changed.payload = .bytes(body)
            let head = Self.verifier.verify(changed, now: Self.date) { _ in Self.stored }
            guard case .payloadPending(let pending) = head, case .valid(let verified) = pending.verify(body: body)
            else {
                refused += 1
                continue
            }
            #expect(verified.body == Self.body(600))
        }
        #expect(refused > 1_900)
    }
}
