import GatehouseCore
import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// Streaming bodies: the head is verified before the body arrives (``SigV4Verifier/verifyHead``),
/// then the body as it streams (``SigV4BodyVerifier``). Held to the whole-body verifier: every
/// split of a body gives its verdict, and released bytes are the payload.
@Suite("Streaming body verification")
struct StreamingBodyVerifierTests {
    static let date = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDSTREAMBODY", secretAccessKey: "stream-body-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("b", account: "000000000000")
    )
    static let apiVerifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
    static let s3Verifier = SigV4Verifier(configuration: .init(region: "us-east-1", service: "s3", s3Rules: true))

    /// Every way a request can tell what its body is.
    enum Form: String, CaseIterable, CustomTestStringConvertible {
        /// execute-api, a signed hex `x-amz-content-sha256`.
        case declaredHash
        /// S3 rules, a signed hex `x-amz-content-sha256`.
        case s3DeclaredHash
        /// S3, `UNSIGNED-PAYLOAD` in a signed header.
        case unsignedPayload
        /// S3, a presigned URL (no header: `UNSIGNED-PAYLOAD`).
        case presignedS3
        /// execute-api, no `x-amz-content-sha256`: the signature covers the body's hash.
        case bodyHash
        /// execute-api, a presigned URL: the signature covers the body's hash.
        case presignedBodyHash
        case signedChunks
        case signedChunksTrailer
        case sigV4aChunks
        /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a CRC32 trailer.
        case unsignedChunks

        var testDescription: String { rawValue }

        var mode: SigV4BodyVerifier.Mode {
            switch self {
            case .declaredHash, .s3DeclaredHash: return .declaredHash
            case .unsignedPayload, .presignedS3: return .unsignedPayload
            case .bodyHash, .presignedBodyHash: return .bodyHash
            case .signedChunks, .signedChunksTrailer, .sigV4aChunks: return .signedChunks
            case .unsignedChunks: return .unsignedChunks
            }
        }

        var isChunked: Bool { mode == .signedChunks || mode == .unsignedChunks }

        var verifier: SigV4Verifier {
            switch self {
            case .declaredHash, .bodyHash, .presignedBodyHash: return StreamingBodyVerifierTests.apiVerifier
            default: return StreamingBodyVerifierTests.s3Verifier
            }
        }
    }

    static func body(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// A request of `form` carrying `body`: its payload is the body as sent on the wire.
    static func upload(_ form: Form, body: [UInt8], chunkSize: Int = 64) throws -> SigV4Request {
        let request = SigV4Request(
            method: "PUT",
            path: "/bucket/key",
            headers: [.init("Host", form.verifier.configuration.s3Rules ? "bucket.s3.amazonaws.com" : "api.example")],
            body: body
        )
        func signer(_ configuration: SigningConfiguration) throws -> SigV4Signer {
            try SigV4Signer(credentials: credentials, configuration: configuration)
        }
        let api = SigningConfiguration(region: "us-east-1", service: "execute-api")
        switch form {
        case .declaredHash:
            var configuration = api
            configuration.addContentSHA256Header = true
            return try signer(configuration).sign(request, at: date).request
        case .s3DeclaredHash:
            return try signer(.s3(region: "us-east-1")).sign(request, at: date).request
        case .unsignedPayload:
            return try signer(.s3(region: "us-east-1", unsignedPayload: true)).sign(request, at: date).request
        case .presignedS3:
            return try signer(.s3(region: "us-east-1", location: .query(expiresIn: 300))).sign(request, at: date)
                .request
        case .bodyHash:
            return try signer(api).sign(request, at: date).request
        case .presignedBodyHash:
            var configuration = api
            configuration.location = .query(expiresIn: 300)
            return try signer(configuration).sign(request, at: date).request
        case .signedChunks, .signedChunksTrailer, .sigV4aChunks:
            let algorithm: SigningAlgorithm = form == .sigV4aChunks ? .sigV4a : .sigV4
            let trailers = form == .signedChunksTrailer ? [StreamingPayloadTests.checksumTrailer(body)] : []
            return try signer(.s3(region: "us-east-1", algorithm: algorithm))
                .signChunked(request, chunkSize: chunkSize, trailers: trailers, at: date).request
        case .unsignedChunks:
            var head = SigV4Request(
                method: "PUT",
                path: "/bucket/key",
                headers: [
                    .init("Host", "bucket.s3.amazonaws.com"), .init("Content-Encoding", "aws-chunked"),
                    .init("X-Amz-Decoded-Content-Length", String(body.count)),
                    .init("X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
                    .init("X-Amz-Trailer", "x-amz-checksum-crc32"),
                ]
            )
            head = try signer(.s3(region: "us-east-1")).sign(head, at: date).request
            head.payload = .bytes(
                StreamingPayloadTests.unsignedBody(
                    body,
                    chunkSize: chunkSize,
                    trailer: StreamingPayloadTests.checksumTrailer(body)
                )
            )
            return head
        }
    }

    /// A verdict, comparable across the two paths.
    struct Outcome: Equatable, CustomStringConvertible {
        var code: SigV4Failure.Code?
        /// Valid: the payload (streaming: every released byte).
        var payload: [UInt8]
        var trailers: [SigV4Request.Header]

        var isValid: Bool { code == nil }
        var description: String { code.map { "invalid \($0)" } ?? "valid, \(payload.count) bytes" }
    }

    /// The whole-body verifier's verdict on `request` whose wire body is `wire`.
    static func whole(
        _ request: SigV4Request,
        wire: [UInt8],
        verifier: SigV4Verifier,
        limits: AWSChunkedEncoding.Limits = .init()
    ) -> Outcome {
        var request = request
        request.payload = .bytes(wire)
        switch verifier.verify(request, now: date, lookup: { _ in stored }) {
        case .valid: return Outcome(code: nil, payload: wire, trailers: [])
        case .invalid(let failure): return Outcome(code: failure.code, payload: [], trailers: [])
        case .payloadPending(let pending):
            switch pending.verify(body: wire, limits: limits) {
            case .valid(let verified): return Outcome(code: nil, payload: verified.body, trailers: verified.trailers)
            case .invalid(let failure): return Outcome(code: failure.code, payload: [], trailers: [])
            }
        }
    }

    /// What streaming does with `wire` cut into `pieces`: the outcome, every byte released
    /// (valid or not), and the wire offset the failure was thrown at (`nil`: at `finish`).
    struct Streamed {
        var outcome: Outcome
        var released: [UInt8]
        var failedAt: Int?
        var mode: SigV4BodyVerifier.Mode?
    }

    static func stream(
        _ request: SigV4Request,
        pieces: [ArraySlice<UInt8>],
        verifier: SigV4Verifier,
        limits: AWSChunkedEncoding.Limits = .init()
    ) -> Streamed {
        let head = verifier.verifyHead(request, now: date, limits: limits) { _ in stored }
        guard case .body(var body) = head else {
            return Streamed(outcome: Outcome(code: head.failure!.code, payload: [], trailers: []), released: [])
        }
        var released: [UInt8] = []
        var offset = 0
        do throws(SigV4Failure) {
            for piece in pieces {
                released += try body.consume(piece)
                offset += piece.count
            }
            offset = -1
            let verified = try body.finish()
            released += verified.releasedAtEnd
            #expect(verified.identity.accessKeyId == credentials.accessKeyId)
            return Streamed(
                outcome: Outcome(code: nil, payload: released, trailers: verified.trailers),
                released: released,
                mode: body.mode
            )
        } catch {
            #expect(error.accessKeyId == credentials.accessKeyId)
            return Streamed(
                outcome: Outcome(code: error.code, payload: [], trailers: []),
                released: released,
                failedAt: offset < 0 ? nil : offset,
                mode: body.mode
            )
        }
    }

    enum Split: CustomStringConvertible {
        case whole
        case every(Int)
        case random(UInt64)
        case at(Int)

        var description: String {
            switch self {
            case .whole: return "whole"
            case .every(let n): return "\(n)-byte pieces"
            case .random(let seed): return "random pieces (seed \(seed))"
            case .at(let offset): return "split at \(offset)"
            }
        }

        func pieces(_ wire: [UInt8]) -> [ArraySlice<UInt8>] {
            switch self {
            case .whole: return [wire[...]]
            case .every(let n):
                return stride(from: 0, to: wire.count, by: n).map { wire[$0..<min($0 + n, wire.count)] }
            case .random(let seed):
                var random = SeededRandom(seed: seed)
                var out: [ArraySlice<UInt8>] = []
                var index = 0
                while index < wire.count {
                    // Empty pieces too: a server may hand one over.
                    let n = random.below(4) == 0 ? 0 : 1 + random.below(97)
                    out.append(wire[index..<min(index + n, wire.count)])
                    index += n
                }
                return out
            case .at(let offset): return [wire[..<offset], wire[offset...]]
            }
        }
    }

    /// Where the first payload byte lies in the wire body.
    static func firstPayloadIndex(_ form: Form, _ wire: [UInt8]) -> Int {
        guard form.isChunked else { return 0 }
        var index = 0
        while !(wire[index] == 0x0d && wire[index + 1] == 0x0a) { index += 1 }
        return index + 2
    }

    // MARK: Splits

    @Test("every split of a body gives the whole-body verdict, genuine or changed", arguments: Form.allCases)
    func everySplit(form: Form) throws {
        for size in [0, 1, 37, 200] {
            let payload = Self.body(size, seed: UInt64(size))
            let request = try Self.upload(form, body: payload)
            let wire = request.body
            var changed = wire
            if size > 0 { changed[Self.firstPayloadIndex(form, wire)] ^= 0x20 }
            for (label, body) in [("genuine", wire), ("changed", changed)] where label == "genuine" || size > 0 {
                let expected = Self.whole(request, wire: body, verifier: form.verifier)
                if label == "genuine" {
                    #expect(expected.isValid, "\(form) \(size): whole-body verdict \(expected)")
                    #expect(expected.payload == (form.isChunked ? payload : wire))
                }
                var splits: [Split] = [.whole, .every(1), .every(7), .random(1), .random(2), .random(3)]
                if size <= 37 { splits += (0...body.count).map { .at($0) } }
                for split in splits {
                    let streamed = Self.stream(request, pieces: split.pieces(body), verifier: form.verifier)
                    #expect(streamed.mode == form.mode)
                    #expect(
                        streamed.outcome.code == expected.code,
                        "\(form) \(size) \(label) \(split): \(streamed.outcome) vs \(expected)"
                    )
                    if expected.isValid {
                        #expect(streamed.outcome.payload == (form.isChunked ? payload : body), "\(form) \(split)")
                        #expect(streamed.outcome.trailers == expected.trailers)
                    }
                }
            }
        }
    }

    @Test(
        "the head decides the mode; the signer is known before the body except in body-hash mode",
        arguments: Form.allCases
    )
    func headIdentity(form: Form) throws {
        let request = try Self.upload(form, body: Self.body(10))
        let head = form.verifier.verifyHead(request, now: Self.date) { _ in Self.stored }
        let verifier = try #require(head.bodyVerifier, "\(String(describing: head.failure))")
        #expect(verifier.mode == form.mode)
        #expect(verifier.accessKeyId == Self.credentials.accessKeyId)
        if form.mode == .bodyHash {
            #expect(verifier.headIdentity == nil)
        } else {
            #expect(verifier.headIdentity?.principal == Self.stored.principal)
        }
        #expect((verifier.marker != nil) == form.isChunked)
    }

    // MARK: What is released when

    @Test("a signed hash that does not match is found at the end, every byte having been released")
    func declaredHashMismatch() throws {
        for form in [Form.declaredHash, .s3DeclaredHash] {
            let payload = Self.body(300)
            let request = try Self.upload(form, body: payload)
            var flipped = payload
            flipped[150] ^= 1
            for (label, body) in [
                ("flipped", flipped), ("shorter", Array(payload.dropLast())), ("longer", payload + [0]),
                ("empty", []),
            ] {
                let streamed = Self.stream(request, pieces: Split.every(7).pieces(body), verifier: form.verifier)
                #expect(streamed.outcome.code == .payloadHashMismatch, "\(form) \(label)")
                #expect(streamed.failedAt == nil, "\(form) \(label): refused before the end")
                #expect(streamed.released == body, "\(form) \(label)")
                #expect(Self.whole(request, wire: body, verifier: form.verifier).code == .payloadHashMismatch)
            }
        }
    }

    @Test(
        "a changed byte in any chunk is refused when that chunk ends, and none of its bytes is released",
        arguments: [Form.signedChunks, .signedChunksTrailer, .sigV4aChunks]
    )
    func tamperedChunk(form: Form) throws {
        let payload = Self.body(200)
        let request = try Self.upload(form, body: payload, chunkSize: 64)
        let wire = request.body
        let (chunks, _) = StreamingPayloadTests.split(wire)
        // Where each chunk's data starts and ends in the wire.
        var starts: [Int] = []
        var offset = 0
        for (header, data) in chunks {
            starts.append(offset + header.count + 2)
            offset += header.count + 2 + data.count + (data.isEmpty ? 0 : 2)
        }
        let step = form == .sigV4aChunks ? 13 : 1
        for position in stride(from: 0, to: payload.count, by: step) {
            let chunk = position / 64
            var changed = wire
            changed[starts[chunk] + position % 64] ^= 0x01
            let streamed = Self.stream(request, pieces: Split.every(1).pieces(changed), verifier: form.verifier)
            #expect(streamed.outcome.code == .signatureDoesNotMatch, "byte \(position)")
            // Exactly the chunks before it were released, and the failure came with the
            // chunk's last byte.
            #expect(streamed.released == Array(payload[..<(chunk * 64)]), "byte \(position)")
            #expect(streamed.failedAt == starts[chunk] + chunks[chunk].1.count - 1, "byte \(position)")
        }
        // A changed signature: refused at the chunk's last byte too, nothing of it released.
        for chunk in chunks.indices.dropLast() {
            var changed = wire
            let signatureAt = starts[chunk] - 3
            changed[signatureAt] = changed[signatureAt] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            let streamed = Self.stream(request, pieces: Split.every(5).pieces(changed), verifier: form.verifier)
            #expect(streamed.outcome.code == .signatureDoesNotMatch, "chunk \(chunk) signature")
            #expect(streamed.released == Array(payload[..<(chunk * 64)]), "chunk \(chunk) signature")
        }
    }

    @Test(
        "body-hash mode holds every byte until the signature over the body's hash verifies",
        arguments: [Form.bodyHash, .presignedBodyHash]
    )
    func bodyHashHoldsBytes(form: Form) throws {
        let payload = Self.body(500)
        let request = try Self.upload(form, body: payload)
        let head = form.verifier.verifyHead(request, now: Self.date) { _ in Self.stored }
        var verifier = try #require(head.bodyVerifier)
        for piece in Split.every(33).pieces(payload) { #expect(try verifier.consume(piece).isEmpty) }
        let verified = try verifier.finish()
        #expect(verified.releasedAtEnd == payload)
        // A changed body: nothing released, refused at the end as the whole-body verifier does.
        var changed = payload
        changed[499] ^= 1
        let streamed = Self.stream(request, pieces: Split.every(33).pieces(changed), verifier: form.verifier)
        #expect(streamed.released.isEmpty)
        #expect(streamed.outcome.code == .signatureDoesNotMatch)
        #expect(streamed.failedAt == nil)
    }

    @Test("head faults are refused before any body byte", arguments: Form.allCases)
    func headRefusals(form: Form) throws {
        let request = try Self.upload(form, body: Self.body(20))
        // Unknown key, expired, and (where the payload-hash line is known without the body) a
        // forged signature.
        let unknown = form.verifier.verifyHead(request, now: Self.date) { _ in nil }
        #expect(unknown.failure?.code == .unrecognizedClient)
        let late = AmzDate(secondsSince1970: Self.date.secondsSince1970 + 3600)
        let expired = form.verifier.verifyHead(request, now: late) { _ in Self.stored }
        #expect(expired.failure != nil)
        let other = SigV4StoredCredential(
            credentials: AWSCredentials(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "another-secret"),
            principal: try .user("p", account: "000000000000")
        )
        let forged = form.verifier.verifyHead(request, now: Self.date) { _ in other }
        if form.mode == .bodyHash {
            var verifier = try #require(forged.bodyVerifier)
            #expect(try verifier.consume(request.body).isEmpty)
            #expect(throws: SigV4Failure.self) { try verifier.finish() }
        } else {
            #expect(forged.failure?.code == .signatureDoesNotMatch, "\(form)")
        }
    }

    @Test("a failure is final, and a finished body takes no more bytes", arguments: [Form.declaredHash, .signedChunks])
    func failureIsFinal(form: Form) throws {
        let request = try Self.upload(form, body: Self.body(100))
        var wire = request.body
        wire[Self.firstPayloadIndex(form, wire)] ^= 1
        var verifier = try #require(form.verifier.verifyHead(request, now: Self.date) { _ in Self.stored }.bodyVerifier)
        var first: SigV4Failure? = nil
        do throws(SigV4Failure) {
            _ = try verifier.consume(wire)
            _ = try verifier.finish()
        } catch {
            first = error
        }
        #expect(first != nil)
        #expect(throws: SigV4Failure.self) { try verifier.consume([1]) }
        do throws(SigV4Failure) {
            _ = try verifier.finish()
            Issue.record("finished after a failure")
        } catch {
            #expect(error.code == first?.code)
        }
        var genuine = try #require(form.verifier.verifyHead(request, now: Self.date) { _ in Self.stored }.bodyVerifier)
        _ = try genuine.consume(request.body)
        _ = try genuine.finish()
        #expect(throws: SigV4Failure.self) { try genuine.consume([1]) }
    }

    // MARK: Empty bodies

    @Test("empty bodies verify in every form, fed nothing or one empty piece", arguments: Form.allCases)
    func emptyBody(form: Form) throws {
        let request = try Self.upload(form, body: [])
        let none = ArraySlice<UInt8>()
        for pieces in [[], [request.body[...]], [none, request.body[...], none]] as [[ArraySlice<UInt8>]] {
            let streamed = Self.stream(request, pieces: pieces, verifier: form.verifier)
            let total = pieces.reduce(0) { $0 + $1.count }
            if form.isChunked && total == 0 {
                // A chunked body must at least carry its final chunk.
                #expect(streamed.outcome.code == .invalidPayload)
            } else {
                #expect(streamed.outcome.isValid, "\(form): \(streamed.outcome)")
                #expect(streamed.released.isEmpty)
            }
        }
    }

    // MARK: Limits

    @Test("the body limit is applied as bytes arrive, at the byte that crosses it", arguments: Form.allCases)
    func bodyLimit(form: Form) throws {
        let request = try Self.upload(form, body: Self.body(300))
        let wire = request.body
        let limit = wire.count - 1
        var configuration = form.verifier.configuration
        configuration.maxBodyBytes = limit
        let verifier = SigV4Verifier(configuration: configuration)
        let streamed = Self.stream(request, pieces: Split.every(1).pieces(wire), verifier: verifier)
        #expect(streamed.outcome.code == .requestTooLarge)
        #expect(streamed.failedAt == limit)
        #expect(Self.whole(request, wire: wire, verifier: verifier).code == .requestTooLarge)
        configuration.maxBodyBytes = wire.count
        let exact = Self.stream(
            request,
            pieces: Split.every(1).pieces(wire),
            verifier: SigV4Verifier(configuration: configuration)
        )
        #expect(exact.outcome.isValid)
    }

    @Test("chunk limits and the declared length are applied at the chunk header, before its data")
    func chunkLimits() throws {
        let payload = Self.body(200)
        let request = try Self.upload(.signedChunks, body: payload, chunkSize: 64)
        let wire = request.body
        let headerEnd = Self.firstPayloadIndex(.signedChunks, wire)
        var small = AWSChunkedEncoding.Limits()
        small.maxChunkSize = 63
        var streamed = Self.stream(
            request,
            pieces: Split.every(1).pieces(wire),
            verifier: Self.s3Verifier,
            limits: small
        )
        #expect(streamed.outcome.code == .invalidPayload)
        #expect(streamed.failedAt == headerEnd - 1)
        #expect(streamed.released.isEmpty)
        var decoded = AWSChunkedEncoding.Limits()
        decoded.maxDecodedBytes = 100
        streamed = Self.stream(request, pieces: Split.every(1).pieces(wire), verifier: Self.s3Verifier, limits: decoded)
        #expect(streamed.outcome.code == .invalidPayload)
        // The second chunk's header would pass 100 bytes: refused there, the first chunk released.
        #expect(streamed.released == Array(payload[..<64]))
        var trailer = AWSChunkedEncoding.Limits()
        trailer.maxTrailerBytes = 8
        let withTrailer = try Self.upload(.signedChunksTrailer, body: payload)
        streamed = Self.stream(
            withTrailer,
            pieces: Split.every(3).pieces(withTrailer.body),
            verifier: Self.s3Verifier,
            limits: trailer
        )
        #expect(streamed.outcome.code == .invalidPayload)
        #expect(streamed.failedAt != nil)
        // A declared length shorter than the chunks: refused at the header that passes it.
        let short = try StreamingPayloadTests.custom(
            marker: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            decodedLength: "100"
        ) { try AWSChunkedEncoding.encode(payload, chunkSize: 64, signer: &$0) }
        let head = StreamingPayloadTests.verifier.verifyHead(short, now: StreamingPayloadTests.date) { _ in
            StreamingPayloadTests.stored
        }
        var verifier = try #require(head.bodyVerifier)
        var released: [UInt8] = []
        var failedAt: Int? = nil
        for (index, byte) in short.body.enumerated() {
            do throws(SigV4Failure) {
                released += try verifier.consume([byte])
            } catch {
                #expect(error.code == .invalidPayload)
                failedAt = index
                break
            }
        }
        let secondHeader = StreamingPayloadTests.split(short.body).chunks[0].0.count + 2 + 64 + 2
        let secondHeaderEnd = secondHeader + StreamingPayloadTests.split(short.body).chunks[1].0.count + 1
        #expect(failedAt == secondHeaderEnd)
        #expect(released == Array(payload[..<64]))
    }

    @Test(
        "bodies up to the 10 MiB default limit stream in bounded time",
        arguments: [Form.declaredHash, .signedChunks, .bodyHash]
    )
    func largeBodies(form: Form) throws {
        let payload = [UInt8](repeating: 0x61, count: 10 * 1024 * 1024 - 64 * 1024)
        let request = try Self.upload(form, body: payload, chunkSize: 64 * 1024)
        let wire = request.body
        #expect(wire.count <= form.verifier.configuration.maxBodyBytes)
        let clock = ContinuousClock()
        let start = clock.now
        let streamed = Self.stream(request, pieces: Split.every(16 * 1024).pieces(wire), verifier: form.verifier)
        let elapsed = clock.now - start
        #expect(streamed.outcome.isValid, "\(streamed.outcome)")
        #expect(streamed.released.count == payload.count)
        #expect(elapsed < .seconds(10), "\(elapsed)")
    }

    // MARK: Differential

    @Test("random bodies, changes and splits: the streaming verdict is the whole-body one")
    func differential() throws {
        var random = SeededRandom(seed: 17)
        var disagreements: [String] = []
        var valid = 0
        for round in 0..<400 {
            let form = Form.allCases[random.below(Form.allCases.count)]
            if form == .sigV4aChunks && round % 4 != 0 { continue }
            let payload = Self.body(random.below(400), seed: random.next())
            let request = try Self.upload(form, body: payload, chunkSize: 1 + random.below(150))
            var wire = request.body
            switch random.below(5) {
            case 0, 1: break
            case 2 where !wire.isEmpty: wire[random.below(wire.count)] ^= UInt8(1 + random.below(255))
            case 3 where !wire.isEmpty: wire.remove(at: random.below(wire.count))
            default: wire.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(wire.count + 1))
            }
            let expected = Self.whole(request, wire: wire, verifier: form.verifier)
            let streamed = Self.stream(
                request,
                pieces: Split.random(random.next()).pieces(wire),
                verifier: form.verifier
            )
            if streamed.outcome != expected {
                disagreements.append("round \(round) \(form): \(streamed.outcome) vs \(expected)")
            }
            if expected.isValid { valid += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(valid > 100)
    }

    @Test("the streaming chunk decoder agrees with the whole-buffer one on random mutations, any split")
    func decoderDifferential() throws {
        var random = SeededRandom(seed: 23)
        var disagreements: [String] = []
        for round in 0..<1_500 {
            let signed = random.below(3) != 0
            let payload = Self.body(random.below(300), seed: random.next())
            let chunkSize = 1 + random.below(120)
            let trailers: [SigV4Request.Header] =
                random.below(2) == 0 ? [] : [StreamingPayloadTests.checksumTrailer(payload), .init("x-b", "2")]
            var chain: ChunkSigner? = nil
            var wire: [UInt8]
            if signed {
                let signer = try SigV4Signer(credentials: Self.credentials, configuration: .s3(region: "us-east-1"))
                let seed = try signer.sign(
                    SigV4Request(method: "PUT", path: "/k", headers: [.init("Host", "b.s3.amazonaws.com")]),
                    at: Self.date
                )
                var encoder = try signer.chunkSigner(for: seed, at: Self.date)
                chain = encoder
                wire = try AWSChunkedEncoding.encode(
                    payload,
                    chunkSize: chunkSize,
                    signer: &encoder,
                    trailers: trailers
                )
            } else {
                wire = StreamingPayloadTests.unsignedBody(payload, chunkSize: chunkSize, trailer: trailers.first)
            }
            for _ in 0..<random.below(4) {
                guard !wire.isEmpty else { break }
                switch random.below(4) {
                case 0: wire[random.below(wire.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: wire.remove(at: random.below(wire.count))
                case 2: wire.insert([0x0d, 0x0a, 0x30, 0x3b][random.below(4)], at: random.below(wire.count + 1))
                default: wire = Array(wire.prefix(random.below(wire.count + 1)))
                }
            }
            let rule: AWSChunkedEncoding.TrailerRule = [.none, .required, .optional][random.below(3)]
            let declared: Int? = random.below(3) == 0 ? nil : payload.count + random.below(3) - 1
            var limits = AWSChunkedEncoding.Limits()
            if random.below(4) == 0 { limits.maxChunkSize = 1 + random.below(120) }
            if random.below(4) == 0 { limits.maxTrailerBytes = 1 + random.below(80) }
            let reference: String
            do throws(SigV4Failure) {
                let decoded = try ReferenceChunkedDecoder.decode(
                    wire,
                    chain: chain,
                    trailer: rule,
                    decodedLength: declared,
                    limits: limits
                )
                reference = "valid \(decoded.body.count) \(decoded.body.hashValue) \(decoded.trailers)"
            } catch {
                reference = "invalid \(error.code)"
            }
            var decoder = AWSChunkedDecoder(chain: chain, trailer: rule, decodedLength: declared, limits: limits)
            var body: [UInt8] = []
            let streamed: String
            do throws(SigV4Failure) {
                for piece in Split.random(random.next()).pieces(wire) { try decoder.consume(piece, into: &body) }
                let trailers = try decoder.finish()
                streamed = "valid \(body.count) \(body.hashValue) \(trailers)"
            } catch {
                streamed = "invalid \(error.code)"
            }
            if streamed != reference { disagreements.append("round \(round): \(streamed) vs \(reference)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test("checksums computed piece by piece equal the whole-payload ones", arguments: PayloadChecksum.names)
    func incrementalChecksums(name: String) throws {
        var random = SeededRandom(seed: 29)
        for size in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000] {
            let payload = Self.body(size, seed: UInt64(size))
            for _ in 0..<5 {
                var accumulator = try #require(PayloadChecksum.Accumulator(name))
                for piece in Split.random(random.next()).pieces(payload) { accumulator.update(piece) }
                let streamed = accumulator.finalize()
                #expect(streamed != nil && streamed == PayloadChecksum.expected(name, body: payload), "\(size)")
            }
        }
        #expect(PayloadChecksum.Accumulator("x-amz-checksum-md5") == nil)
    }

    // MARK: The async seams

    @Test("the async sequence yields the verified payload and throws the refusal", arguments: Form.allCases)
    func asyncSequence(form: Form) async throws {
        let payload = Self.body(150)
        let request = try Self.upload(form, body: payload)
        let store = StaticCredentialStore([Self.stored])
        func collect(_ wire: [UInt8]) async -> (bytes: [UInt8], failure: SigV4Failure?) {
            let head = await form.verifier.verifyHead(request, now: Self.date, credentials: store)
            guard let verifier = head.bodyVerifier else { return ([], head.failure) }
            let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
            for piece in Split.every(11).pieces(wire) { continuation.yield(Array(piece)) }
            continuation.finish()
            var bytes: [UInt8] = []
            do {
                for try await piece in verifier.verifying(stream) { bytes += piece }
            } catch let failure as SigV4Failure {
                return (bytes, failure)
            } catch {
                Issue.record("unexpected \(error)")
            }
            return (bytes, nil)
        }
        let genuine = await collect(request.body)
        #expect(genuine.failure == nil, "\(String(describing: genuine.failure))")
        #expect(genuine.bytes == (form.isChunked ? payload : request.body))
        guard form.mode != .unsignedPayload else { return }
        var changed = request.body
        changed[Self.firstPayloadIndex(form, changed) + 100] ^= 1
        let refused = await collect(changed)
        #expect(refused.failure?.code == Self.whole(request, wire: changed, verifier: form.verifier).code)
        if form.mode == .signedChunks || form.mode == .bodyHash {
            // Nothing of the changed chunk (bytes 64…127), or of a body-hash body, came out.
            #expect(refused.bytes.count <= 64, "\(refused.bytes.count)")
        }
    }
}
