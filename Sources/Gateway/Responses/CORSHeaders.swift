import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore

/// An HTTP API's `corsConfiguration`, answered by the gateway: a preflight (`OPTIONS` with
/// `Origin` and `Access-Control-Request-Method`) gets 204 and the allowed methods, headers and
/// max age without reaching a route; every other response to an allowed origin gets
/// `Access-Control-Allow-Origin` (and `-Credentials`, `-Expose-Headers`), replacing what a
/// backend sent, as API Gateway does. Gateway error responses are decorated too (AWS's REST
/// APIs need a DEFAULT_4XX/5XX override for that; see the Docs.docc article).
enum CORSHeaders {
    static func preflight(_ cors: CORSConfiguration, exchange: Exchange) -> Response? {
        guard exchange.method == "OPTIONS", let origin = exchange.header("Origin"),
            let requested = exchange.header("Access-Control-Request-Method")
        else { return nil }
        var headers = HTTPFields()
        if let allowed = allowedOrigin(cors, origin) {
            headers[HTTPField.Name("Access-Control-Allow-Origin")!] = allowed
            let methods = cors.allowMethods.isEmpty ? [requested] : cors.allowMethods
            headers[HTTPField.Name("Access-Control-Allow-Methods")!] =
                methods.contains("*") ? requested : methods.joined(separator: ",")
            if !cors.allowHeaders.isEmpty {
                let asked = exchange.header("Access-Control-Request-Headers")
                headers[HTTPField.Name("Access-Control-Allow-Headers")!] =
                    cors.allowHeaders.contains("*") ? (asked ?? "*") : cors.allowHeaders.joined(separator: ",")
            }
            if let maxAge = cors.maxAge { headers[HTTPField.Name("Access-Control-Max-Age")!] = String(maxAge) }
            if cors.allowCredentials { headers[HTTPField.Name("Access-Control-Allow-Credentials")!] = "true" }
        }
        headers[.contentLength] = "0"
        return Response(status: .noContent, headers: headers, body: ResponseBody())
    }

    static func decorate(_ headers: inout HTTPFields, _ cors: CORSConfiguration, exchange: Exchange) {
        guard let origin = exchange.header("Origin"), let allowed = allowedOrigin(cors, origin) else { return }
        for name in [
            "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers",
        ] {
            headers[HTTPField.Name(name)!] = nil
        }
        headers[HTTPField.Name("Access-Control-Allow-Origin")!] = allowed
        if cors.allowCredentials { headers[HTTPField.Name("Access-Control-Allow-Credentials")!] = "true" }
        if !cors.exposeHeaders.isEmpty {
            headers[HTTPField.Name("Access-Control-Expose-Headers")!] = cors.exposeHeaders.joined(separator: ",")
        }
    }

    /// The `Access-Control-Allow-Origin` value for `origin`: `*` when every origin is allowed
    /// (the origin itself when credentials are allowed, since browsers refuse `*` then), the
    /// origin when listed (compared without case), else `nil`.
    static func allowedOrigin(_ cors: CORSConfiguration, _ origin: String) -> String? {
        if cors.allowOrigins.contains("*") { return cors.allowCredentials ? origin : "*" }
        return cors.allowOrigins.contains { $0.lowercased() == origin.lowercased() } ? origin : nil
    }
}
