import GatehouseCore
import GatewayConfig
import HTTPTypes
public import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The gateway's one responder: every request to the listener goes through ``respond(to:context:)``
/// in API Gateway's order (DESIGN.md, "A request through the gateway"): reserved `/_gatehouse/*`
/// paths; the request target's checks (400) and the payload limit (413); invoke-URL resolution
/// (unknown API or stage → 403 Forbidden); the routing table (no route → 403 Missing
/// Authentication Token); the access step; the integration; gateway responses, CORS, the
/// request ids and the access-log line.
public struct GatewayResponder: HTTPResponder {
    public typealias Context = GatewayRequestContext

    let state: GatewayState

    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let receivedAt = state.clock.now().wall
        // Integrations see the trace header the gateway passes on, never a second client copy;
        // the access layer reads the request as received (`request.head`), signed headers intact.
        var headers = request.headers
        var generator = PrefetchedRandom()
        let trace = TraceHeader.value(
            incoming: headers[values: Self.traceField].first,
            at: receivedAt,
            using: &generator
        )
        headers[Self.traceField] = trace
        var exchange = Exchange(
            ids: RequestIdentifiers.make(using: &generator),
            method: request.method.rawValue,
            target: request.head.path ?? "/",
            headers: headers,
            // A peer without an IP address (none today: the listener is TCP) is the unspecified
            // address, never loopback: `aws:SourceIp` conditions and the loopback-only
            // `/_gatehouse/` paths must not take it for this host.
            sourceIP: context.peerAddress ?? "0.0.0.0",
            receivedAt: receivedAt,
            protocolName: context.protocolName,
            isSecure: state.isSecure
        )
        exchange.traceID = trace
        var reply: Reply
        var api: ServedAPI?
        do {
            reply = try await route(request, &exchange, &api)
        } catch let denial as AccessDenial {
            reply = .denial(denial)
        } catch {
            state.logger.error("request \(exchange.ids.requestID) failed: \(error)")
            reply = .denial(GatewayFailures.configuration(reason: "internal error: \(error)"))
        }
        let response = finish(reply, api: api, exchange: &exchange)
        state.accessLog.record(exchange, status: response.status.code, latency: ContinuousClock.now - started)
        return response
    }

    /// What the pipeline produced before the common response steps.
    enum Reply {
        case response(Response)
        case denial(AccessDenial)
    }

    private func route(_ request: Request, _ exchange: inout Exchange, _ api: inout ServedAPI?) async throws -> Reply {
        let (path, query) = RequestTarget.split(exchange.target)
        if path.hasPrefix(ReservedPaths.prefix) {
            return .response(
                ReservedPaths.respond(path: path, method: request.method, peer: exchange.sourceIP, state: state)
            )
        }
        do {
            try RequestTarget.checkBytes(exchange.target)
            try RequestTarget.check(path)
        } catch {
            return .denial(GatewayFailures.badRequest(reason: "request target refused: \(error)"))
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > state.maxPayloadBytes {
            return .denial(.requestTooLarge(reason: "Content-Length \(length) over \(state.maxPayloadBytes) bytes"))
        }
        let table = state.table
        let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!]
        switch table.resolver.resolve(host: host, path: exchange.target) {
        case .noAPI:
            return .denial(GatewayFailures.unknownStage(reason: "no API is addressed by \(host ?? "-") \(path)"))
        case .unknownStage(let id, let stage):
            api = table.apis[id]
            exchange.apiID = id.text
            return .denial(GatewayFailures.unknownStage(reason: "API \(id) has no stage `\(stage ?? "")`"))
        case .stage(let id, let stageName, let within, _):
            guard let served = table.apis[id], let configuredStage = served.stages[stageName] else {
                return .denial(GatewayFailures.unknownStage(reason: "API \(id) has no stage `\(stageName)`"))
            }
            api = served
            exchange.apiID = id.text
            exchange.stageName = stageName
            var generator = SystemRandomNumberGenerator()
            exchange.isCanaryRequest = configuredStage.drawsCanary(using: &generator)
            let stage = configuredStage.serving(canary: exchange.isCanaryRequest)
            exchange.stageVariables = stage.stage.variables
            let split = RequestTarget.split(within)
            exchange.stagePath = String(split.path)
            exchange.query = split.query ?? query
            if served.definition.kind == .http, let cors = served.definition.cors,
                let preflight = CORSHeaders.preflight(cors, exchange: exchange)
            {
                return .response(preflight)
            }
            let match: RouteMatch
            switch stage.table.match(method: exchange.method, path: exchange.stagePath) {
            case .matched(let found): match = found
            case .noRoute(let none): return .denial(none.denial)
            }
            exchange.resourcePath = match.route.resourcePath.description
            // Policies judge the resource served, not the request's spelling of it (`/admin/`,
            // `/%61dmin`, a root without its slash); a path the route does not explain is refused.
            // An HTTP API's `$default` route serves every path: its ARN names the request's own.
            if !match.route.isDefaultRoute {
                guard let methodPath = match.route.resourcePath.methodPath(for: exchange.stagePath) else {
                    return .denial(
                        GatewayFailures.configuration(
                            reason: "the path does not spell the matched resource \(match.route.resourcePath)"
                        )
                    )
                }
                exchange.methodPath = methodPath
            }
            exchange.routeKey = match.route.routeKey
            exchange.pathParameters = match.pathParameters
            if exchange.target.hasPrefix(String(path)), path.hasSuffix(exchange.stagePath) {
                exchange.pathPrefix = String(path.dropLast(exchange.stagePath.utf8.count))
            }
            var body: [UInt8]?
            if AccessCheck.needsBody(match.route.method) {
                do {
                    var buffer = try await request.body.collect(upTo: state.maxPayloadBytes)
                    body = buffer.readBytes(length: buffer.readableBytes) ?? []
                } catch {
                    return .denial(.requestTooLarge(reason: "body over \(state.maxPayloadBytes) bytes"))
                }
            }
            switch await state.access.check(
                request,
                method: match.route.method,
                api: served,
                exchange: exchange,
                body: body ?? []
            ) {
            case .denied(let denial): return .denial(denial)
            case .granted(let grant): exchange.grant = grant
            }
            guard let integration = match.route.method.integration else {
                return .denial(GatewayFailures.configuration(reason: "the method has no integration"))
            }
            return try await state.integrations.run(
                integration,
                request: request,
                body: body,
                route: match.route,
                api: served,
                stage: stage,
                exchange: &exchange
            )
        }
    }

    /// Gateway responses, CORS decoration, request ids.
    private func finish(_ reply: Reply, api: ServedAPI?, exchange: inout Exchange) -> Response {
        var response: Response
        switch reply {
        case .response(let ready):
            response = ready
        case .denial(let denial):
            exchange.denialReason = denial.reason
            let rendered = GatewayResponseRenderer.render(denial, api: api, exchange: exchange)
            var fields = HTTPFields()
            for (name, value) in rendered.headers {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            fields[.contentLength] = String(rendered.body.count)
            response = Response(
                status: HTTPResponse.Status(code: rendered.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: rendered.body))
            )
            if let cors = api?.definition.cors, api?.definition.kind == .http {
                CORSHeaders.decorate(&response.headers, cors, exchange: exchange)
            }
        }
        if case .response = reply, let cors = api?.definition.cors, api?.definition.kind == .http {
            CORSHeaders.decorate(&response.headers, cors, exchange: exchange)
        }
        response.headers[HTTPField.Name("x-amzn-RequestId")!] = exchange.ids.requestID
        response.headers[HTTPField.Name("x-amz-apigw-id")!] = exchange.ids.extendedRequestID
        // The recorded captures: on HTTP and AWS_PROXY integration responses and 4xx gateway
        // responses, not on MOCK responses or 5xx gateway responses.
        let traced: Bool
        switch reply {
        case .response: traced = exchange.tracesResponse
        case .denial: traced = (400..<500).contains(response.status.code)
        }
        if traced { response.headers[Self.traceField] = exchange.traceID }
        return response
    }

    static let traceField = HTTPField.Name(TraceHeader.name)!
}
