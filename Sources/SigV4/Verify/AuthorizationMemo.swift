import GatehouseCore
import GatehouseCrypto

/// What a verifier remembers of the `Authorization` values it has verified: the part before the
/// signature, parsed and checked, with the signing key it took.
///
/// A client signs request after request with the same key, day, region, service and signed
/// header names, so everything in its `Authorization` value up to `Signature=` repeats for a
/// day. Parsing that part (the credential's slashes, the SignedHeaders bytes), checking its scope
/// against the configuration and finding the signing key in the shared cache (a seeded hash and
/// a lock) was about a sixth of a cached verification. The memo answers all of it from one
/// comparison of bytes.
///
/// What makes a hit exactly a parse:
/// - only SigV4 values of the common form (``AuthorizationParser``'s `commonForm`) with a
///   64-digit signature at the end are remembered, and a value is looked up only when it ends in
///   `, Signature=` and 64 bytes without a comma or a trailing space — so the parse of a value
///   with a remembered prefix would find exactly the remembered ranges;
/// - only values whose signature verified are remembered (a forged request cannot fill or evict
///   a slot with a prefix of its choosing… other than by being valid);
/// - the scope checks depend only on the prefix and on the verifier's configuration, which
///   never changes; the date header, the clock window, the signed-header rules, the credential
///   lookup (a revoked key is refused at once) and the signature are still checked per request;
/// - the key is used only when the credential the store returns has the remembered access key
///   id and secret fingerprint (a rotated secret misses, and goes to the cache).
///
/// Direct-mapped: a prefix's hash picks one of ``slotCount`` slots, and a verified value whose
/// prefix is not there replaces what is. Entries are immutable objects; the slot array is
/// behind one lock, held only to read or swap a reference.
final class AuthorizationMemo: Sendable {
    /// One remembered prefix: the verified value itself, parsed (its bytes up to the
    /// signature are the prefix; its ranges hold for every value sharing them), and the key it
    /// verified with. Immutable.
    final class Entry: Sendable {
        let parsed: ParsedAuthorization
        let hash: UInt64
        let secretFingerprint: UInt64
        let key: HMACSHA256Key

        init(parsed: ParsedAuthorization, hash: UInt64, secretFingerprint: UInt64, key: HMACSHA256Key) {
            self.parsed = parsed
            self.hash = hash
            self.secretFingerprint = secretFingerprint
            self.key = key
        }

        /// The prefix's length: where the remembered value's signature starts.
        var prefixCount: Int { parsed.signature.lowerBound }
    }

    /// How many prefixes a verifier remembers at most: enough for the clients of a busy node,
    /// small enough to stay in cache.
    static let slotCount = 64
    private let slots: LockedBox<[Entry?]>
    private let enabled: Bool

    /// A memo; a disabled one remembers nothing (a verifier whose key cache is off).
    init(enabled: Bool = true) {
        self.enabled = enabled
        slots = LockedBox(Array(repeating: nil, count: Self.slotCount))
    }

    /// Where the signature starts when `value` could be a remembered SigV4 value:
    /// `AWS4-HMAC-SHA256 Credential=…, Signature=` then 64 bytes, none a comma, the last not a
    /// space. `nil` otherwise (the parse then runs as always).
    @inline(__always)
    static func signatureStart(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = value.count
        guard count > 28 + 76, let base = value.baseAddress,
            unsafe ByteText.equals(value, 0..<28, "AWS4-HMAC-SHA256 Credential="),
            unsafe ByteText.equals(value, (count - 76)..<(count - 64), ", Signature="),
            unsafe !ByteText.isSpace(value[count - 1])
        else { return nil }
        // No comma among the 64: eight words, each tested for a 0x2c byte without a branch.
        let raw = unsafe UnsafeRawPointer(base + count - 64)
        var found: UInt64 = 0
        for word in 0..<8 {
            let bytes = unsafe raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self) ^ 0x2c2c_2c2c_2c2c_2c2c
            found |= (bytes &- 0x0101_0101_0101_0101) & ~bytes & 0x8080_8080_8080_8080
        }
        return found == 0 ? count - 64 : nil
    }

    /// A hash of the prefix from its length and five of its words: the access key id's first
    /// sixteen bytes (offset 28, after `AWS4-HMAC-SHA256 Credential=`), the middle, and the end
    /// of the SignedHeaders list. It only picks a slot — a hit still compares every byte — so
    /// prefixes that differ elsewhere (one client's two days) merely share a slot; hashing all of
    /// it cost more than the rest of the lookup.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        // Every prefix is longer than 40 bytes (see `signatureStart`).
        let raw = unsafe UnsafeRawPointer(bytes)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        func mix(_ offset: Int) {
            hash = unsafe (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 32
        }
        mix(28)
        mix(36)
        mix((count / 2) & ~7)
        mix(count - 20)
        mix(count - 8)
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    private static func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    /// The entry remembered for the `signatureStart` bytes of `value`, if any.
    func entry(for value: UnsafeBufferPointer<UInt8>, signatureStart: Int) -> Entry? {
        guard enabled, let base = value.baseAddress else { return nil }
        let hash = unsafe Self.hash(base, count: signatureStart)
        let slot = Self.slot(hash)
        guard let entry = slots.withLock({ $0[slot] }), entry.hash == hash, entry.prefixCount == signatureStart
        else { return nil }
        let same = unsafe entry.parsed.withSource { remembered in
            guard let remembered = remembered.baseAddress else { return false }
            return unsafe ByteCopy.equal(remembered, base, signatureStart)
        }
        return same ? entry : nil
    }

    /// Remembers a verified value's prefix (the caller checked it is one ``signatureStart(_:)``
    /// accepts and that its signature verified with `key`).
    func remember(_ parsed: ParsedAuthorization, secretFingerprint: UInt64, key: HMACSHA256Key) {
        guard enabled,
            let hash = unsafe parsed.withSource({ source in
                unsafe source.baseAddress.map { unsafe Self.hash($0, count: parsed.signature.lowerBound) }
            })
        else { return }
        let entry = Entry(parsed: parsed, hash: hash, secretFingerprint: secretFingerprint, key: key)
        slots.withLock { $0[Self.slot(hash)] = entry }
    }

    /// How many slots hold an entry (for tests).
    var count: Int { slots.withLock { $0.lazy.filter { $0 != nil }.count } }
}
