import Foundation
import GatehouseCore
import GatehouseCrypto
import SigV4
import Testing

@Suite("AWS documentation vectors (TestVectors/sigv4/aws-docs.json)")
struct AWSDocsVectorTests {
    static func vector(_ name: String) throws -> [String: Any] {
        let all = try TestVectors.json("sigv4/aws-docs.json") as! [String: Any]
        return all[name] as! [String: Any]
    }

    static func date(_ text: String) throws -> AmzDate {
        try #require(AmzDate(amzFormat: text) ?? AmzDate(httpDate: text))
    }

    @Test("S3 GET object: single encoding, signed empty-body hash")
    func s3GetObject() throws {
        let v = try Self.vector("s3_get_object")
        let signer = try SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: v["access_key_id"] as! String,
                secretAccessKey: v["secret_access_key"] as! String
            ),
            configuration: .s3(region: v["region"] as! String)
        )
        let signed = try signer.sign(
            RawHTTPRequest.parse(v["request"] as! String),
            at: Self.date(v["timestamp"] as! String)
        )
        #expect(signed.signature == v["signature"] as! String)
    }

    @Test("S3 chunked upload: seed, chunk, final and trailer signatures")
    func chunkedUpload() throws {
        let v = try Self.vector("s3_chunked_upload")
        let date = try Self.date(v["timestamp"] as! String)
        let credentials = AWSCredentials(
            accessKeyId: v["access_key_id"] as! String,
            secretAccessKey: v["secret_access_key"] as! String
        )
        let configuration = SigningConfiguration(
            region: "us-east-1",
            service: "s3",
            normalizePath: true,
            doubleURIEncode: false
        )
        let signer = try SigV4Signer(credentials: credentials, configuration: configuration)
        let signed = try signer.sign(RawHTTPRequest.parse(v["request"] as! String), at: date)
        #expect(signed.authorization == v["authorization"] as? String)
        #expect(signed.signature == v["seed_signature"] as! String)

        var chain = try signer.chunkSigner(for: signed, at: date)
        for chunk in v["chunks"] as! [[String: Any]] {
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: chunk["length"] as! Int)
            #expect(try chain.signChunk(bytes) == chunk["signature"] as! String)
        }
        let trailers = (v["trailers"] as! [[String]]).map { SigV4Request.Header($0[0], $0[1]) }
        #expect(try chain.signTrailer(trailers) == v["trailer_signature"] as! String)
    }

    @Test("the encoded chunked body has the documented Content-Length (66824)")
    func chunkedLength() {
        #expect(
            AWSChunkedEncoding.encodedLength(bodyLength: 66560, chunkSize: 65536, signatureLength: 64, trailers: [])
                == 66824
        )
    }
}

@Suite("aws-chunked round trips")
struct ChunkedRoundTripTests {
    static let date = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDCHUNK", secretAccessKey: "chunk-secret")
    static let body = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    /// `x-amz-checksum-crc32` of ``body`` (zlib's CRC-32, big-endian, base64; from Python's
    /// `base64.b64encode(zlib.crc32(body).to_bytes(4, "big"))`).
    static let crc32 = "QwtIjg=="

    static func signAndVerify(
        algorithm: SigningAlgorithm,
        trailers: [SigV4Request.Header],
        tamper: (inout [UInt8]) -> Void = { _ in }
    ) throws -> Result<[UInt8], SigV4Error> {
        let configuration = SigningConfiguration.s3(region: "us-east-1", algorithm: algorithm)
        let signer = try SigV4Signer(credentials: credentials, configuration: configuration)
        let body = Self.body
        let request = SigV4Request(
            method: "PUT",
            path: "/bucket/key",
            headers: [.init("Host", "bucket.s3.amazonaws.com")],
            body: body
        )
        let signed = try signer.signChunked(request, chunkSize: 16_384, trailers: trailers, at: date)
        var encoded = signed.request.body
        #expect(String(encoded.count) == signed.request.firstValue(of: "content-length"))

        // The request's head verifies under S3 rules, but only as a pending payload: its
        // signature seeds the chunk chain, and the body decides the verdict.
        let stored = SigV4StoredCredential(credentials: credentials, principal: try .user("c", account: "000000000000"))
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", service: "s3", s3Rules: true))
        let verification = verifier.verify(signed.request, now: date, lookup: { _ in stored })
        #expect(!verification.isValid)
        #expect(verification.identity == nil)
        #expect(verification.failure?.code == .invalidPayload)
        guard case .payloadPending(let pending) = verification else {
            Issue.record("expected a pending payload, got \(verification)")
            return .failure(SigV4Error(.invalidChunk, "not pending"))
        }
        tamper(&encoded)
        switch pending.verify(body: encoded) {
        case .valid(let verified):
            #expect(verified.body == body)
            #expect(verified.trailers.map(\.value) == trailers.map(\.value))
            #expect(verification.resolvingPayload(encoded).isValid)
            return .success(verified.body)
        case .invalid(let failure):
            #expect(!verification.resolvingPayload(encoded).isValid)
            return .failure(SigV4Error(.invalidChunk, failure.message))
        }
    }

    @Test(arguments: [SigningAlgorithm.sigV4, .sigV4a], [false, true])
    func roundTrip(algorithm: SigningAlgorithm, withTrailer: Bool) throws {
        let trailers: [SigV4Request.Header] = withTrailer ? [.init("x-amz-checksum-crc32", Self.crc32)] : []
        let result = try Self.signAndVerify(algorithm: algorithm, trailers: trailers)
        #expect((try? result.get()) != nil)
    }

    @Test(
        "a changed chunk byte, a dropped chunk or a changed trailer is refused",
        arguments: [SigningAlgorithm.sigV4, .sigV4a]
    )
    func tampering(algorithm: SigningAlgorithm) throws {
        let trailers: [SigV4Request.Header] = [.init("x-amz-checksum-crc32", Self.crc32)]
        // Flip one payload byte in the first chunk's data.
        let flipped = try Self.signAndVerify(algorithm: algorithm, trailers: trailers) { encoded in
            let start = encoded.firstIndex(of: 0x0a)! + 1
            encoded[start + 10] ^= 1
        }
        #expect(throws: SigV4Error(.invalidChunk, "")) { try flipped.get() }
        // Change the trailer value.
        let trailer = try Self.signAndVerify(algorithm: algorithm, trailers: trailers) { encoded in
            let text = String(decoding: encoded, as: UTF8.self).replacingOccurrences(of: Self.crc32, with: "AAAAAA==")
            encoded = Array(text.utf8)
        }
        #expect(throws: SigV4Error(.invalidChunk, "")) { try trailer.get() }
        // Truncate the body.
        let truncated = try Self.signAndVerify(algorithm: algorithm, trailers: trailers) { encoded in
            encoded.removeLast(40)
        }
        #expect(throws: SigV4Error(.invalidChunk, "")) { try truncated.get() }
    }
}
