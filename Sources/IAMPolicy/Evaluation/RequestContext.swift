/// The request's condition context: key → value, keys compared case-insensitively
/// (reference/iam.md §4.1, §5).
///
/// Multivaluedness belongs to the value: a list is multivalued, a string single-valued (§4.4).
public struct RequestContext: Sendable {
    public enum Value: Sendable, Hashable {
        case single(String)
        case multiple([String])

        /// The values as a set for `ForAllValues`/`ForAnyValue`: an empty string or list is empty.
        var asSet: [String] {
            switch self {
            case .single(let value): return value.isEmpty ? [] : [value]
            case .multiple(let values): return values
            }
        }
    }

    /// Keys (lowercased) and values in insertion order. A request carries a handful of keys, so
    /// a linear scan comparing lengths first beats hashing each lookup (SipHash) — the context
    /// is read several times per decision. Past `indexThreshold` keys a dictionary index is kept.
    private var keys: [String] = []
    private var values: [Value] = []
    private var index: [String: Int]? = nil
    private static let indexThreshold = 16

    /// A context from a dictionary. Condition key names are case-insensitive, so two spellings
    /// of one key (`aws:SourceIp`, `AWS:SOURCEIP`) are one key: the keys are taken in UTF-8 byte
    /// order, so the spelling that sorts last wins — the same every run, whatever the dictionary's
    /// order. Use ``init(uniqueKeys:)`` to refuse such input instead (the CLI does).
    public init(_ values: [String: Value] = [:]) {
        for key in values.keys.sorted(by: Self.byteOrder) { self[key] = values[key] }
    }

    /// A context from key/value pairs that refuses two spellings of one key (keys that differ only
    /// in case), naming both, rather than letting one silently win.
    public init(uniqueKeys pairs: some Sequence<(String, Value)>) throws(DuplicateKey) {
        var spellings: [String: String] = [:]
        for (key, value) in pairs {
            let lowered = key.lowercased()
            if let earlier = spellings.updateValue(key, forKey: lowered) {
                throw DuplicateKey(first: earlier, second: key)
            }
            appendNew(lowercasedKey: lowered, value)  // new: `spellings` has every key so far
        }
    }

    /// Two spellings of one condition key in one request context.
    public struct DuplicateKey: Error, Sendable, Hashable, CustomStringConvertible {
        public var first: String
        public var second: String

        public init(first: String, second: String) {
            self.first = first
            self.second = second
        }

        public var description: String {
            first == second
                ? "context key `\(first)` is given twice"
                : "context keys `\(first)` and `\(second)` differ only in case: condition keys are "
                    + "case-insensitive, so they name one key (give it once)"
        }
    }

    private static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The value for a key already in lower case (compiled conditions lowercase theirs once).
    @inline(__always)
    func value(lowercasedKey key: String) -> Value? {
        if let index { return index[key].map { values[$0] } }
        let count = key.utf8.count
        for position in keys.indices where keys[position].utf8.count == count && keys[position] == key {
            return values[position]
        }
        return nil
    }

    /// Adds a key the caller knows is lowercase and not yet present — a fixed set of keys built per
    /// request (an authorizer policy's context), without the lowercasing and search of the
    /// subscript.
    package mutating func appendNew(lowercasedKey key: String, _ value: Value) {
        keys.append(key)
        values.append(value)
        indexAppended(key)
    }

    /// Removes every key that starts with `prefix` (lowercase): a family of keys such as
    /// `aws:PrincipalTag/…` that only the principal may set.
    mutating func removeKeys(withLowercasedPrefix prefix: String) {
        guard keys.contains(where: { $0.hasPrefix(prefix) }) else { return }
        var position = keys.count - 1
        while position >= 0 {
            if keys[position].hasPrefix(prefix) {
                keys.remove(at: position)
                values.remove(at: position)
            }
            position -= 1
        }
        rebuildIndex()
    }

    /// Room for `count` keys.
    package mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Whether the context holds no keys.
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> Value? {
        get { value(lowercasedKey: key.lowercased()) }
        set {
            let lowered = key.lowercased()
            let position: Int? = index != nil ? index![lowered] : keys.firstIndex(of: lowered)
            switch (position, newValue) {
            case (let position?, let value?):
                values[position] = value
            case (let position?, nil):
                keys.remove(at: position)
                values.remove(at: position)
                rebuildIndex()
            case (nil, let value?):
                keys.append(lowered)
                values.append(value)
                indexAppended(lowered)
            case (nil, nil):
                break
            }
        }
    }

    /// Records the key just appended at the end. The index grows by one entry per key, so adding
    /// n keys costs O(n) in all; it is built whole only once, when the count passes the threshold
    /// (rebuilding it on every append made a context of n keys cost O(n²): a 110 KB
    /// `--context-file` took 13 s).
    private mutating func indexAppended(_ key: String) {
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard keys.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built: [String: Int] = [:]
        for (position, key) in keys.enumerated() { built[key] = position }
        index = built
    }
}
