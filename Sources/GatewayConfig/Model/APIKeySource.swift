/// Where a REST API reads the caller's API key: the `x-api-key` header, or the Lambda
/// authorizer's `usageIdentifierKey`.
public struct APIKeySource: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let header = APIKeySource("HEADER")
    public static let authorizer = APIKeySource("AUTHORIZER")

    /// The source named `name` in any case (`HEADER`, `AUTHORIZER`).
    public init?(named name: String) {
        switch name.uppercased() {
        case "HEADER": self = .header
        case "AUTHORIZER": self = .authorizer
        default: return nil
        }
    }
}
