import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// GatehouseCrypto's SHA-1 over EVP against the hand-written one the `x-amz-checksum-sha1`
/// trailer used before it: seeded, bounded random messages, each fed to both in the same random
/// pieces (as a streamed body arrives), must give the same digest.
@Suite("SHA-1: EVP against the hand-written implementation")
struct SHA1DifferentialTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func sameDigests(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for round in 0..<400 {
            // Mostly around the 64-byte block and 56-byte padding boundaries, sometimes larger.
            let count = round < 300 ? round % 200 : rng.below(20_000)
            let message = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var old = SigV4.SHA1()
            var new = GatehouseCrypto.SHA1()
            var offset = 0
            while offset < count {
                let piece = min(count - offset, rng.below(4) == 0 ? 1 + rng.below(300) : 1 + rng.below(70))
                old.update(message[offset..<(offset + piece)])
                new.update(message[offset..<(offset + piece)])
                offset += piece
            }
            let expected = old.finalize()
            let digest = new.finalize()
            #expect(digest != nil && digest == expected, "seed \(seed) round \(round), \(count) bytes")
            #expect(GatehouseCrypto.SHA1.hash(message) == SigV4.SHA1.hash(message))
        }
    }
}
