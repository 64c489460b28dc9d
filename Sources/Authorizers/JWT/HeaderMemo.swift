import GatehouseCrypto
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The headers of tokens whose signatures verified, remembered by their exact base64url text:
/// an issuer signs every token with the same header (`{"alg":"RS256","kid":"…","typ":"JWT"}`),
/// so a verifier that has read one need not decode and parse it again — a header's algorithm
/// and key id are a pure function of its bytes, and a remembered one is found by comparing them.
///
/// A few write-once slots, read without locks or reference counting: each slot goes from empty
/// to an immutable entry exactly once (a compare-and-exchange), entries live as long as the memo,
/// and a lookup is an acquiring load and a byte comparison per slot — nothing that makes the
/// cores of a busy gateway contend for one cache line. Only headers of tokens whose signature
/// verified are remembered, so forged tokens cannot fill the slots; once they are full, further headers are
/// simply read each time, as without the memo.
final class HeaderMemo: Sendable {
    /// Headers remembered; one issuer rotating keys needs two or three.
    static let slotCount = 4
    /// The longest header text remembered (a typical one is 40–120 characters).
    static let maxSegmentBytes = 256

    private let slot0 = Atomic<Int>(0)
    private let slot1 = Atomic<Int>(0)
    private let slot2 = Atomic<Int>(0)
    private let slot3 = Atomic<Int>(0)

    /// An entry's layout: the segment's length (UInt32), whether there is a key id (UInt8), the
    /// algorithm's index in ``algorithms`` (UInt8); at `keyIDOffset` the key id as a `String`
    /// (empty when there is none); the segment's bytes from `textOffset`.
    ///
    /// The key id is kept as a `String` so a hit hands out a copy instead of decoding one; key ids
    /// of up to 15 bytes (nearly all) are small strings, whose copies touch no reference count.
    private static let keyIDOffset = 16
    private static let textOffset = 16 + MemoryLayout<String>.stride
    private static let algorithms = JWTAlgorithm.allCases

    init() {}

    deinit {
        for index in 0..<Self.slotCount {
            if let entry = UnsafeMutableRawPointer(bitPattern: load(index)) {
                (entry + Self.keyIDOffset).assumingMemoryBound(to: String.self).deinitialize(count: 1)
                free(entry)
            }
        }
    }

    private func load(_ index: Int) -> Int {
        switch index {
        case 0: return slot0.load(ordering: .acquiring)
        case 1: return slot1.load(ordering: .acquiring)
        case 2: return slot2.load(ordering: .acquiring)
        default: return slot3.load(ordering: .acquiring)
        }
    }

    /// Fills slot `index` with `entry` if it is still empty.
    private func publish(_ entry: Int, at index: Int) -> Bool {
        switch index {
        case 0: return slot0.compareExchange(expected: 0, desired: entry, ordering: .acquiringAndReleasing).exchanged
        case 1: return slot1.compareExchange(expected: 0, desired: entry, ordering: .acquiringAndReleasing).exchanged
        case 2: return slot2.compareExchange(expected: 0, desired: entry, ordering: .acquiringAndReleasing).exchanged
        default:
            return slot3.compareExchange(expected: 0, desired: entry, ordering: .acquiringAndReleasing).exchanged
        }
    }

    private static func holds(_ entry: UnsafeRawPointer, _ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = segment.baseAddress, entry.load(as: UInt32.self) == UInt32(segment.count) else { return false }
        return ByteCopy.equal(entry.advanced(by: textOffset).assumingMemoryBound(to: UInt8.self), base, segment.count)
    }

    /// The algorithm and key id of a remembered header with exactly these bytes.
    func lookup(_ segment: UnsafeBufferPointer<UInt8>) -> (JWTAlgorithm, String?)? {
        guard segment.count <= Self.maxSegmentBytes else { return nil }
        for index in 0..<Self.slotCount {
            // Slots fill in order: the first empty one ends the search.
            guard let entry = UnsafeRawPointer(bitPattern: load(index)) else { return nil }
            guard Self.holds(entry, segment) else { continue }
            let algorithm = Self.algorithms[Int(entry.load(fromByteOffset: 5, as: UInt8.self))]
            guard entry.load(fromByteOffset: 4, as: UInt8.self) != 0 else { return (algorithm, nil) }
            return (algorithm, entry.advanced(by: Self.keyIDOffset).assumingMemoryBound(to: String.self).pointee)
        }
        return nil
    }

    /// Remembers a header read from `segment` (of a token whose signature verified).
    func remember(_ segment: UnsafeBufferPointer<UInt8>, algorithm: JWTAlgorithm, keyID: String?) {
        guard segment.count <= Self.maxSegmentBytes, let source = segment.baseAddress,
            load(Self.slotCount - 1) == 0,
            let algorithmIndex = Self.algorithms.firstIndex(of: algorithm)
        else { return }
        guard let entry = malloc(Self.textOffset + segment.count) else { return }
        entry.storeBytes(of: UInt32(segment.count), as: UInt32.self)
        entry.storeBytes(of: keyID == nil ? 0 : 1, toByteOffset: 4, as: UInt8.self)
        entry.storeBytes(of: UInt8(algorithmIndex), toByteOffset: 5, as: UInt8.self)
        // A fresh string made from the bytes: small (no storage) whenever it can be.
        let keyIDCopy = keyID.map { String(decoding: Array($0.utf8), as: UTF8.self) } ?? ""
        (entry + Self.keyIDOffset).initializeMemory(as: String.self, repeating: keyIDCopy, count: 1)
        memcpy(entry + Self.textOffset, source, segment.count)
        for index in 0..<Self.slotCount {
            if let held = UnsafeRawPointer(bitPattern: load(index)) {
                if Self.holds(held, segment) { break }  // another thread remembered it first
                continue
            }
            if publish(Int(bitPattern: entry), at: index) { return }
            // Another thread filled this slot: look at what it holds, then go on.
            if let held = UnsafeRawPointer(bitPattern: load(index)), Self.holds(held, segment) { break }
        }
        (entry + Self.keyIDOffset).assumingMemoryBound(to: String.self).deinitialize(count: 1)
        free(entry)
    }
}
