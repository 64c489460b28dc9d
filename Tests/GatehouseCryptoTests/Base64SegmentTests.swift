import GatehouseCrypto
import TestSupport
import Testing

/// The JWS segment decoder (pre-shifted tables, one validity test per quantum) agrees with the
/// general base64url decoder — a separate bit-accumulator implementation — on every input
/// without `=`: round trips of random bytes at every length, and random text that is mostly
/// alphabet with invalid characters and non-canonical final characters mixed in.
@Suite("Base64 JWS segments (seeded differential)")
struct Base64SegmentTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Outside the alphabet, with the neighbours of its ranges and the standard alphabet's `+/`.
    static let strangers: [UInt8] = [
        0x00, 0x2B, 0x2C, 0x2E, 0x2F, 0x3A, 0x3D, 0x40, 0x5B, 0x5E, 0x60, 0x7B, 0x7F, 0x80, 0xFF,
    ]

    @Test("round trip at every length up to 200", arguments: [1 as UInt64, 2])
    func roundTrip(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for length in 0...200 {
            let bytes = (0..<length).map { _ in UInt8(rng.below(256)) }
            let text = Array(Base64.encodeURL(bytes).utf8)
            #expect(Base64.decodeJWSSegment(text) == bytes, "length \(length)")
        }
    }

    @Test("equals the general decoder on random text", arguments: [1 as UInt64, 2, 3])
    func differential(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<5_000 {
            let text = (0..<rng.below(24)).map { _ in
                rng.below(12) == 0 ? Self.strangers[rng.below(Self.strangers.count)] : Self.alphabet[rng.below(64)]
            }
            let reference =
                text.contains(UInt8(ascii: "=")) ? nil : Base64.decodeURL(String(decoding: text, as: UTF8.self))
            #expect(Base64.decodeJWSSegment(text) == reference, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    /// With spare room the decoder writes eight characters' six bytes per store, and two scratch
    /// bytes after them: into buffers from exactly the decoded size to twelve bytes larger, the
    /// bytes decoded are the reference's, a bad character anywhere is still refused, and nothing
    /// past the buffer (a guard zone of marked bytes) is touched.
    @Test("into buffers with spare room: same bytes, nothing written past the end", arguments: [4 as UInt64, 5])
    func spareRoom(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<2_000 {
            let length = rng.below(100)
            let text = (0..<length).map { _ in
                rng.below(40) == 0 ? Self.strangers[rng.below(Self.strangers.count)] : Self.alphabet[rng.below(64)]
            }
            let reference =
                text.contains(UInt8(ascii: "=")) ? nil : Base64.decodeURL(String(decoding: text, as: UTF8.self))
            guard let count = Base64.decodedCount(ofJWSSegment: text.count) else {
                #expect(reference == nil)
                continue
            }
            let spare = rng.below(13)
            let guardZone = 16
            var memory = [UInt8](repeating: 0xA5, count: count + spare + guardZone)
            let written = text.withUnsafeBufferPointer { input in
                memory.withUnsafeMutableBufferPointer { all in
                    Base64.decodeJWSSegment(input, into: UnsafeMutableBufferPointer(rebasing: all[..<(count + spare)]))
                }
            }
            #expect(written.map { Array(memory[..<$0]) } == reference, "\(String(decoding: text, as: UTF8.self))")
            #expect(memory[(count + spare)...].allSatisfy { $0 == 0xA5 }, "wrote past the buffer")
        }
    }
}
