import GatehouseCrypto
import TestSupport
import Testing

/// The eight-bytes-at-a-time searches agree with the plain byte loops they replace, at every
/// length, offset and word boundary, on bytes drawn mostly from the values where the bit tricks
/// could go wrong (0x00, 0x20/0x21, `%`, 0x7F/0x80, 0xA0/0xA1, 0xFF).
@Suite("ByteSearch (seeded differential)")
struct ByteSearchTests {
    static let edgeBytes: [UInt8] = [
        0x00, 0x09, 0x0A, 0x0D, 0x20, 0x21, 0x25, 0x26, 0x3D, 0x7F, 0x80, 0xA0, 0xA1, 0xFF,
    ]

    static func randomBuffer(_ rng: inout SeededRandom) -> [UInt8] {
        (0..<rng.below(40)).map { _ in
            rng.below(3) == 0 ? edgeBytes[rng.below(edgeBytes.count)] : UInt8(0x22 + rng.below(0x5D))
        }
    }

    @Test("firstIndex(of:) equals a byte-by-byte scan", arguments: [1 as UInt64, 2, 3])
    func firstIndex(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<4_000 {
            let bytes = Self.randomBuffer(&rng)
            let target = Self.edgeBytes[rng.below(Self.edgeBytes.count)]
            let from = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
            let found = bytes.withUnsafeBufferPointer {
                ByteSearch.firstIndex(of: target, in: $0, from: from, to: bytes.count)
            }
            #expect(found == (bytes[from...].firstIndex(of: target) ?? bytes.count))
        }
    }

    @Test("hasNoSpaceOrControl equals 'no byte ≤ 0x20'", arguments: [1 as UInt64, 2, 3])
    func noSpaceOrControl(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<4_000 {
            let bytes = Self.randomBuffer(&rng)
            let clean = bytes.withUnsafeBufferPointer { ByteSearch.hasNoSpaceOrControl($0) }
            #expect(clean == !bytes.contains { $0 <= 0x20 }, "\(bytes)")
        }
    }
}
