import GatehouseCore
import GatewayConfig
import HTTPTypes
import Testing

@testable import Gateway

/// The backend URL an HTTP integration builds (the attacker's T1): a mapped value is text, encoded
/// so that no `/`, `?` or `#` in it reshapes the URL; a path parameter goes in as the client wrote
/// it; a mapped query parameter replaces the client's parameters of that name.
@Suite("Gateway backend URLs")
struct TargetURLTests {
    static func exchange(headers: [(String, String)], query: Substring?, pathParameters: [(String, String)]) -> Exchange
    {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        var exchange = Exchange(
            ids: RequestIdentifiers.make(),
            method: "GET",
            target: "/items",
            headers: fields,
            sourceIP: "127.0.0.1",
            receivedAt: Timestamp(millisecondsSince1970: 1_800_000_000_000),
            protocolName: "HTTP/1.1",
            isSecure: false
        )
        exchange.query = query
        exchange.pathParameters = pathParameters.map { (name: $0.0, value: $0.1) }
        return exchange
    }

    @Test("a mapped path value is percent-encoded; a path parameter is inserted as sent")
    func pathValues() {
        let integration = Integration(
            type: .httpProxy,
            uri: "http://backend/items/{id}/by/{owner}/public",
            httpMethod: "GET",
            requestParameters: [
                "integration.request.path.owner": "method.request.header.X-Owner",
                "integration.request.path.id": "method.request.path.id",
            ]
        )
        let exchange = Self.exchange(
            headers: [("X-Owner", "a/../admin?x=1#frag")],
            query: nil,
            pathParameters: [("id", "4%202")]
        )
        #expect(
            HTTPIntegration.targetURL(integration.uri!, integration: integration, exchange: exchange, proxy: true)
                == "http://backend/items/4%202/by/a%2F..%2Fadmin%3Fx%3D1%23frag/public"
        )
    }

    @Test("a mapped query parameter replaces the client's of that name; others pass in order")
    func mappedQuery() {
        let integration = Integration(
            type: .httpProxy,
            uri: "http://backend/items",
            httpMethod: "GET",
            requestParameters: ["integration.request.querystring.viewer": "method.request.header.X-Viewer"]
        )
        let exchange = Self.exchange(
            headers: [("X-Viewer", "alice")],
            query: "viewer=mallory&keep=1&vi%65wer=again&viewer2=x",
            pathParameters: []
        )
        #expect(
            HTTPIntegration.targetURL(integration.uri!, integration: integration, exchange: exchange, proxy: true)
                == "http://backend/items?keep=1&viewer2=x&viewer=alice"
        )
    }
}
