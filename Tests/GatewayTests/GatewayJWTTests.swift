import Authorizers
import GatehouseCore
import Gateway
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JWT authorizers through the whole gateway: keys from a local JWKS file given for the issuer
/// (``GatewayServerConfiguration/jwks``), tokens minted by the repository's `JWTSigner` (ES256)
/// with the test key in TestVectors/gateway/jwt, the claims reaching an AWS_PROXY function.
@Suite("Gateway JWT authorizers")
struct GatewayJWTTests {
    static let issuer = "https://issuer.gateway-test.local"
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(
        separator: "/"
    )
    static let jwksPath = "\(root)/TestVectors/gateway/jwt/jwks.json"

    /// Far-future `exp` (2100-01-01), `iat` in the past: the gateway reads the system clock.
    static func token(
        audience: String = "orders-api",
        subject: String = "alice",
        issuer: String = Self.issuer
    ) throws -> String {
        let key = try readBytes("\(root)/TestVectors/gateway/jwt/es256-private.pem")
        let signer = try JWTSigner(algorithm: .es256, key: key)
        return try signer.sign(
            claimsJSON:
                #"{"iss":"\#(issuer)","aud":"\#(audience)","sub":"\#(subject)","tier":"gold","iat":1700000000,"exp":4102444800}"#,
            keyID: "gateway-test-es256"
        )
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw JWTTestError.unreadable(path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    static func api(kind: APIKind, id: String, issuer: String = Self.issuer) throws -> ConfiguredAPI {
        var method = TestAPIs.lambda(.get, function: "echo", payload: kind == .http ? "2.0" : nil)
        method.authorizationType = .jwt
        method.authorizerName = "bearer"
        var api = try TestAPIs.api("jwt-api", id: id, kind: kind, resources: [("/orders", [method])])
        api.definition.authorizers = [
            Authorizer(
                name: "bearer",
                kind: .jwt,
                identitySource: [
                    kind == .http ? "$request.header.Authorization" : "method.request.header.Authorization"
                ],
                issuer: issuer,
                audience: ["orders-api"]
            )
        ]
        api.deployments = [Deployment.snapshot(of: api.definition)]
        return api
    }

    @Test(
        "a jwt authorizer with a local JWKS: valid token allowed with its claims; tampered, missing, wrong audience → 401",
        arguments: [APIKind.rest, .http]
    )
    func localJWKS(kind: APIKind) async throws {
        let id = kind == .http ? "e1f2a3b4c5" : "f1a2b3c4d5"
        let apis = GatewayConfiguration(apis: [try Self.api(kind: kind, id: id)])
        let token = try Self.token()
        try await Harness.withGateway(
            apis,
            configure: {
                $0.functions = ["echo": GatewayIntegrationTests.functionCommand]
                $0.jwks = [Self.issuer: Self.jwksPath]
            }
        ) { port in
            let path = "/restapis/\(id)/prod/_user_request_/orders"
            let allowed = try await Harness.send(
                port: port,
                path: path,
                headers: [("Authorization", "Bearer \(token)")]
            )
            #expect(allowed.status == 201)
            let event = try JSONParser.parse(allowed.body).value
            var authorizer = event.member("requestContext")?.value.member("authorizer")?.value
            if kind == .http { authorizer = authorizer?.member("jwt")?.value }
            let claims = authorizer?.member("claims")?.value
            #expect(claims?.member("sub")?.value.plainTextForTest == "alice")
            #expect(claims?.member("tier")?.value.plainTextForTest == "gold")
            #expect(claims?.member("iss")?.value.plainTextForTest == Self.issuer)

            let raw = try await Harness.send(port: port, path: path, headers: [("Authorization", token)])
            #expect(raw.status == 201)

            // One character of the signature changed.
            var tamperedText = Array(token)
            let last = tamperedText.count - 5
            tamperedText[last] = tamperedText[last] == "A" ? "B" : "A"
            let tampered = try await Harness.send(
                port: port,
                path: path,
                headers: [("Authorization", "Bearer \(String(tamperedText))")]
            )
            #expect(tampered.status == 401)
            #expect(tampered.body.text == #"{"message":"Unauthorized"}"#)

            let missing = try await Harness.send(port: port, path: path)
            #expect(missing.status == 401)
            #expect(missing.body.text == #"{"message":"Unauthorized"}"#)

            let wrongAudience = try await Harness.send(
                port: port,
                path: path,
                headers: [("Authorization", "Bearer \(try Self.token(audience: "someone-else"))")]
            )
            #expect(wrongAudience.status == 401)
            #expect(wrongAudience.body.text == #"{"message":"Unauthorized"}"#)
            if kind == .http {
                #expect(wrongAudience.headers.first(name: "www-authenticate")?.contains("invalid_token") == true)
            }
        }
    }

    /// A claim mapped into a backend header is the verified token's, and the client's own header
    /// of that name never reaches the backend (the positive side of the attacker's F3).
    @Test(
        "context.authorizer.claims.* mapped to a header: the token's claim reaches the backend, the client's header does not"
    )
    func claimsMappedToHeaders() async throws {
        let router = Router()
        router.get("/orders") { request, _ -> Response in
            let seen = request.headers[values: HTTPField.Name("X-User")!].joined(separator: " | ")
            let tier = request.headers[HTTPField.Name("X-Tier")!] ?? "-"
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "\(seen) \(tier)")))
        }
        let token = try Self.token(subject: "alice")
        let replies = try await Harness.withBackend(router) { backendPort in
            var method = TestAPIs.proxy(.get, "http://127.0.0.1:\(backendPort)/orders")
            method.authorizationType = .jwt
            method.authorizerName = "bearer"
            method.integration?.requestParameters = [
                "integration.request.header.X-User": "context.authorizer.claims.sub",
                "integration.request.header.X-Tier": "context.authorizer.claims.tier",
            ]
            var api = try Self.api(kind: .rest, id: "a9b8c7d6e5")
            api.definition.resources = [Resource(path: try ResourcePath(parsing: "/orders"), methods: [method])]
            api.deployments = [Deployment.snapshot(of: api.definition)]
            return try await Harness.withGateway(
                GatewayConfiguration(apis: [api]),
                configure: { $0.jwks = [Self.issuer: Self.jwksPath] }
            ) { port in
                let path = "/restapis/a9b8c7d6e5/prod/_user_request_/orders"
                let allowed = try await Harness.send(
                    port: port,
                    path: path,
                    headers: [("Authorization", "Bearer \(token)"), ("X-User", "admin"), ("X-Tier", "platinum")]
                )
                let refused = try await Harness.send(port: port, path: path, headers: [("X-User", "admin")])
                return (allowed, refused)
            }
        }
        #expect(replies.0.status == 200)
        #expect(replies.0.body.text == "alice gold")
        #expect(replies.1.status == 401)
    }

    @Test("an issuer without a configured JWKS: keys found through its OIDC discovery document")
    func discovery() async throws {
        let jwks = try Self.readBytes(Self.jwksPath)
        let router = Router()
        router.get("/.well-known/openid-configuration") { request, _ -> Response in
            let issuer = "http://\(request.head.authority ?? "")"
            let document = #"{"issuer":"\#(issuer)","jwks_uri":"\#(issuer)/keys"}"#
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
        router.get("/keys") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: jwks)))
        }
        try await Harness.withBackend(router) { issuerPort in
            let issuer = "http://127.0.0.1:\(issuerPort)"
            // A second API whose issuer answers nothing: the gateway starts, its tokens are refused.
            let apis = GatewayConfiguration(apis: [
                try Self.api(kind: .http, id: "e1f2a3b4c5", issuer: issuer),
                try Self.api(kind: .http, id: "a9b8c7d6e5", issuer: "http://127.0.0.1:1"),
            ])
            try await Harness.withGateway(
                apis,
                configure: { $0.functions = ["echo": GatewayIntegrationTests.functionCommand] }
            ) { port in
                let token = try Self.token(issuer: issuer)
                let allowed = try await Harness.send(
                    port: port,
                    path: "/restapis/e1f2a3b4c5/prod/_user_request_/orders",
                    headers: [("Authorization", "Bearer \(token)")]
                )
                #expect(allowed.status == 201)
                let event = try JSONParser.parse(allowed.body).value
                let claims = event.member("requestContext")?.value.member("authorizer")?.value.member("jwt")?.value
                    .member("claims")?.value
                #expect(claims?.member("iss")?.value.plainTextForTest == issuer)
                let wrongIssuer = try await Harness.send(
                    port: port,
                    path: "/restapis/e1f2a3b4c5/prod/_user_request_/orders",
                    headers: [("Authorization", "Bearer \(try Self.token())")]
                )
                #expect(wrongIssuer.status == 401)
                let unreachable = try await Harness.send(
                    port: port,
                    path: "/restapis/a9b8c7d6e5/prod/_user_request_/orders",
                    headers: [("Authorization", "Bearer \(try Self.token(issuer: "http://127.0.0.1:1"))")]
                )
                #expect(unreachable.status == 401)
                #expect(unreachable.body.text == #"{"message":"Unauthorized"}"#)
            }
        }
    }

    @Test("a JWKS file that cannot be read stops the start, naming the file")
    func missingJWKSFile() async throws {
        let apis = GatewayConfiguration(apis: [try Self.api(kind: .http, id: "e1f2a3b4c5")])
        let path = "\(Self.root)/TestVectors/gateway/jwt/no-such-jwks.json"
        do {
            try await Harness.withGateway(apis, configure: { $0.jwks = [Self.issuer: path] }) { _ in }
            Issue.record("the gateway started without its JWKS file")
        } catch let error as GatewayStartError {
            #expect(error.message.contains(path))
        }
    }

    @Test("a JWKS file that is not a key set stops the start")
    func invalidJWKSFile() async throws {
        let apis = GatewayConfiguration(apis: [try Self.api(kind: .rest, id: "f1a2b3c4d5")])
        let path = "\(Self.root)/TestVectors/gateway/config-example.yaml"
        do {
            try await Harness.withGateway(apis, configure: { $0.jwks = [Self.issuer: path] }) { _ in }
            Issue.record("the gateway started with a YAML file as its JWKS")
        } catch let error as GatewayStartError {
            #expect(error.message.contains(path))
        }
    }
}

enum JWTTestError: Error {
    case unreadable(String)
}
