/// A JSON value: what ``JSONParser`` reads and ``JSONWriter`` writes.
///
/// Object members keep their document order (events and reports read like AWS's, and a policy's
/// errors come in the order written); numbers keep their text exactly as written, so nothing is
/// rounded before a caller decides how to read it. Each child is a ``JSONNode``: its value and the
/// place it came from, for error messages that point at the offending text (values built in code
/// have no place: ``JSONNode/init(_:)``).
public indirect enum JSONValue: Sendable {
    case object([(key: String, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    /// The number exactly as written (policies compare numbers by value later, and keep the text).
    case number(String)
    case bool(Bool)
    case null

    /// The JSON type name for messages.
    public var typeName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The member of an object whose key has exactly the bytes of `key` (never compared by
    /// Unicode equivalence: see ``DuplicateKeyDetector``); `nil` when absent or not an object.
    public func member(_ key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { JSONKey.same($0.key, key) }?.value
    }
}
