import GatehouseCrypto

/// What is wrong with one query-string component.
public enum QueryComponentProblem: Error, Sendable, Hashable {
    /// A `%` not followed by two hex digits (`text`: the `%` and up to two bytes after it).
    case invalidEscape(offset: Int, text: String)
    /// The decoded bytes are not UTF-8 from `byteOffset` (of the decoded bytes) on.
    case notUTF8(byteOffset: Int)
}
