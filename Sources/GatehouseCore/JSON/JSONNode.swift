/// A JSON value and its location.
public struct JSONNode: Sendable {
    public var value: JSONValue
    public var location: JSONLocation

    public init(value: JSONValue, location: JSONLocation) {
        self.value = value
        self.location = location
    }

    /// A value built in code, not read from a document: no location.
    public init(_ value: JSONValue) {
        self.value = value
        self.location = JSONLocation.unknown
    }
}
