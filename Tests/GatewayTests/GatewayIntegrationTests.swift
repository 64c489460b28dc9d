import AsyncHTTPClient
import GatehouseCore
import Gateway
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("Gateway integrations")
struct GatewayIntegrationTests {
    static let apiID = "b1c2d3e4f5"
    static let base = "/restapis/\(apiID)/prod/_user_request_"

    /// The real backend: echoes, streams, hangs briefly, shows the headers it got.
    static func backend() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/hello/{name}") { request, context -> Response in
            let name = context.parameters.get("name") ?? "-"
            let query = request.uri.query ?? ""
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Backend")!] = "1"
            headers[HTTPField.Name("X-Seen-Forwarded-For")!] =
                request.headers[HTTPField.Name("X-Forwarded-For")!] ?? "-"
            headers[HTTPField.Name("X-Seen-Stage-Header")!] = request.headers[HTTPField.Name("X-Stage")!] ?? "-"
            headers[HTTPField.Name("X-Seen-Connection-Token")!] = request.headers[HTTPField.Name("X-Drop-Me")!] ?? "-"
            headers[HTTPField.Name("X-Seen-User")!] = request.headers[HTTPField.Name("X-User")!] ?? "-"
            headers[HTTPField.Name("X-Seen-Trace")!] = request.headers[values: HTTPField.Name("X-Amzn-Trace-Id")!]
                .joined(separator: " | ")
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "hello \(name) \(query)"))
            )
        }
        router.post("/echo") { request, _ -> Response in
            Response(status: .ok, body: ResponseBody(asyncSequence: request.body))
        }
        router.get("/hang") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        return router
    }

    static func apis(backendPort: Int) throws -> GatewayConfiguration {
        var stageHeader = TestAPIs.proxy(.get, "http://${stageVariables.backend}/hello/{name}")
        stageHeader.integration?.requestParameters = [
            "integration.request.path.name": "method.request.path.name",
            // The gateway's value, never the client's (an attacker's pass put theirs first).
            "integration.request.querystring.via": "'gateway'",
            "integration.request.header.X-Stage": "stageVariables.label",
            // No authorizer here, so no claim: the header is absent, never the client's own.
            "integration.request.header.X-User": "context.authorizer.claims.sub",
        ]
        return GatewayConfiguration(apis: [
            try TestAPIs.api(
                "proxied",
                id: apiID,
                resources: [
                    ("/hello/{name}", [stageHeader]),
                    ("/echo", [TestAPIs.proxy(.post, "http://127.0.0.1:\(backendPort)/echo")]),
                    ("/hang", [TestAPIs.proxy(.get, "http://127.0.0.1:\(backendPort)/hang", timeoutInMillis: 300)]),
                    ("/down", [TestAPIs.proxy(.get, "http://127.0.0.1:1/down")]),
                    ("/fn", [TestAPIs.lambda(.any, function: "echo")]),
                    ("/fn2", [TestAPIs.lambda(.any, function: "echo", payload: "2.0")]),
                ],
                stages: [Stage(stageName: "prod", variables: ["backend": "127.0.0.1:\(backendPort)", "label": "blue"])]
            )
        ])
    }

    static var functionCommand: String {
        let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        return "python3 \(root)/TestVectors/gateway/functions/proxy_echo.py"
    }

    static func withStack(_ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        try await Harness.withBackend(backend()) { backendPort in
            try await Harness.withGateway(
                try apis(backendPort: backendPort),
                configure: { $0.functions = ["echo": functionCommand] }
            ) { port in
                try await body(port)
            }
        }
    }

    @Test("HTTP_PROXY: path mapping, stage variables, query, X-Forwarded-For, hop-by-hop headers dropped")
    func proxy() async throws {
        try await Self.withStack { port in
            let reply = try await Harness.send(
                port: port,
                path: Self.base + "/hello/ann?x=1&via=client&y=2&via=again",
                headers: [
                    ("X-Forwarded-For", "203.0.113.9"), ("Connection", "X-Drop-Me"), ("X-Drop-Me", "secret"),
                    ("X-User", "admin"),
                ]
            )
            #expect(reply.status == 200)
            #expect(reply.body.text == "hello ann x=1&y=2&via=gateway")
            #expect(reply.headers.first(name: "X-Backend") == "1")
            #expect(reply.headers.first(name: "X-Seen-Forwarded-For") == "203.0.113.9, 127.0.0.1")
            #expect(reply.headers.first(name: "X-Seen-Stage-Header") == "blue")
            #expect(reply.headers.first(name: "X-Seen-Connection-Token") == "-")
            #expect(reply.headers.first(name: "X-Seen-User") == "-")
            #expect(reply.headers.first(name: "x-amzn-RequestId") != nil)
        }
    }

    /// reference/gateway.md, "Tracing" and the recorded captures under "Method responses and
    /// gateway responses".
    @Test("X-Amzn-Trace-Id: started or kept (Parent added), passed on, back on integration and 4xx responses only")
    func traceHeader() async throws {
        try await Self.withStack { port in
            let fresh = try await Harness.send(port: port, path: Self.base + "/hello/ann")
            let started = try #require(fresh.headers.first(name: "X-Amzn-Trace-Id"))
            #expect(fresh.headers.first(name: "X-Seen-Trace") == started)
            #expect(
                started.wholeMatch(of: /Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0/) != nil,
                "\(started)"
            )

            let root = "Root=1-5759e988-bd862e3fe1be46a994272793"
            let kept = try await Harness.send(
                port: port,
                path: Self.base + "/hello/ann",
                headers: [("X-Amzn-Trace-Id", root), ("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000")]
            )
            let passed = try #require(kept.headers.first(name: "X-Amzn-Trace-Id"))
            #expect(
                passed.wholeMatch(of: /Root=1-5759e988-bd862e3fe1be46a994272793;Parent=[0-9a-f]{16}/) != nil,
                "\(passed)"
            )
            // One value reaches the backend: the gateway's, not a second client copy.
            #expect(kept.headers.first(name: "X-Seen-Trace") == passed)

            let full = root + ";Parent=53995c3f42cd8ad8;Sampled=1"
            let whole = try await Harness.send(
                port: port,
                path: Self.base + "/hello/ann",
                headers: [("X-Amzn-Trace-Id", full)]
            )
            #expect(whole.headers.first(name: "X-Amzn-Trace-Id") == full)

            let missing = try await Harness.send(
                port: port,
                path: Self.base + "/nowhere",
                headers: [("X-Amzn-Trace-Id", full)]
            )
            #expect(missing.status == 403)
            #expect(missing.headers.first(name: "X-Amzn-Trace-Id") == full)
            let down = try await Harness.send(
                port: port,
                path: Self.base + "/down",
                headers: [("X-Amzn-Trace-Id", full)]
            )
            #expect(down.status == 500)
            #expect(down.headers.first(name: "X-Amzn-Trace-Id") == nil)
        }
    }

    /// reference/gateway.md, "Lambda proxy, payload 1.0": a base64 answer is decoded only for a
    /// binary media type of the API (recorded: without one, the base64 text is the body); a
    /// request body of such a type reaches the function base64-encoded.
    @Test(
        "binaryMediaTypes: base64 answers decoded for a listed type, passed as text otherwise; binary requests base64"
    )
    func binaryMediaTypes() async throws {
        var plain = try TestAPIs.api(
            "plain",
            id: "b1c2d3e4f5",
            resources: [("/fn", [TestAPIs.lambda(.any, function: "echo")])]
        )
        plain.deployments = [Deployment.snapshot(of: plain.definition)]
        var binary = try TestAPIs.api(
            "binary",
            id: "c2d3e4f5a6",
            resources: [("/fn", [TestAPIs.lambda(.any, function: "echo")])]
        )
        binary.definition.binaryMediaTypes = ["image/*", "application/octet-stream"]
        binary.deployments = [Deployment.snapshot(of: binary.definition)]
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        try await Harness.withGateway(
            GatewayConfiguration(apis: [plain, binary]),
            configure: { $0.functions = ["echo": Self.functionCommand] }
        ) { port in
            let asText = try await Harness.send(
                port: port,
                path: "/restapis/b1c2d3e4f5/prod/_user_request_/fn?mode=binary"
            )
            #expect(asText.status == 200)
            #expect(asText.body.text == "iVBORw0KGgo=")
            let decoded = try await Harness.send(
                port: port,
                path: "/restapis/c2d3e4f5a6/prod/_user_request_/fn?mode=binary"
            )
            #expect(decoded.status == 200)
            #expect(decoded.body == png)
            #expect(decoded.headers.first(name: "Content-Length") == "8")

            let upload: [UInt8] = [0x00, 0xFF, 0x10, 0x41]
            for (api, type, base64) in [
                ("c2d3e4f5a6", "application/octet-stream", true), ("c2d3e4f5a6", "text/plain", false),
                ("b1c2d3e4f5", "application/octet-stream", true),
            ] {
                let body: [UInt8] = type == "text/plain" ? Array("AAA".utf8) : upload
                let echoed = try await Harness.send(
                    .POST,
                    port: port,
                    path: "/restapis/\(api)/prod/_user_request_/fn",
                    headers: [("Content-Type", type)],
                    body: body
                )
                let event = try JSONParser.parse(echoed.body).value
                #expect(event.member("isBase64Encoded")?.value == .bool(base64), "\(api) \(type)")
                let expected = base64 ? "AP8QQQ==" : "AAA"
                #expect(event.member("body")?.value == .string(expected), "\(api) \(type)")
            }
        }
    }

    @Test("HTTP_PROXY streams a 4 MB body there and back unchanged")
    func streaming() async throws {
        try await Self.withStack { port in
            var generator = SeededRandom(seed: 7)
            let body = (0..<(4 * 1024 * 1024)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let reply = try await Harness.send(.POST, port: port, path: Self.base + "/echo", body: body)
            #expect(reply.status == 200)
            #expect(reply.body.count == body.count)
            #expect(reply.body == body)
        }
    }

    // Under the sanitizers too: AsyncHTTPClient's own deadline did not fire there (the 3 s
    // backend's 200 came back after 4 s); the gateway's Deadline race does.
    @Test("a hanging backend → 504 after the integration timeout; an unreachable one → 500")
    func failures() async throws {
        try await Self.withStack { port in
            // Timed on a thread of its own, not the shared test pool (see DedicatedExecutor).
            let (hang, elapsed) = try await DedicatedExecutor.timedTests.run {
                let started = ContinuousClock.now
                let hang = try await Harness.send(port: port, path: Self.base + "/hang")
                return (hang, ContinuousClock.now - started)
            }
            #expect(hang.status == 504)
            #expect(hang.body.text == #"{"message":"Endpoint request timed out"}"#)
            #expect(elapsed < .seconds(2.5))
            let down = try await Harness.send(port: port, path: Self.base + "/down")
            #expect(down.status == 500)
            #expect(down.body.text == #"{"message": "Internal server error"}"#)
            #expect(down.headers.first(name: "x-amzn-ErrorType") == "InternalServerErrorException")
        }
    }

    /// An attacker's review brought the gateway down with one request: a body announced and not
    /// (all) sent, answered before it was read — by the backend, or by the integration timeout —
    /// left the client's upload reading the request body while Hummingbird read the rest of it
    /// too (NIO traps on a second concurrent reader). The answer goes out and the gateway lives.
    @Test(
        "a body announced and withheld, answered early by the backend or the timeout: the gateway lives",
        arguments: [
            ("/hello/ann", "", 200),
            ("/hang", "01234", 504),
        ]
    )
    func withheldBody(path: String, sent: String, status: Int) async throws {
        try await Self.withStack { port in
            let head = try await RawConnection.onOwnThread {
                let connection = try RawConnection(port: port)
                defer { connection.hangUp() }
                try connection.write(
                    "GET \(Self.base)\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n\(sent)"
                )
                return try connection.readHead()
            }
            #expect(head.hasPrefix("HTTP/1.1 \(status)"), "\(head)")
            // Still serving, on a fresh connection.
            let after = try await Harness.send(port: port, path: Self.base + "/hello/ann")
            #expect(after.status == 200)
        }
    }

    @Test("AWS_PROXY 1.0 through a local command: the event's keys in AWS's order, the answer read as AWS reads it")
    func lambdaVersion1() async throws {
        try await Self.withStack { port in
            let reply = try await Harness.send(
                .POST,
                port: port,
                path: Self.base + "/fn?c=a&c=b&plus=%2B+x",
                headers: [("tEsT-HEADeR", "v")],
                body: Array(#"{"k":1}"#.utf8)
            )
            #expect(reply.status == 201)
            #expect(reply.headers.first(name: "X-Fn") == "yes")
            #expect(reply.headers.first(name: "X-Flag") == "true")
            #expect(reply.headers[canonicalForm: "X-Multi"] == ["a", "b"])
            #expect(reply.headers.first(name: "content-type") == "application/json")
            let event = try JSONParser.parse(reply.body).value
            guard case .object(let members) = event else {
                Issue.record("the event is not an object")
                return
            }
            #expect(
                members.map(\.key) == [
                    "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                    "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body",
                    "isBase64Encoded",
                ]
            )
            #expect(event.member("resource")?.value.plainTextForTest == "/fn")
            #expect(event.member("path")?.value.plainTextForTest == "/fn")
            #expect(event.member("httpMethod")?.value.plainTextForTest == "POST")
            #expect(event.member("body")?.value.plainTextForTest == #"{"k":1}"#)
            #expect(event.member("headers")?.value.member("tEsT-HEADeR")?.value.plainTextForTest == "v")
            let query = event.member("queryStringParameters")?.value
            #expect(query?.member("c")?.value.plainTextForTest == "b")
            #expect(query?.member("plus")?.value.plainTextForTest == "+ x")
            #expect(event.member("pathParameters")?.value.isNullForTest == true)
            let context = try #require(event.member("requestContext")?.value)
            #expect(context.member("stage")?.value.plainTextForTest == "prod")
            #expect(context.member("path")?.value.plainTextForTest == "/prod/fn")
            #expect(context.member("accountId")?.value.plainTextForTest == "000000000000")
            #expect(context.member("apiId")?.value.plainTextForTest == Self.apiID)
            #expect(
                context.member("requestId")?.value.plainTextForTest == reply.headers.first(name: "x-amzn-RequestId")
            )
            #expect(context.member("identity")?.value.member("sourceIp")?.value.plainTextForTest == "127.0.0.1")
            #expect(context.member("authorizer") == nil)
        }
    }

    @Test("AWS_PROXY 2.0: the event's shape, and JSON without statusCode is a 200 body")
    func lambdaVersion2() async throws {
        try await Self.withStack { port in
            let reply = try await Harness.send(port: port, path: Self.base + "/fn2?a=1&a=2")
            #expect(reply.status == 201)
            let event = try JSONParser.parse(reply.body).value
            #expect(event.member("version")?.value.plainTextForTest == "2.0")
            #expect(event.member("rawPath")?.value.plainTextForTest == "/prod/fn2")
            #expect(event.member("rawQueryString")?.value.plainTextForTest == "a=1&a=2")
            #expect(event.member("queryStringParameters")?.value.member("a")?.value.plainTextForTest == "1,2")
            #expect(
                event.member("requestContext")?.value.member("http")?.value.member("method")?.value.plainTextForTest
                    == "GET"
            )
            let plain = try await Harness.send(port: port, path: Self.base + "/fn2?mode=v2plain")
            #expect(plain.status == 200)
            #expect(plain.body.text == #"{"plain":true}"#)
        }
    }

    @Test("CUSTOM: a REQUEST Lambda authorizer through a local command; its context reaches the function")
    func lambdaAuthorizer() async throws {
        var method = TestAPIs.lambda(.get, function: "echo")
        method.authorizationType = .custom
        method.authorizerName = "tenants"
        var api = try TestAPIs.api("authorized", id: "d1e2f3a4b5", resources: [("/mine", [method])])
        api.definition.authorizers = [
            Authorizer(
                name: "tenants",
                kind: .request,
                authorizerURI:
                    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:tenants/invocations",
                identitySource: ["method.request.header.X-Tenant"],
                resultTTLInSeconds: 0
            )
        ]
        api.deployments = [Deployment.snapshot(of: api.definition)]
        let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let functions = [
            "echo": Self.functionCommand,
            "tenants": "python3 \(root)/TestVectors/gateway/functions/tenant_authorizer.py",
        ]
        try await Harness.withGateway(GatewayConfiguration(apis: [api]), configure: { $0.functions = functions }) {
            port in
            let path = "/restapis/d1e2f3a4b5/prod/_user_request_/mine"
            let allowed = try await Harness.send(port: port, path: path, headers: [("X-Tenant", "acme")])
            #expect(allowed.status == 201)
            let event = try JSONParser.parse(allowed.body).value
            let authorizer = event.member("requestContext")?.value.member("authorizer")?.value
            #expect(authorizer?.member("principalId")?.value.plainTextForTest == "user-acme")
            #expect(authorizer?.member("tenant")?.value.plainTextForTest == "acme")
            let denied = try await Harness.send(port: port, path: path, headers: [("X-Tenant", "other")])
            #expect(denied.status == 403)
            #expect(denied.headers.first(name: "x-amzn-ErrorType") == "AccessDeniedException")
            let unauthorized = try await Harness.send(port: port, path: path, headers: [("X-Tenant", "nobody")])
            #expect(unauthorized.status == 401)
            #expect(unauthorized.body.text == #"{"message":"Unauthorized"}"#)
        }
    }

    @Test("malformed proxy output → 502 with AWS's body", arguments: ["malformed", "notjson"])
    func malformed(mode: String) async throws {
        try await Self.withStack { port in
            let reply = try await Harness.send(port: port, path: Self.base + "/fn?mode=\(mode)")
            #expect(reply.status == 502)
            #expect(reply.body.text == #"{"message": "Internal server error"}"#)
        }
    }
}

extension JSONValue {
    var isNullForTest: Bool {
        if case .null = self { return true }
        return false
    }
}
