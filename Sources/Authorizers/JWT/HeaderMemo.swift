import GatehouseCrypto
import Synchronization

/// The headers of tokens whose signatures verified, remembered by their exact base64url text:
/// an issuer signs every token with the same header (`{"alg":"RS256","kid":"…","typ":"JWT"}`),
/// so a verifier that has read one need not decode and parse it again — a header's algorithm
/// and key id are a pure function of its bytes, and a remembered one is found by comparing them.
///
/// A few write-once slots, each an atomic reference to an immutable ``Entry`` (the shape of
/// Hummingbird's `DateCache`: shared state published as immutable objects behind one atomic
/// reference). A slot goes from empty to an entry exactly once (a compare-and-exchange), and a
/// lookup is an acquiring load and a byte comparison per slot. Only headers of tokens whose
/// signature verified are remembered, so forged tokens cannot fill the slots; once they are
/// full, further headers are simply read each time, as without the memo.
///
/// The memo owns its entries (each slot holds one strong reference until the memo goes), so an
/// entry outlives every lookup that can load it, and a lookup reads it without retaining it
/// (``Slot/entry``): with swift-atomics' `ManagedAtomicLazyReference`, whose `load()`
/// returns a retained reference, a lookup retained and released six times, about 240 of the
/// 600 instructions `jwt.verify.hs256` had gained (bench/PERFORMANCE.md).
final class HeaderMemo: Sendable {
    /// Headers remembered; one issuer rotating keys needs two or three.
    static let slotCount = 4
    /// The longest header text remembered (a typical one is 40–120 characters).
    static let maxSegmentBytes = 256

    /// One remembered header: its base64url text, and what reading it gave. Immutable, so a
    /// reader that loaded it needs no lock.
    final class Entry: Sendable {
        let text: [UInt8]
        let algorithm: JWTAlgorithm
        let keyID: String?

        init(text: [UInt8], algorithm: JWTAlgorithm, keyID: String?) {
            self.text = text
            self.algorithm = algorithm
            self.keyID = keyID
        }

        /// Whether this entry is the header with exactly these bytes.
        func holds(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
            guard text.count == segment.count else { return false }
            guard let base = segment.baseAddress else { return true }
            return unsafe text.withUnsafeBufferPointer { unsafe ByteCopy.equal($0.baseAddress!, base, segment.count) }
        }
    }

    /// One write-once atomic reference to an ``Entry``: it holds one strong reference to the
    /// entry it publishes, given up only when the slot is destroyed (with the memo).
    ///
    /// `@safe`: an entry is handed to readers unretained (``entry``), and that is sound because
    /// the slot never changes once filled and outlives every call on it.
    @safe struct Slot: ~Copyable, Sendable {
        private let reference = unsafe Atomic<Unmanaged<Entry>?>(nil)

        init() {}

        deinit {
            unsafe reference.load(ordering: .acquiring)?.release()
        }

        /// The slot's entry, unretained (`nil` while the slot is empty): valid while the slot is,
        /// which the memo's methods are.
        @inline(__always)
        var entry: Unmanaged<Entry>? { unsafe reference.load(ordering: .acquiring) }

        /// Publishes `entry` if the slot is still empty and returns `true`; otherwise applies
        /// `body` to the entry another thread published first and returns `false`.
        func publish(_ entry: Entry, orElse body: (Entry) -> Void) -> Bool {
            let retained = unsafe Unmanaged.passRetained(entry)
            let (exchanged, held) = unsafe reference.compareExchange(
                expected: nil,
                desired: retained,
                ordering: .acquiringAndReleasing
            )
            guard exchanged else {
                unsafe retained.release()
                if let held = unsafe held { unsafe held._withUnsafeGuaranteedRef(body) }
                return false
            }
            return true
        }
    }

    private let slot0 = Slot()
    private let slot1 = Slot()
    private let slot2 = Slot()
    private let slot3 = Slot()

    init() {}

    /// Slot `index`'s entry, unretained (see ``Slot/entry``).
    @inline(__always)
    private func entry(at index: Int) -> Unmanaged<Entry>? {
        switch index {
        case 0: return unsafe slot0.entry
        case 1: return unsafe slot1.entry
        case 2: return unsafe slot2.entry
        default: return unsafe slot3.entry
        }
    }

    /// The algorithm and key id of a remembered header with exactly these bytes.
    func lookup(_ segment: UnsafeBufferPointer<UInt8>) -> (JWTAlgorithm, String?)? {
        guard segment.count <= Self.maxSegmentBytes else { return nil }
        for index in 0..<Self.slotCount {
            // Slots fill in order: the first empty one ends the search.
            guard let entry = unsafe entry(at: index) else { return nil }
            // Read in place: the memo keeps the entry alive, so no retain and release.
            if unsafe entry._withUnsafeGuaranteedRef({ unsafe $0.holds(segment) }) {
                return unsafe entry._withUnsafeGuaranteedRef { ($0.algorithm, $0.keyID) }
            }
        }
        return nil
    }

    /// Remembers a header read from `segment` (of a token whose signature verified).
    func remember(_ segment: UnsafeBufferPointer<UInt8>, algorithm: JWTAlgorithm, keyID: String?) {
        guard segment.count <= Self.maxSegmentBytes, unsafe entry(at: Self.slotCount - 1) == nil else { return }
        // A fresh key id made from the bytes: small (no storage) whenever it can be.
        let entry = Entry(
            text: unsafe Array(segment),
            algorithm: algorithm,
            keyID: keyID.map { String(decoding: Array($0.utf8), as: UTF8.self) }
        )
        for index in 0..<Self.slotCount {
            // The slot's entry: ours if it was empty, else the one another thread published.
            var already = false
            let published: Bool
            switch index {
            case 0: published = slot0.publish(entry) { unsafe already = $0.holds(segment) }
            case 1: published = slot1.publish(entry) { unsafe already = $0.holds(segment) }
            case 2: published = slot2.publish(entry) { unsafe already = $0.holds(segment) }
            default: published = slot3.publish(entry) { unsafe already = $0.holds(segment) }
            }
            if published || already { return }
        }
    }
}
