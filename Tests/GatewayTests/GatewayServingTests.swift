import AsyncHTTPClient
import GatehouseCore
import Gateway
import GatewayConfig
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing

@Suite("Gateway serving")
struct GatewayServingTests {
    static let apiID = "a1b2c3d4e5"
    static let base = "/restapis/\(apiID)/prod/_user_request_"

    static func petsAPI() throws -> GatewayConfiguration {
        GatewayConfiguration(apis: [
            try TestAPIs.api(
                "pets",
                id: apiID,
                resources: [
                    ("/pets/dogs", [TestAPIs.mock(.get, body: #"{"route":"dogs"}"#)]),
                    ("/pets/{id}", [TestAPIs.mock(.get, body: #"{"route":"id"}"#)]),
                    ("/pets/{proxy+}", [TestAPIs.mock(.any, body: #"{"route":"proxy"}"#)]),
                    ("/teapot", [TestAPIs.mock(.post, status: 418, body: #"{"short":"stout"}"#)]),
                ]
            )
        ])
    }

    @Test("health, listing and export")
    func reservedPaths() async throws {
        try await Harness.withGateway(try Self.petsAPI()) { port in
            let health = try await Harness.send(port: port, path: "/_gatehouse/health")
            #expect(health.status == 200)
            let apis = try await Harness.send(port: port, path: "/_gatehouse/apis")
            #expect(apis.status == 200)
            #expect(
                apis.body.text
                    == #"[{"id":"a1b2c3d4e5","name":"pets","stages":[{"name":"prod","invokeUrl":"http://127.0.0.1:\#(port)/restapis/a1b2c3d4e5/prod/_user_request_/"}]}]"#
            )
            let export = try await Harness.send(port: port, path: "/_gatehouse/apis/\(Self.apiID)/export")
            #expect(export.status == 200)
            #expect(export.body.text.contains("/pets/{proxy+}"))
            #expect(health.headers.first(name: "x-amzn-RequestId") != nil)
        }
    }

    @Test(
        "routing precedence: static beats {id} beats {proxy+}",
        arguments: [
            ("/pets/dogs", #"{"route":"dogs"}"#),
            ("/pets/42", #"{"route":"id"}"#),
            ("/pets/42/toys", #"{"route":"proxy"}"#),
            ("/pets/dogs/small", #"{"route":"proxy"}"#),
        ]
    )
    func precedence(path: String, expected: String) async throws {
        try await Harness.withGateway(try Self.petsAPI()) { port in
            let reply = try await Harness.send(port: port, path: Self.base + path)
            #expect(reply.status == 200)
            #expect(reply.body.text == expected)
        }
    }

    @Test("MOCK: status from the request template, body from the response template, request ids")
    func mock() async throws {
        try await Harness.withGateway(try Self.petsAPI()) { port in
            let reply = try await Harness.send(
                .POST,
                port: port,
                path: Self.base + "/teapot",
                headers: [("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")]
            )
            #expect(reply.status == 418)
            #expect(reply.body.text == #"{"short":"stout"}"#)
            // MOCK responses carry no trace header, even when the request had one (recorded).
            #expect(reply.headers.first(name: "X-Amzn-Trace-Id") == nil)
            let requestID = try #require(reply.headers.first(name: "x-amzn-RequestId"))
            #expect(requestID.utf8.count == 36)
            let apigwID = try #require(reply.headers.first(name: "x-amz-apigw-id"))
            #expect(apigwID.utf8.count == 16 && apigwID.hasSuffix("="))
            // Host form reaches the same API.
            let host = try await Harness.send(
                port: port,
                path: "/prod/pets/dogs",
                headers: [("Host", "\(Self.apiID).execute-api.localhost:\(port)")]
            )
            #expect(host.body.text == #"{"route":"dogs"}"#)
        }
    }

    @Test("unknown route or method: 403 Missing Authentication Token, AWS's bytes")
    func missingAuthenticationToken() async throws {
        try await Harness.withGateway(try Self.petsAPI()) { port in
            for (method, path) in [(HTTPMethod.GET, "/nothing"), (.DELETE, "/teapot"), (.GET, "/teapot"), (.GET, "/")] {
                let reply = try await Harness.send(method, port: port, path: Self.base + path)
                #expect(reply.status == 403)
                #expect(reply.body.text == #"{"message":"Missing Authentication Token"}"#)
                #expect(reply.body.count == 42)
                #expect(reply.headers.first(name: "x-amzn-ErrorType") == "MissingAuthenticationTokenException")
                #expect(reply.headers.first(name: "content-type") == "application/json")
            }
            let stage = try await Harness.send(
                port: port,
                path: "/restapis/\(Self.apiID)/nostage/_user_request_/pets/1"
            )
            #expect(stage.status == 403)
            #expect(stage.body.text == #"{"message":"Forbidden"}"#)
            #expect(stage.headers.first(name: "x-amzn-ErrorType") == "ForbiddenException")
            // A resource without the verb falls back to a greedy sibling that has it (recorded).
            let fallback = try await Harness.send(.DELETE, port: port, path: Self.base + "/pets/dogs")
            #expect(fallback.body.text == #"{"route":"proxy"}"#)
        }
    }

    @Test("bad input: dot segments and broken escapes → 400 before routing; over 10 MB → 413")
    func badInput() async throws {
        try await Harness.withGateway(try Self.petsAPI()) { port in
            // A raw `#` (in the path or the query): no client sends one; left in, it cut the
            // backend URL in an attacker's pass. (HTTP/1.1's parser already refuses DEL and
            // non-ASCII bytes; the gateway's own check holds them for HTTP/2 too.)
            for path in [
                "/pets/../teapot", "/pets/%2e%2E/teapot", "/pets/%2e", "/pets/%zz", "/pets/abc%4", "/pets/dogs#",
                "/pets/dogs?a=1#x", "/pets/#/dogs",
            ] {
                let reply = try RawHTTP.get(port: port, Self.base + path)
                #expect(reply.hasPrefix("HTTP/1.1 400"), "\(path)")
                #expect(reply.hasSuffix("\r\n\r\n" + #"{"message":"Bad Request"}"#), "\(path)")
            }
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 + 1)
            let reply = try await Harness.send(.POST, port: port, path: Self.base + "/teapot", body: big)
            #expect(reply.status == 413)
            #expect(reply.body.text == #"{"message":"Request Too Long"}"#)
            #expect(reply.headers.first(name: "x-amzn-ErrorType") == "RequestTooLargeException")
        }
    }

    /// "Request lines or headers over configurable limits" (issue 18, bad input): a head over
    /// `maxHeaderBytes` is 400 and the connection closed; one under it is served, and the limit
    /// moves with the setting.
    @Test("headers over maxHeaderBytes → 400 before the gateway; under it served")
    func headerLimit() async throws {
        try await Harness.withGateway(try Self.petsAPI(), configure: { $0.maxHeaderBytes = 4_096 }) { port in
            func head(_ size: Int) throws -> String {
                let filler = String(repeating: "a", count: size)
                return try RawHTTP.exchange(
                    port: port,
                    "GET \(Self.base)/pets/dogs HTTP/1.1\r\nHost: x\r\nX-Filler: \(filler)\r\nConnection: close\r\n\r\n"
                )
            }
            #expect(try head(2_000).hasPrefix("HTTP/1.1 200"))
            let over = try head(5_000)
            #expect(over.hasPrefix("HTTP/1.1 400"), "\(over.prefix(60))")
        }
        try await Harness.withGateway(try Self.petsAPI()) { port in
            let filler = String(repeating: "a", count: 5_000)
            let reply = try RawHTTP.exchange(
                port: port,
                "GET \(Self.base)/pets/dogs HTTP/1.1\r\nHost: x\r\nX-Filler: \(filler)\r\nConnection: close\r\n\r\n"
            )
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply.prefix(60))")
        }
    }

    @Test("gateway response overrides: status, headers and $context.error templates")
    func gatewayResponseOverride() async throws {
        let apis = GatewayConfiguration(apis: [
            try TestAPIs.api(
                "custom",
                id: Self.apiID,
                resources: [("/a", [TestAPIs.mock(.get, body: "{}")])],
                gatewayResponses: [
                    GatewayResponse(
                        type: .missingAuthenticationToken,
                        statusCode: 404,
                        responseParameters: ["gatewayresponse.header.Access-Control-Allow-Origin": "'*'"],
                        responseTemplates: [
                            "application/json":
                                #"{"error":$context.error.messageString,"type":"$context.error.responseType"}"#
                        ]
                    )
                ]
            )
        ])
        try await Harness.withGateway(apis) { port in
            let reply = try await Harness.send(port: port, path: Self.base + "/b")
            #expect(reply.status == 404)
            #expect(reply.headers.first(name: "Access-Control-Allow-Origin") == "*")
            #expect(
                reply.body.text == #"{"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN"}"#
            )
        }
    }

    @Test("HTTP API CORS: preflight answered by the gateway, origin on responses and errors")
    func httpAPICORS() async throws {
        let cors = CORSConfiguration(
            allowOrigins: ["https://app.example"],
            allowMethods: ["GET", "POST"],
            allowHeaders: ["content-type", "authorization"],
            exposeHeaders: ["x-total"],
            maxAge: 600
        )
        let apis = GatewayConfiguration(apis: [
            try TestAPIs.api(
                "corsy",
                id: Self.apiID,
                kind: .http,
                resources: [("/items", [TestAPIs.mock(.get, body: "[]")])],
                cors: cors
            )
        ])
        try await Harness.withGateway(apis) { port in
            let preflight = try await Harness.send(
                .OPTIONS,
                port: port,
                path: Self.base + "/items",
                headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST")]
            )
            #expect(preflight.status == 204)
            #expect(preflight.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            #expect(preflight.headers.first(name: "Access-Control-Allow-Methods") == "GET,POST")
            #expect(preflight.headers.first(name: "Access-Control-Allow-Headers") == "content-type,authorization")
            #expect(preflight.headers.first(name: "Access-Control-Max-Age") == "600")
            let get = try await Harness.send(
                port: port,
                path: Self.base + "/items",
                headers: [("Origin", "https://app.example")]
            )
            #expect(get.status == 200)
            #expect(get.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            #expect(get.headers.first(name: "Access-Control-Expose-Headers") == "x-total")
            let missing = try await Harness.send(
                port: port,
                path: Self.base + "/nope",
                headers: [("Origin", "https://app.example")]
            )
            #expect(missing.status == 403)
            #expect(missing.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            let other = try await Harness.send(
                port: port,
                path: Self.base + "/items",
                headers: [("Origin", "https://evil.example")]
            )
            #expect(other.headers.first(name: "Access-Control-Allow-Origin") == nil)
        }
    }

    @Test("REST CORS: the OPTIONS mock people write")
    func restCORSMock() async throws {
        let options = Method(
            verb: .options,
            integration: Integration(
                type: .mock,
                requestTemplates: ["application/json": #"{"statusCode": 200}"#],
                responses: [
                    Integration.Response(
                        selectionPattern: nil,
                        statusCode: "200",
                        responseParameters: [
                            "method.response.header.Access-Control-Allow-Origin": "'*'",
                            "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
                            "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
                        ],
                        responseTemplates: ["application/json": ""]
                    )
                ]
            )
        )
        let apis = GatewayConfiguration(apis: [
            try TestAPIs.api(
                "rest-cors",
                id: Self.apiID,
                resources: [("/items", [TestAPIs.mock(.get, body: "[]"), options])]
            )
        ])
        try await Harness.withGateway(apis) { port in
            let reply = try await Harness.send(
                .OPTIONS,
                port: port,
                path: Self.base + "/items",
                headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET")]
            )
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Access-Control-Allow-Origin") == "*")
            #expect(reply.headers.first(name: "Access-Control-Allow-Methods") == "GET,OPTIONS")
        }
    }

    @Test("the access layer decides before the integration: unsigned AWS_IAM, resource policy, unwired authorizers")
    func access() async throws {
        var iam = TestAPIs.mock(.get, body: "{}")
        iam.authorizationType = .awsIAM
        var custom = TestAPIs.mock(.get, body: "{}")
        custom.authorizationType = .custom
        custom.authorizerName = "lambda"
        var guarded = try TestAPIs.api(
            "guarded",
            id: "c1d2e3f4a5",
            resources: [
                ("/open", [TestAPIs.mock(.get, body: #"{"open":true}"#)]),
                ("/secret", [TestAPIs.mock(.get, body: "{}")]),
            ]
        )
        // The Allow in the `execute-api:/…` shorthand people write (expanded to this API's ARNs at
        // load, as API Gateway does), the Deny as a full ARN.
        let policy = #"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/GET/open"},
              {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:*/*/GET/secret"}]}
            """#
        guarded.definition.resourcePolicy = try ResourcePolicy(try JSONParser.parse(policy))
        guarded.deployments = [Deployment.snapshot(of: guarded.definition)]
        let apis = GatewayConfiguration(apis: [
            try TestAPIs.api("iam", id: Self.apiID, resources: [("/a", [iam]), ("/c", [custom])]), guarded,
        ])
        try await Harness.withGateway(apis) { port in
            let unsigned = try await Harness.send(port: port, path: Self.base + "/a")
            #expect(unsigned.status == 403)
            #expect(unsigned.body.text == #"{"message":"Missing Authentication Token"}"#)
            let lambda = try await Harness.send(port: port, path: Self.base + "/c")
            #expect(lambda.status == 500)
            let open = try await Harness.send(port: port, path: "/restapis/c1d2e3f4a5/prod/_user_request_/open")
            #expect(open.status == 200)
            #expect(open.body.text == #"{"open":true}"#)
            let secret = try await Harness.send(port: port, path: "/restapis/c1d2e3f4a5/prod/_user_request_/secret")
            #expect(secret.status == 403)
            #expect(secret.headers.first(name: "x-amzn-ErrorType") == "AccessDeniedException")
            #expect(
                secret.body.text.hasPrefix(
                    #"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke"#
                )
            )
            // The router serves these spellings as /secret; the Deny must see /secret in each (an
            // attacker's pass got 200 for all three when the ARN was built from the raw path).
            for spelling in ["/secret/", "/%73ecret", "/secret//", "//secret"] {
                let other = try await Harness.send(
                    port: port,
                    path: "/restapis/c1d2e3f4a5/prod/_user_request_" + spelling
                )
                #expect(other.status == 403, "\(spelling)")
                #expect(other.body.text.contains("c1d2e3f4a5/prod/GET/secret with an explicit deny"), "\(spelling)")
            }
            let openSlash = try await Harness.send(port: port, path: "/restapis/c1d2e3f4a5/prod/_user_request_/open/")
            #expect(openSlash.status == 200)
        }
    }

    @Test("an HTTP API's $default route serves any path, root or not")
    func defaultRoute() async throws {
        var api = try TestAPIs.api("catchall", id: "d1e2f3a4b5", kind: .http, resources: [])
        api.definition.defaultRoute = TestAPIs.mock(.any, body: #"{"default":true}"#)
        api.deployments = [Deployment.snapshot(of: api.definition)]
        try await Harness.withGateway(GatewayConfiguration(apis: [api])) { port in
            for path in ["/", "/anything", "/a/b/", "/%61"] {
                let reply = try await Harness.send(port: port, path: "/restapis/d1e2f3a4b5/prod/_user_request_" + path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.body.text == #"{"default":true}"#, "\(path)")
            }
        }
    }

    @Test("an access-log path that cannot be opened stops the start, naming it (no trap)")
    func unopenableAccessLog() async throws {
        let path = "/nonexistent-gatehouse-dir/access.log"
        do {
            try await Harness.withGateway(try Self.petsAPI(), configure: { $0.accessLog = .file(path) }) { _ in }
            Issue.record("the gateway started without its access log")
        } catch let error as GatewayStartError {
            #expect(error.message.contains(path))
        }
    }

    @Test("one access-log line per request, without header values")
    func accessLog() async throws {
        let lines = LineSink()
        try await Harness.withGateway(try Self.petsAPI(), configure: { $0.accessLog = .handler { lines.add($0) } }) {
            port in
            _ = try await Harness.send(
                port: port,
                path: Self.base + "/pets/7",
                headers: [("Authorization", "Bearer s3cret")]
            )
            _ = try await Harness.send(port: port, path: Self.base + "/missing")
        }
        let all = lines.all
        #expect(all.count == 2)
        let first = try JSONParser.parse(all[0])
        #expect(first.value.member("status")?.value.plainTextForTest == "200")
        #expect(first.value.member("resourcePath")?.value.plainTextForTest == "/pets/{id}")
        #expect(first.value.member("method")?.value.plainTextForTest == "GET")
        #expect(!all[0].contains("s3cret"))
        let second = try JSONParser.parse(all[1])
        #expect(second.value.member("status")?.value.plainTextForTest == "403")
        #expect(second.value.member("reason")?.value.plainTextForTest?.contains("no route") == true)
    }

    /// A canary release: `percentTraffic` of requests, drawn per request, served from the canary's
    /// deployment, marked `isCanaryRequest` in the access log; 0 and 100 are exact.
    @Test("canary: its share of requests from its deployment, 0% and 100% exact, marked in the access log")
    func canary() async throws {
        var api = try TestAPIs.api(
            "canary",
            id: "f1a2b3c4d5",
            resources: [("/v", [TestAPIs.mock(.get, body: #"{"v":1}"#)])]
        )
        var next = api.definition
        next.resources = [
            Resource(path: try ResourcePath(parsing: "/v"), methods: [TestAPIs.mock(.get, body: #"{"v":2}"#)])
        ]
        api.deployments = [Deployment(id: "main01", api: api.definition), Deployment(id: "next02", api: next)]
        for percent in [0.0, 100.0, 50.0] {
            api.stages = [
                Stage(
                    stageName: "prod",
                    deploymentId: "main01",
                    canarySettings: CanarySettings(percentTraffic: percent, deploymentId: "next02")
                )
            ]
            let lines = LineSink()
            let bodies = try await Harness.withGateway(
                GatewayConfiguration(apis: [api]),
                configure: { $0.accessLog = .handler { lines.add($0) } }
            ) { port in
                var bodies: [String] = []
                for _ in 0..<60 {
                    bodies.append(
                        try await Harness.send(port: port, path: "/restapis/f1a2b3c4d5/prod/_user_request_/v").body.text
                    )
                }
                return bodies
            }
            let canary = bodies.filter { $0 == #"{"v":2}"# }.count
            #expect(bodies.filter { $0 == #"{"v":1}"# }.count + canary == 60)
            let marked = lines.all.filter { $0.contains(#""isCanaryRequest":true"#) }.count
            #expect(marked == canary)
            switch percent {
            case 0: #expect(canary == 0)
            case 100: #expect(canary == 60)
            default:
                // Binomial(60, 0.5): outside 10...50 with probability below 1e-7.
                #expect((10...50).contains(canary), "\(canary) of 60")
            }
        }
    }
}

/// Collects access-log lines across threads.
final class LineSink: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    func add(_ line: String) { lines.withLockedValue { $0.append(line) } }
    var all: [String] { lines.withLockedValue { $0 } }
}

extension JSONValue {
    var plainTextForTest: String? {
        switch self {
        case .string(let text), .number(let text): return text
        default: return nil
        }
    }
}
