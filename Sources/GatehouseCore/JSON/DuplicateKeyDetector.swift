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
