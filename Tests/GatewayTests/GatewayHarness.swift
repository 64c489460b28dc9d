import AsyncHTTPClient
import Gateway
import GatewayConfig
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// Starts servers on free loopback ports for one test and stops them when the test's body ends,
/// also when it throws (the task group cancels the servers' tasks and waits for them).
enum Harness {
    /// Runs `body` with the port of a gateway serving `apis`; `configure` adjusts the
    /// configuration first. Access-log lines go to `log` when given.
    static func withGateway<T: Sendable>(
        _ apis: GatewayConfiguration,
        configure: (inout GatewayServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var configuration = GatewayServerConfiguration(
            apis: apis,
            accessLog: .discard,
            onServerRunning: { port in continuation.yield(port) },
            logger: Logger(label: "gateway-test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        configure(&configuration)
        let gateway = try await buildApplication(configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // On a thread of its own, not the shared test pool (see DedicatedExecutor.servers).
            group.addTask(executorPreference: DedicatedExecutor.servers) { try await gateway.application.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.noPort }
            return try await body(port)
        }
    }

    /// Runs `body` with the port of a backend answering through `router`.
    static func withBackend<T: Sendable>(
        _ router: Router<BasicRequestContext>,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "backend", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: DedicatedExecutor.servers) { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.noPort }
            return try await body(port)
        }
    }

    /// One request through a fresh connection; the body collected (bounded).
    static func send(
        _ method: HTTPMethod = .GET,
        port: Int,
        path: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil
    ) async throws -> (status: Int, headers: HTTPHeaders, body: [UInt8]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var collected = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let bytes = collected.readBytes(length: collected.readableBytes) ?? []
        return (Int(response.status.code), response.headers, bytes)
    }

    enum HarnessError: Error { case noPort }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// APIs built in code for the tests.
enum TestAPIs {
    static func api(
        _ name: String,
        id: String,
        kind: APIKind = .rest,
        resources: [(String, [Method])],
        cors: CORSConfiguration? = nil,
        gatewayResponses: [GatewayResponse] = [],
        stages: [Stage] = [Stage(stageName: "prod")]
    ) throws -> ConfiguredAPI {
        var definition = APIDefinition(name: name, id: APIIdentifier(id)!, kind: kind)
        definition.resources = try resources.map { path, methods in
            Resource(path: try ResourcePath(parsing: path), methods: methods)
        }
        definition.cors = cors
        definition.gatewayResponses = gatewayResponses
        return ConfiguredAPI(definition: definition, deployments: [Deployment.snapshot(of: definition)], stages: stages)
    }

    static func mock(_ verb: HTTPVerb, status: Int = 200, body: String) -> Method {
        Method(
            verb: verb,
            integration: Integration(
                type: .mock,
                requestTemplates: ["application/json": #"{"statusCode": \#(status)}"#],
                responses: [
                    Integration.Response(
                        selectionPattern: nil,
                        statusCode: String(status),
                        responseTemplates: ["application/json": body]
                    )
                ]
            )
        )
    }

    static func proxy(_ verb: HTTPVerb, _ uri: String, timeoutInMillis: Int = 29_000) -> Method {
        Method(
            verb: verb,
            integration: Integration(type: .httpProxy, uri: uri, httpMethod: "ANY", timeoutInMillis: timeoutInMillis)
        )
    }

    static func lambda(_ verb: HTTPVerb, function: String, payload: String? = nil) -> Method {
        Method(
            verb: verb,
            integration: Integration(
                type: .awsProxy,
                uri:
                    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:\(function)/invocations",
                httpMethod: "POST",
                timeoutInMillis: 10_000,
                payloadFormatVersion: payload
            )
        )
    }
}
