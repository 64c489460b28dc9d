import GatehouseCrypto
import TestSupport
import Testing

/// The one-call hash and the pre-keyed HMAC (whose outer block the shim pads itself) agree, at
/// every length across the one-block/two-block padding boundaries, with the streaming hash fed in
/// random pieces and with HMAC over EVP.
@Suite("SHA-256 and pre-keyed HMAC at every length 0–300")
struct SHA256LengthTests {
    @Test("SHA256.hash equals the streaming hash fed in random pieces")
    func oneCallHash() {
        var rng = SeededRandom(seed: 21)
        for count in 0...300 {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var streaming = SHA256()
            var offset = 0
            while offset < count {
                let piece = min(count - offset, 1 + rng.below(80))
                streaming.update(Array(bytes[offset..<(offset + piece)]))
                offset += piece
            }
            #expect(SHA256.hash(bytes) == streaming.finalize(), "length \(count)")
        }
    }

    @Test("HMACSHA256Key equals HMAC over EVP, for keys of 0 to 64 bytes")
    func preKeyedHMAC() throws {
        var rng = SeededRandom(seed: 22)
        for count in 0...300 {
            let key = (0..<rng.below(65)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let message = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let reference = try #require(EVPHMACReference(key: key))
            let expected = message.withUnsafeBytes { reference.authenticationCode(for: $0) }
            #expect(HMACSHA256Key(key: key).authenticationCode(for: message) == expected, "length \(count)")
        }
    }
}
