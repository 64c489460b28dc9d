import Foundation
import GatehouseCore
import SigV4
import Testing

/// Trailer names of an aws-chunked body are checked for repeats through a set: a linear search
/// per trailer line made n trailers cost O(n²). The default 16 KiB trailer limit keeps n small;
/// a caller that raises it (``AWSChunkedEncoding/Limits``) must still get linear time.
@Suite("aws-chunked trailer cost")
struct ChunkedTrailerCostTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDTRAIL", secretAccessKey: "trail-secret")

    static func body(trailers: [SigV4Request.Header]) throws -> ([UInt8], ChunkSigner) {
        let signer = try SigV4Signer(credentials: credentials, configuration: .s3(region: "us-east-1"))
        let request = SigV4Request(
            method: "PUT",
            path: "/b/k",
            headers: [.init("Host", "b.s3.amazonaws.com")],
            body: Array(repeating: 7, count: 100)
        )
        let signed = try signer.signChunked(request, chunkSize: 64, trailers: trailers, at: time)
        return (signed.request.body, try signer.chunkSigner(for: signed, at: time))
    }

    @Test("50,000 distinct trailers decode in bounded time; a repeated name is still refused")
    func manyTrailers() throws {
        var limits = AWSChunkedEncoding.Limits()
        limits.maxTrailerBytes = 4 * 1024 * 1024
        let trailers = (0..<50_000).map { SigV4Request.Header("x-t\($0)", "v") }
        let (encoded, chain) = try Self.body(trailers: trailers)
        let started = ContinuousClock.now
        let decoded = try AWSChunkedEncoding.decode(encoded, verifier: chain, limits: limits)
        // Healthy: well under a second in a debug build; a search per name takes minutes.
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(decoded.trailers.count == 50_000)

        let (repeated, repeatedChain) = try Self.body(trailers: trailers.prefix(100) + [.init("x-t7", "w")])
        #expect(throws: SigV4Error.self) {
            try AWSChunkedEncoding.decode(repeated, verifier: repeatedChain, limits: limits)
        }
    }
}
