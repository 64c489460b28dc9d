/// Which of API Gateway's two HTTP API families an API belongs to.
///
/// REST APIs (v1, service `apigateway`) route on resources and methods and have every feature;
/// HTTP APIs (v2, `apigatewayv2`) route on route keys (`GET /pets/{id}`, `$default`), use
/// payload 2.0 and JWT authorizers, and answer CORS preflight themselves. An OpenAPI document
/// carrying `x-amazon-apigateway-importexport-version` is an HTTP API, as AWS exports them.
public struct APIKind: Sendable, Hashable, CustomStringConvertible {
    /// `REST` or `HTTP`, as `protocolType` spells the v2 one.
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    /// A REST API (v1).
    public static let rest = APIKind("REST")
    /// An HTTP API (v2).
    public static let http = APIKind("HTTP")

    /// The kind named `name` (`REST`, `HTTP`), if any.
    public init?(named name: String) {
        switch name {
        case "REST": self = .rest
        case "HTTP": self = .http
        default: return nil
        }
    }
}
