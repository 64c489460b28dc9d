/// Finds a key that appears twice in one JSON object or YAML mapping, in time linear in the
/// number of keys.
///
/// A linear search per key made the check quadratic: 1 MiB of short keys took 55 s of CPU. The
/// first few keys (all most objects have) are compared in a list; past that they go into a hash set.
///
/// Keys are compared as their UTF-8 bytes, never by Swift's `String` equality (which equates
/// canonically equivalent text): a precomposed `é` and `e` + U+0301, or `K` and the Kelvin sign
/// U+212A, are different keys, as they are to IAM, to a token's issuer and to the token fast
/// path (`FlatJSONObject`). Every lookup by name over a parsed object (``JSONValue/member(_:)``,
/// ``JSONObjectReader``) compares bytes the same way, so no lookup can see two keys as one.
public struct DuplicateKeyDetector: Sendable {
    /// Up to this many keys are compared in a list; hashing costs more than that for small objects.
    static let listLimit = 8

    private var list: [String] = []
    private var set: Set<JSONKey>? = nil

    public init() {}

    /// Records `key`; false when a key with the same bytes was already recorded.
    public mutating func insert(_ key: String) -> Bool {
        if set != nil { return set!.insert(JSONKey(key)).inserted }
        if list.contains(where: { JSONKey.same($0, key) }) { return false }
        list.append(key)
        if list.count > Self.listLimit {
            set = Set(list.map(JSONKey.init))
            list = []
        }
        return true
    }
}

/// A key that hashes and compares as its UTF-8 bytes (see ``DuplicateKeyDetector``).
struct JSONKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.utf8, b.utf8)
        guard x.count == y.count else { return false }
        let compared = unsafe x.withContiguousStorageIfAvailable { p in
            unsafe y.withContiguousStorageIfAvailable { q in unsafe p.elementsEqual(q) }
        }
        if let compared, let compared { return compared }
        return x.elementsEqual(y)
    }

    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { same(lhs.text, rhs.text) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = unsafe text.utf8.withContiguousStorageIfAvailable { bytes in
            unsafe hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            // Not contiguous (a bridged string): the same bytes fed the same way.
            unsafe Array(text.utf8).withUnsafeBytes { unsafe hasher.combine(bytes: $0) }
        }
    }
}
