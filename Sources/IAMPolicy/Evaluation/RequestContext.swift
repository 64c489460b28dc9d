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

    public init(_ values: [String: Value] = [:]) {
        for (key, value) in values { self[key] = value }
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
        if index != nil || keys.count > Self.indexThreshold { rebuildIndex() }
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
                if index != nil || keys.count > Self.indexThreshold { rebuildIndex() }
            case (nil, nil):
                break
            }
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
