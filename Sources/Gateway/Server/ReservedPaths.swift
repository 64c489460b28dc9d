import GatehouseCore
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore

/// The gateway's own paths under `/_gatehouse/`, answered before any API is resolved:
/// `health` (200 when ready, 503 before), `apis` (the listing `serve` prints) and
/// `apis/{id}/export` (the API as OpenAPI 3 with the `x-amazon-apigateway-*` extensions).
///
/// `health` answers anyone (load balancers probe it). The listing and the export answer loopback
/// clients only: they carry resource policies, authorizer settings and integration URIs, which
/// API Gateway gives out only to an IAM-authorized `GetExport` — with `--host 0.0.0.0`, a remote
/// client gets 403 and the same document stays one `gatehouse export` away on the host itself.
enum ReservedPaths {
    static let prefix = "/_gatehouse/"

    static func respond(
        path: Substring,
        method: HTTPRequest.Method,
        peer: String?,
        state: GatewayState
    ) -> Response {
        guard method == .get || method == .head else { return json(405, #"{"message":"Method Not Allowed"}"#) }
        let rest = path.dropFirst(prefix.count)
        if rest == "health" {
            return state.isReady ? json(200, #"{"status":"ok"}"#) : json(503, #"{"status":"starting"}"#)
        }
        guard isLoopback(peer) else { return json(403, #"{"message":"Forbidden"}"#) }
        let table = state.table
        if rest == "apis" {
            return json(200, JSONWriter.text(table.listing(baseURL: baseURL(state))))
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "apis", parts[2] == "export",
            let id = APIIdentifier(String(parts[1])), let api = table.apis[id]
        {
            return json(200, OpenAPIExport.text(api.definition))
        }
        return json(404, #"{"message":"Not Found"}"#)
    }

    /// Whether `peer` (an IP address as text) is this host: 127.0.0.0/8, `::1`, or an IPv4
    /// loopback address mapped into IPv6. No address (`nil`) is not loopback.
    static func isLoopback(_ peer: String?) -> Bool {
        guard let peer else { return false }
        return peer.hasPrefix("127.") || peer == "::1" || peer.lowercased().hasPrefix("::ffff:127.")
    }

    /// `http(s)://HOST:PORT` of this listener, for invoke URLs.
    static func baseURL(_ state: GatewayState) -> String {
        "\(state.isSecure ? "https" : "http")://\(state.listenHost):\(state.boundPort ?? 0)"
    }

    static func json(_ status: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(text.utf8.count)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
