import GatehouseCrypto
import TestSupport
import Testing

/// ``ByteCopy``'s overlapping-word copies and compares agree with byte loops at every length up
/// to past the `memcpy`/`memcmp` threshold, with a difference at every position.
@Suite("ByteCopy (copies and compares at every length)")
struct ByteCopyTests {
    @Test("equal(_:_:_:) is false for a change at any one position and true otherwise")
    func equalAtEveryPosition() {
        var rng = SeededRandom(seed: 11)
        for count in 0...80 {
            let a = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            a.withUnsafeBufferPointer { x in
                var b = a
                #expect(b.withUnsafeBufferPointer { ByteCopy.equal(x.baseAddress!, $0.baseAddress!, count) })
                for position in 0..<count {
                    b[position] ^= UInt8(1 + rng.below(255))
                    let same = b.withUnsafeBufferPointer { ByteCopy.equal(x.baseAddress!, $0.baseAddress!, count) }
                    #expect(!same, "length \(count), position \(position)")
                    b[position] = a[position]
                }
            }
        }
    }

    @Test("copy(_:_:_:) writes exactly the count, not a byte around it")
    func copyExactly() {
        var rng = SeededRandom(seed: 12)
        for count in 0...80 {
            let source = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var destination = [UInt8](repeating: 0xEE, count: count + 16)
            source.withUnsafeBufferPointer { from in
                destination.withUnsafeMutableBufferPointer { to in
                    if count > 0 { ByteCopy.copy(to.baseAddress! + 8, from.baseAddress!, count) }
                }
            }
            #expect(Array(destination[8..<(8 + count)]) == source, "length \(count)")
            #expect(
                destination[..<8].allSatisfy { $0 == 0xEE } && destination[(8 + count)...].allSatisfy { $0 == 0xEE }
            )
        }
    }
}
