import Authorizers
import Foundation
import Synchronization
import Testing

/// An RFC 7662 introspection endpoint the test controls; it records what it was sent.
final class FakeIntrospection: HTTPTransport {
    let answers: [String: String]
    let requests = Mutex<[(String, [UInt8], [(String, String)])]>([])

    init(_ answers: [String: String]) { self.answers = answers }

    func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws
        -> HTTPTransportResponse
    {
        requests.withLock { $0.append((url, body, headers)) }
        let form = String(decoding: body, as: UTF8.self)
        let token = form.split(separator: "&").first { $0.hasPrefix("token=") }.map { String($0.dropFirst(6)) } ?? ""
        return HTTPTransportResponse(
            status: 200,
            headers: [],
            body: Array((answers[token] ?? #"{"active":false}"#).utf8)
        )
    }

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        HTTPTransportResponse(status: 404, headers: [], body: [])
    }
}

@Suite("OAuth 2.0 introspection authorizer")
struct IntrospectionTests {
    @Test func activeTokensAllowInactiveAre401AndResultsAreCachedByToken() async throws {
        let endpoint = FakeIntrospection([
            "good": #"{"active":true,"sub":"alice","client_id":"web","scope":"pets/read pets/write"}"#,
            "readonly": #"{"active":true,"client_id":"cli","scope":"pets/read"}"#,
        ])
        let function = IntrospectionFunction(
            endpoint: "https://issuer.test/oauth2/introspect",
            clientID: "gateway",
            clientSecret: "s3cr:et",
            transport: endpoint,
            requiredScopes: ["pets/write"]
        )
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: function)

        let allowed = await authorizer.authorize(LambdaFixture.request(token: "Bearer good"), now: 0)
        let grant = try allowed.outcome.get()
        #expect(grant.principalId == "alice")
        #expect(grant.context.contains { $0.0 == "clientId" && $0.1 == .string("web") })
        let cached = await authorizer.authorize(LambdaFixture.request("POST", "/pets", token: "Bearer good"), now: 1)
        #expect(cached.cacheHit)
        #expect(endpoint.requests.withLock { $0.count } == 1)

        let (url, body, headers) = try #require(endpoint.requests.withLock { $0.first })
        #expect(url == "https://issuer.test/oauth2/introspect")
        #expect(String(decoding: body, as: UTF8.self) == "token=good&token_type_hint=access_token")
        // Client credentials per RFC 6749 §2.3.1: form-encoded, then Basic.
        #expect(
            headers.contains {
                $0 == ("Authorization", "Basic " + Data("gateway:s3cr%3Aet".utf8).base64EncodedString())
            }
        )

        let inactive = await authorizer.authorize(LambdaFixture.request(token: "Bearer revoked"), now: 0)
        guard case .failure(let unauthorized) = inactive.outcome else { Issue.record("inactive token allowed"); return }
        #expect(unauthorized.status == 401)

        let missingScope = await authorizer.authorize(LambdaFixture.request(token: "Bearer readonly"), now: 0)
        guard case .failure(let denied) = missingScope.outcome else { Issue.record("missing scope allowed"); return }
        #expect(denied.kind == .explicitDeny)
        #expect(!"\(function)".contains("s3cr"))
    }
}

@Suite("Secrets never print")
struct SecretRedactionTests {
    @Test func evaluationsKeysAndMintersRedact() async throws {
        let authorizer = LambdaAuthorizer(
            configuration: LambdaFixture.token(),
            function: LambdaFixture.scopedToMethod()
        )
        let evaluation = await authorizer.authorize(LambdaFixture.request(token: "Bearer sekrit-token-value"), now: 0)
        #expect(!"\(evaluation)".contains("sekrit"))
        let key = try VerificationKey(secret: [UInt8](repeating: 0x41, count: 32), algorithm: .hs256, keyID: "k")
        #expect(!"\(key)".contains("AAAA"))
    }
}
