import Foundation
import GatehouseCore
import GatehouseCrypto
import SigV4
import TestSupport
import Testing

/// Parsers of untrusted input never trap and never accept garbage: seeded, bounded fuzzing of the
/// raw-request parser, the Authorization header and presigned-query parsers, the verifier as a
/// whole, the chunked decoder and the date parsers.
@Suite("Fuzzing (seeded, bounded)")
struct FuzzTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDFUZZ", secretAccessKey: "fuzz-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("fuzz", account: "000000000000")
    )

    static func signedText(presigned: Bool) throws -> [UInt8] {
        let request = SigV4Request(
            method: "POST",
            path: "/prod/items/a%20b",
            query: "x=1&y=%E1%88%B4&z",
            headers: [.init("Host", "api.example.com"), .init("Content-Type", "application/json")],
            body: Array(#"{"k":"v"}"#.utf8)
        )
        let signer = try SigV4Signer(
            credentials: credentials,
            configuration: SigningConfiguration(
                region: "us-east-1",
                service: "execute-api",
                location: presigned ? .query(expiresIn: 60) : .header
            )
        )
        return RawHTTPRequest.serialize(try signer.sign(request, at: time).request)
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !out.isEmpty else { break }
            let index = Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: out[index] = UInt8.random(in: 0...255, using: &rng)
            case 1: out.remove(at: index)
            case 2: out.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            case 3:
                out.insert(
                    contentsOf: [0x25, 0x0d, 0x0a, 0x3a, 0x3b, 0x2c, 0x3d, 0x20].shuffled(using: &rng).prefix(3),
                    at: index
                )
            default: out[index] ^= 0x20
            }
        }
        return out
    }

    @Test("random bytes into the raw request parser", arguments: [1 as UInt64, 2, 3])
    func randomRequests(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<300, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? RawHTTPRequest.parse(bytes)
        }
    }

    @Test("mutated signed requests never trap, and a changed signature never verifies", arguments: [false, true])
    func mutatedSignedRequests(presigned: Bool) throws {
        let original = try Self.signedText(presigned: presigned)
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        #expect(
            verifier.verify(try RawHTTPRequest.parse(original), now: Self.time, lookup: { _ in Self.stored }).isValid
        )
        var rng = SeededRandom(seed: presigned ? 11 : 12)
        var parsed = 0
        for _ in 0..<3_000 {
            let mutated = Self.mutate(original, &rng)
            guard let request = try? RawHTTPRequest.parse(mutated) else { continue }
            parsed += 1
            let result = verifier.verify(request, now: Self.time, lookup: { _ in Self.stored })
            if result.isValid {
                // Only mutations outside what is signed may survive: the signature must be intact.
                let signature = presigned ? "X-Amz-Signature=" : "Signature="
                let text = String(decoding: mutated, as: UTF8.self)
                let originalText = String(decoding: original, as: UTF8.self)
                let sig = { (t: String) in t.range(of: signature).map { String(t[$0.upperBound...].prefix(64)) } }
                #expect(sig(text) == sig(originalText))
            }
        }
        #expect(parsed > 100)
    }

    @Test("random Authorization headers and presigned queries are refused, never trap")
    func randomAuthorization() {
        var rng = SeededRandom(seed: 99)
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let pieces = [
            "AWS4-HMAC-SHA256 ", "AWS4-ECDSA-P256-SHA256 ", "Credential=",
            "AKID/20260115/us-east-1/execute-api/aws4_request",
            "SignedHeaders=", "host;x-amz-date", "Signature=", String(repeating: "a", count: 64), ", ", ",", "=", "/",
            ";", " ",
            "%", "%zz", "X-Amz-Algorithm=", "X-Amz-Expires=", "&", "\u{00}", "é", String(repeating: "/", count: 40),
        ]
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            var request = SigV4Request(
                method: "GET",
                path: "/",
                headers: [.init("Host", "h"), .init("X-Amz-Date", "20260115T100000Z")]
            )
            if Bool.random(using: &rng) {
                request.headers.append(.init("Authorization", value))
            } else {
                request.query = value.replacingOccurrences(of: " ", with: "")
            }
            let result = verifier.verify(request, now: Self.time, lookup: { _ in Self.stored })
            #expect(!result.isValid)
        }
    }

    @Test("mutated aws-chunked bodies never trap and never decode to different content")
    func randomChunkedBodies() throws {
        let signer = try SigV4Signer(credentials: Self.credentials, configuration: .s3(region: "us-east-1"))
        let request = SigV4Request(
            method: "PUT",
            path: "/b/k",
            headers: [.init("Host", "b.s3.amazonaws.com")],
            body: Array(repeating: 7, count: 3000)
        )
        let signed = try signer.signChunked(
            request,
            chunkSize: 1000,
            trailers: [.init("x-amz-checksum-crc32", "AAAAAA==")],
            at: Self.time
        )
        let chain = try signer.chunkSigner(for: signed, at: Self.time)
        let original = try AWSChunkedEncoding.decode(signed.request.body, verifier: chain)
        var rng = SeededRandom(seed: 7)
        var refused = 0
        for _ in 0..<1_000 {
            let mutated = Self.mutate(signed.request.body, &rng)
            guard let decoded = try? AWSChunkedEncoding.decode(mutated, verifier: chain) else {
                refused += 1
                continue
            }
            // Only framing that means the same thing (hex-size case, trailer-name case) may pass.
            #expect(decoded.body == original.body)
            #expect(decoded.trailers.map(\.value) == original.trailers.map(\.value))
        }
        #expect(refused > 900)
    }

    @Test("date parsers take random text without trapping")
    func randomDates() {
        var rng = SeededRandom(seed: 5)
        let alphabet = Array("0123456789TZ:-+., GMTSunJanFeb9999".utf8)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...32, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = AmzDate(amzFormat: text)
            _ = AmzDate(iso8601: text)
            _ = AmzDate(httpDate: text)
        }
    }
}
