/// An API's id, as API Gateway shapes them: 10 characters, each a lowercase ASCII letter or a digit
/// (`a1b2c3d4e5`).
///
/// The id appears in invoke URLs (`{apiId}.execute-api.…`, `/restapis/{apiId}/…`), in
/// `execute-api` ARNs that policies name, and in keys, usage plans and logs, so it must stay the
/// same across restarts: ids are assigned by an ``APIIdentifierAssigner`` (the store keeps them per
/// data directory), never made up by the loaders.
public struct APIIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of characters in every id.
    public static let length = 10

    /// The id's text.
    public let text: String

    /// An id from its text; `nil` unless it is exactly 10 lowercase letters and digits.
    public init?(_ text: String) {
        guard Self.isValid(text.utf8) else { return nil }
        self.text = text
    }

    /// Whether `bytes` spell an id.
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count == length && bytes.allSatisfy(isIdentifierByte)
    }

    /// A lowercase ASCII letter or a digit.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    public var description: String { text }

    public static func < (lhs: APIIdentifier, rhs: APIIdentifier) -> Bool { lhs.text < rhs.text }
}
