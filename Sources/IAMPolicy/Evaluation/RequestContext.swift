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

    private var entries: [String: Value]

    public init(_ values: [String: Value] = [:]) {
        entries = [:]
        for (key, value) in values { entries[key.lowercased()] = value }
    }

    /// The value for a key already in lower case (compiled conditions lowercase theirs once).
    @inline(__always)
    func value(lowercasedKey key: String) -> Value? { entries[key] }

    /// Whether the context holds no keys.
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> Value? {
        get { entries[key.lowercased()] }
        set { entries[key.lowercased()] = newValue }
    }
}
