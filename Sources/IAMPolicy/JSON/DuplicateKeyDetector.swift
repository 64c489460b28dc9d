/// Finds a key that appears twice in one JSON object or YAML mapping, in time linear in the
/// number of keys.
///
/// A linear search per key made the check quadratic: 1 MiB of short keys took 55 s of CPU. The
/// first few keys (all most objects have) are compared in a list; past that they go into a hash set.
///
/// Keys are compared as Swift strings, that is up to Unicode canonical equivalence: a precomposed
/// `é` and `e` + U+0301, or `K` and the Kelvin sign U+212A, are the same key here. IAM compares key
/// strings exactly and would keep both; Gatehouse refuses the document instead, because every later
/// lookup by name (`Effect`, a condition key, a claim) compares the same way and would see one key
/// twice — an ambiguity that fails closed only if it is refused here. Keys that differ in case, or
/// only under compatibility mappings (fullwidth `Ｋ`), are different keys.
public struct DuplicateKeyDetector: Sendable {
    /// Up to this many keys are compared in a list; hashing costs more than that for small objects.
    static let listLimit = 8

    private var list: [String] = []
    private var set: Set<String>? = nil

    public init() {}

    /// Records `key`; false when it was already recorded.
    public mutating func insert(_ key: String) -> Bool {
        if set != nil { return set!.insert(key).inserted }
        if list.contains(key) { return false }
        list.append(key)
        if list.count > Self.listLimit {
            set = Set(list)
            list = []
        }
        return true
    }
}
