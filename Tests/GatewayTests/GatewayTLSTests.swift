import AsyncHTTPClient
import GatehouseCore
import Gateway
import GatewayConfig
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// `serve --tls-cert/--tls-key`: TLS with HTTP/2 and HTTP/1.1 offered by ALPN, `aws:SecureTransport`
/// true on every request that came over it, and a start refused (file named) when the certificate
/// or key cannot be used. The certificate is TestVectors/gateway/tls (generate.py there).
@Suite("Gateway TLS and HTTP/2")
struct GatewayTLSTests {
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(
        separator: "/"
    )
    static let certificate = "\(root)/TestVectors/gateway/tls/cert.pem"
    static let key = "\(root)/TestVectors/gateway/tls/key.pem"
    static let path = "/restapis/e1f2a3b4c5/prod/_user_request_/who"

    /// One API whose resource policy denies every request that did not come over TLS, the way
    /// AWS's documentation writes "HTTPS only" (a Deny on `aws:SecureTransport` false).
    static func httpsOnlyAPI() throws -> GatewayConfiguration {
        var api = try TestAPIs.api(
            "secure",
            id: "e1f2a3b4c5",
            resources: [("/who", [TestAPIs.mock(.get, body: #"{"ok":true}"#)])]
        )
        let policy = #"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
              {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
               "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
            """#
        api.definition.resourcePolicy = try ResourcePolicy(try JSONParser.parse(policy))
        api.deployments = [Deployment.snapshot(of: api.definition)]
        return GatewayConfiguration(apis: [api])
    }

    /// A client that trusts only the test certificate, speaking `version`.
    static func client(_ version: HTTPClient.Configuration.HTTPVersion) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = version
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    struct Answer: Sendable {
        let status: Int
        let version: HTTPVersion
        let body: String
    }

    static func get(_ client: HTTPClient, _ url: String) async throws -> Answer {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), version: response.version, body: String(buffer: body))
    }

    @Test("over TLS: HTTP/2 by ALPN (HTTP/1.1 when asked), aws:SecureTransport true; plain HTTP denied by the policy")
    func tlsServesBothVersions() async throws {
        let apis = try Self.httpsOnlyAPI()
        let answers = try await Harness.withGateway(
            apis,
            configure: {
                $0.tlsCertificatePath = Self.certificate
                $0.tlsKeyPath = Self.key
            }
        ) { port in
            var answers: [Answer] = []
            for version in [HTTPClient.Configuration.HTTPVersion.automatic, .http1Only] {
                let client = try Self.client(version)
                do {
                    answers.append(try await Self.get(client, "https://localhost:\(port)\(Self.path)"))
                    answers.append(try await Self.get(client, "https://127.0.0.1:\(port)/_gatehouse/apis"))
                } catch {
                    try? await client.shutdown()
                    throw error
                }
                try await client.shutdown()
            }
            return answers
        }
        #expect(answers.map(\.status) == [200, 200, 200, 200])
        #expect(answers[0].version == .http2)
        #expect(answers[0].body == #"{"ok":true}"#)
        #expect(answers[2].version == .http1_1)
        // Invoke URLs name the scheme the listener serves.
        #expect(answers[1].body.contains(#""invokeUrl":"https://127.0.0.1:"#))

        let plain = try await Harness.withGateway(apis) { port in
            try await Harness.send(port: port, path: Self.path)
        }
        #expect(plain.status == 403)
        #expect(plain.headers.first(name: "x-amzn-ErrorType") == "AccessDeniedException")
    }

    /// HTTP/2 frames a body without `content-length`; the backend must get it whole (an
    /// attacker's pass saw it dropped and `Content-Length: 0` sent on).
    @Test("an HTTP/2 body without content-length reaches an HTTP_PROXY backend whole")
    func http2BodyWithoutLength() async throws {
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            Response(status: .ok, body: ResponseBody(asyncSequence: request.body))
        }
        let sent = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let answer = try await Harness.withBackend(router) { backendPort in
            let api = try TestAPIs.api(
                "relay",
                id: "d1e2f3a4b5",
                resources: [("/echo", [TestAPIs.proxy(.post, "http://127.0.0.1:\(backendPort)/echo")])]
            )
            return try await Harness.withGateway(
                GatewayConfiguration(apis: [api]),
                configure: {
                    $0.tlsCertificatePath = Self.certificate
                    $0.tlsKeyPath = Self.key
                }
            ) { port in
                let client = try Self.client(.automatic)
                do {
                    var request = HTTPClientRequest(
                        url: "https://localhost:\(port)/restapis/d1e2f3a4b5/prod/_user_request_/echo"
                    )
                    request.method = .POST
                    let (chunks, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
                    for start in stride(from: 0, to: sent.count, by: 16_384) {
                        feed.yield(ByteBuffer(bytes: sent[start..<min(start + 16_384, sent.count)]))
                    }
                    feed.finish()
                    request.body = .stream(chunks, length: .unknown)
                    let response = try await client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    try await client.shutdown()
                    return (response.version, Array(buffer: body))
                } catch {
                    try? await client.shutdown()
                    throw error
                }
            }
        }
        #expect(answer.0 == .http2)
        #expect(answer.1 == sent)
    }

    @Test("a certificate or key that cannot be used refuses the start, naming the file")
    func unusableFilesRefuseTheStart() async throws {
        let apis = try Self.httpsOnlyAPI()
        let cases: [(certificate: String?, key: String?, named: String)] = [
            (Self.certificate, nil, "--tls-key"),
            (nil, Self.key, "--tls-cert"),
            ("\(Self.root)/TestVectors/gateway/tls/missing.pem", Self.key, "missing.pem"),
            (Self.key, Self.key, "key.pem"),
            (Self.certificate, Self.certificate, "TLS key `\(Self.certificate)`"),
        ]
        for (certificate, key, named) in cases {
            var configuration = GatewayServerConfiguration(apis: apis, accessLog: .discard)
            configuration.tlsCertificatePath = certificate
            configuration.tlsKeyPath = key
            do {
                _ = try await buildApplication(configuration)
                Issue.record("started with certificate \(certificate ?? "-") and key \(key ?? "-")")
            } catch let error as GatewayStartError {
                #expect(String(describing: error).contains(named), "\(error)")
            }
        }
    }
}
