import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The embedded demo's "real" backend: a small Hummingbird server on a free loopback port that
/// `serve` starts in-process. It answers JSON, and echoes what reached it through the gateway
/// (the `X-Demo-*` headers the REQUEST authorizer's context is mapped into, `X-Forwarded-For`),
/// so the demo shows the context arriving.
enum ServeDemoBackend {
    /// Starts the backend; returns once it is bound, with its port and the task serving it
    /// (cancel it to stop the server).
    static func start(host: String = "127.0.0.1") async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: 0), serverName: "gatehouse-demo-backend"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        )
        let task = Task { try await app.run() }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        guard bound > 0 else {
            task.cancel()
            throw CLIError("the demo backend could not bind a port on \(host)")
        }
        return (bound, task)
    }

    static let pets: [(id: Int, name: String, type: String)] = [(1, "Rex", "dog"), (2, "Tom", "cat")]

    static func json(_ pet: (id: Int, name: String, type: String)) -> JSONValue {
        .members([("id", .integer(pet.id)), ("name", .string(pet.name)), ("type", .string(pet.type))])
    }

    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/pets") { request, _ -> Response in
            respond(request, [("pets", .elements(pets.map(json)))])
        }
        router.on("/pets/**", method: .get) { request, context -> Response in
            let rest = context.parameters.getCatchAll().joined(separator: "/")
            guard let pet = pets.first(where: { String($0.id) == rest }) else {
                return respond(request, [("message", .string("no pet `\(rest)`"))], status: .notFound)
            }
            return respond(request, [("pet", json(pet))])
        }
        for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
            router.on("/pets/**", method: method) { request, _ -> Response in
                respond(request, [("message", .string("the demo backend accepted \(request.method)"))])
            }
        }
        router.get("/orders") { request, _ -> Response in
            respond(request, [("orders", .elements([.members([("id", .string("o-1001")), ("total", .integer(42))])]))])
        }
        router.get("/tenants/:tenant") { request, context -> Response in
            let tenant = context.parameters.get("tenant") ?? ""
            return respond(request, [("tenant", .string(tenant))])
        }
        return router
    }

    /// A JSON body with `members` and what reached the backend (method, path, the `x-demo-*`
    /// and `x-forwarded-for` headers).
    static func respond(
        _ request: Request,
        _ members: [(String, JSONValue)],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var seen: [(String, JSONValue)] = []
        for field in request.headers {
            let name = field.name.canonicalName
            if name.hasPrefix("x-demo-") || name == "x-forwarded-for" {
                seen.append((name, .string(field.value)))
            }
        }
        let body = JSONValue.members(
            members + [
                ("backend", .string("gatehouse demo backend")),
                ("method", .string(request.method.rawValue)),
                ("path", .string(request.uri.path)),
                ("headers", .members(seen)),
            ]
        )
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.text(body) + "\n"))
        )
    }
}
