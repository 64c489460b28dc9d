import Atomics
import GatehouseCrypto

/// The headers of tokens whose signatures verified, remembered by their exact base64url text:
/// an issuer signs every token with the same header (`{"alg":"RS256","kid":"…","typ":"JWT"}`),
/// so a verifier that has read one need not decode and parse it again — a header's algorithm
/// and key id are a pure function of its bytes, and a remembered one is found by comparing them.
///
/// A few write-once slots, each an atomic reference to an immutable ``Entry`` (the shape of
/// Hummingbird's `DateCache`: shared state published as immutable objects behind one atomic
/// reference). A slot goes from empty to an entry exactly once (`storeIfNilThenLoad`, a
/// compare-and-exchange), entries live as long as the memo, and a lookup is an acquiring load and
/// a byte comparison per slot. Only headers of tokens whose signature verified are remembered, so
/// forged tokens cannot fill the slots; once they are full, further headers are simply read each
/// time, as without the memo.
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

    private let slots: [ManagedAtomicLazyReference<Entry>] = (0..<slotCount).map { _ in .init() }

    init() {}

    /// The algorithm and key id of a remembered header with exactly these bytes.
    func lookup(_ segment: UnsafeBufferPointer<UInt8>) -> (JWTAlgorithm, String?)? {
        guard segment.count <= Self.maxSegmentBytes else { return nil }
        for slot in slots {
            // Slots fill in order: the first empty one ends the search.
            guard let entry = slot.load() else { return nil }
            if unsafe entry.holds(segment) { return (entry.algorithm, entry.keyID) }
        }
        return nil
    }

    /// Remembers a header read from `segment` (of a token whose signature verified).
    func remember(_ segment: UnsafeBufferPointer<UInt8>, algorithm: JWTAlgorithm, keyID: String?) {
        guard segment.count <= Self.maxSegmentBytes, slots[Self.slotCount - 1].load() == nil else { return }
        // A fresh key id made from the bytes: small (no storage) whenever it can be.
        let entry = Entry(
            text: unsafe Array(segment),
            algorithm: algorithm,
            keyID: keyID.map { String(decoding: Array($0.utf8), as: UTF8.self) }
        )
        for slot in slots {
            // The slot's entry: ours if it was empty, else the one another thread published.
            let held = slot.storeIfNilThenLoad(entry)
            if held === entry { return }
            if unsafe held.holds(segment) { return }
        }
    }
}
