import GatehouseCrypto
import TestSupport
import Testing

/// SHA-1 over EVP: the FIPS 180 / NIST example vectors, one-call against streaming in random
/// pieces at every length across the padding boundaries, and copy-on-write copies that stay
/// apart.
@Suite("SHA-1 over EVP")
struct SHA1Tests {
    /// FIPS 180-2 appendix A and the NIST CAVS short-message examples (hex digests).
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "a49b2446a02c645bf419f995b67091253a04a259"
        ),
    ])
    func nistVectors(_ message: String, _ digest: String) throws {
        let hash = try #require(SHA1.hash(Array(message.utf8)))
        #expect(Hex.encode(hash) == digest)
    }

    /// One million `a` (FIPS 180-2 A.3), fed in 1000-byte pieces as a streamed body would be.
    @Test func millionA() throws {
        var hasher = SHA1()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        for _ in 0..<1_000 { hasher.update(piece[...]) }
        let finished = hasher.finalize()
        let digest = try #require(finished)
        #expect(Hex.encode(digest) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func oneCallEqualsStreamingInRandomPieces() throws {
        var rng = SeededRandom(seed: 41)
        for count in 0...300 {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var streaming = SHA1()
            var offset = 0
            while offset < count {
                let piece = min(count - offset, 1 + rng.below(80))
                streaming.update(bytes[offset..<(offset + piece)])
                offset += piece
            }
            let finished = streaming.finalize()
            let digest = try #require(finished)
            #expect(digest.count == SHA1.byteCount)
            #expect(SHA1.hash(bytes) == digest, "length \(count)")
        }
    }

    /// A copy shares the context until one side writes; then each hashes only its own bytes.
    @Test func copiesStayApart() throws {
        var first = SHA1()
        first.update(Array("ab".utf8))
        var second = first
        first.update(Array("c".utf8))
        second.update(Array("d".utf8))
        let third = first
        let (firstDigest, secondDigest) = (first.finalize(), second.finalize())
        #expect(firstDigest != nil && firstDigest == SHA1.hash(Array("abc".utf8)))
        #expect(secondDigest != nil && secondDigest == SHA1.hash(Array("abd".utf8)))
        // `third` shared `first`'s context when `first` finished: finishing copied it first.
        var spare = third
        let spareDigest = spare.finalize()
        #expect(spareDigest != nil && spareDigest == firstDigest)
        // A finished hasher has no context left: it reports nothing rather than a wrong digest.
        #expect(first.finalize() == nil)
    }
}
