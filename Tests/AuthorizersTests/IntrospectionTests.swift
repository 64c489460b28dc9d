import Authorizers
import Foundation
import GatehouseCore
import Testing

/// An RFC 7662 introspection endpoint the test controls; it records what it was sent.
final class FakeIntrospection: HTTPTransport {
    let answers: [String: String]
    let requests = LockedBox<[(String, [UInt8], [(String, String)])]>([])

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
            "good": #"{"active":true,"sub":"alice","client_id":"web","scope":"pets/read pets/write","aud":"pets-api"}"#,
            "readonly": #"{"active":true,"client_id":"cli","scope":"pets/read","aud":["pets-api"]}"#,
        ])
        let function = try IntrospectionFunction(
            endpoint: "https://issuer.test/oauth2/introspect",
            clientID: "gateway",
            clientSecret: "s3cr:et",
            transport: endpoint,
            audiences: ["pets-api"],
            requiredScopes: ["pets/write"],
            clock: ManualClock(wall: 1_000)
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

/// One canned answer for every introspection request.
final class CannedIntrospection: HTTPTransport {
    let status: Int
    let body: String
    let posts = LockedBox(0)

    init(_ body: String, status: Int = 200) {
        self.body = body
        self.status = status
    }

    func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws
        -> HTTPTransportResponse
    {
        posts.withLock { $0 += 1 }
        return HTTPTransportResponse(status: status, headers: [], body: Array(self.body.utf8))
    }

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        HTTPTransportResponse(status: 404, headers: [], body: [])
    }
}

@Suite("Introspection answers are judged strictly (issue 16 C15)")
struct IntrospectionAnswerTests {
    enum Verdict: Sendable, CustomStringConvertible {
        case allow, unauthorized, malformed
        var description: String {
            switch self {
            case .allow: return "allow"
            case .unauthorized: return "401"
            case .malformed: return "500"
            }
        }
    }

    static let now: Timestamp = 1_700_000_000

    static func verdict(
        _ body: String,
        status: Int = 200,
        audiences: [String] = ["pets-api", "admin-api"],
        tokenType: String? = nil
    ) async throws -> Verdict {
        let function = try IntrospectionFunction(
            endpoint: "https://issuer.test/introspect",
            clientID: "gateway",
            clientSecret: "secret",
            transport: CannedIntrospection(body, status: status),
            audiences: audiences,
            tokenType: tokenType,
            leeway: 5,
            clock: ManualClock(wall: now)
        )
        let event =
            #"{"type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets","authorizationToken":"Bearer t"}"#
        do {
            _ = try await function.invoke(Array(event.utf8), timeout: .seconds(1))
            return .allow
        } catch .raised("Unauthorized") {
            return .unauthorized
        } catch .transport {
            return .malformed
        } catch {
            Issue.record("unexpected failure \(error)")
            return .malformed
        }
    }

    /// The audience sweep: every shape `aud` can take, against the configured audiences.
    static let audienceCases: [(String, Verdict)] = [
        (#""aud":"pets-api""#, .allow),
        (#""aud":"admin-api""#, .allow),
        (#""aud":["other","pets-api"]"#, .allow),
        (#""aud":["pets-api"]"#, .allow),
        (#""aud":"some-other-api""#, .unauthorized),  // the regression: another API's token
        (#""aud":["some-other-api","x"]"#, .unauthorized),
        (#""aud":[]"#, .unauthorized),
        (#""aud":"""#, .unauthorized),
        (#""aud":"PETS-API""#, .unauthorized),  // audiences compare exactly
        (#""aud":"pets-api ""#, .unauthorized),
        (#""aud":"pets""#, .unauthorized),
        (#""aud":"pets-api,admin-api""#, .unauthorized),
        (#""aud":"pets-api\u0000""#, .unauthorized),
        (#""scope":"a""#, .unauthorized),  // no aud at all
        (#""aud":7"#, .malformed),
        (#""aud":true"#, .malformed),
        (#""aud":null"#, .malformed),
        (#""aud":{"pets-api":true}"#, .malformed),
        (#""aud":["pets-api",7]"#, .malformed),
        (#""aud":[["pets-api"]]"#, .malformed),
        (#""aud":[null]"#, .malformed),
    ]

    @Test(arguments: audienceCases)
    func audienceShapes(_ fields: String, _ expected: Verdict) async throws {
        let verdict = try await Self.verdict(#"{"active":true,"sub":"alice",\#(fields)}"#)
        #expect("\(verdict)" == "\(expected)", "\(fields)")
    }

    /// `active`: only the JSON boolean `true` is active; other types are malformed.
    static let activeCases: [(String, Verdict)] = [
        (#""active":true"#, .allow),
        (#""active":false"#, .unauthorized),
        (#""sub":"no-active""#, .unauthorized),
        (#""active":"true""#, .malformed),
        (#""active":1"#, .malformed),
        (#""active":"yes""#, .malformed),
        (#""active":null"#, .malformed),
        (#""active":[true]"#, .malformed),
        (#""active":{}"#, .malformed),
        (#""active":true,"active":true"#, .malformed),  // duplicate keys: the parser refuses
    ]

    @Test(arguments: activeCases)
    func activeMustBeExactlyTrue(_ fields: String, _ expected: Verdict) async throws {
        let verdict = try await Self.verdict(#"{\#(fields),"aud":"pets-api"}"#)
        #expect("\(verdict)" == "\(expected)", "\(fields)")
    }

    /// Time, type and informational fields: wrong types fail closed; exp/nbf honoured with leeway 5.
    static let fieldCases: [(String, Verdict)] = [
        (#""exp":1700000100"#, .allow),
        (#""exp":1700000004"#, .allow),  // within the leeway
        (#""exp":1700000000"#, .allow),
        (#""exp":1699999995"#, .unauthorized),  // expired past the leeway
        (#""exp":1600000000"#, .unauthorized),
        (#""exp":"1700000100""#, .malformed),
        (#""exp":null"#, .malformed),
        (#""exp":1e400"#, .malformed),
        (#""nbf":1700000005"#, .allow),
        (#""nbf":1700000006"#, .unauthorized),
        (#""nbf":"0""#, .malformed),
        (#""iat":"now""#, .malformed),
        (#""sub":7"#, .malformed),
        (#""client_id":["web"]"#, .malformed),
        (#""scope":["a","b"]"#, .malformed),
        (#""username":false"#, .malformed),
        (#""iss":1"#, .malformed),
        (#""token_type":7"#, .malformed),
        (#""token_type":"Bearer""#, .allow),
    ]

    @Test(arguments: fieldCases)
    func fieldTypesAndTimes(_ fields: String, _ expected: Verdict) async throws {
        let verdict = try await Self.verdict(#"{"active":true,"aud":"pets-api",\#(fields)}"#)
        #expect("\(verdict)" == "\(expected)", "\(fields)")
    }

    @Test func tokenTypeIsCheckedWhenConfigured() async throws {
        let body = { (type: String) in #"{"active":true,"aud":"pets-api"\#(type)}"# }
        #expect("\(try await Self.verdict(body(#","token_type":"Bearer""#), tokenType: "bearer"))" == "allow")
        #expect(
            "\(try await Self.verdict(body(#","token_type":"access_token""#), tokenType: "access_token"))" == "allow"
        )
        #expect(
            "\(try await Self.verdict(body(#","token_type":"refresh_token""#), tokenType: "access_token"))"
                == "401"
        )
        #expect("\(try await Self.verdict(body(""), tokenType: "Bearer"))" == "401")
    }

    @Test(arguments: [
        "", "null", "[]", "true", "\"active\"", "{", #"{"active":true"#, "<html>",
        #"{"active":true,"aud":"pets-api"} x"#,
    ])
    func malformedBodiesFailClosed(_ body: String) async throws {
        #expect("\(try await Self.verdict(body))" == "500", "\(body)")
    }

    @Test(arguments: [201, 204, 301, 400, 401, 500])
    func nonOKStatusesFailClosed(_ status: Int) async throws {
        #expect("\(try await Self.verdict(#"{"active":true,"aud":"pets-api"}"#, status: status))" == "500")
    }

    /// The client secret goes only to https, or plain http on this machine (the one rule).
    @Test(arguments: [
        ("https://issuer.test/introspect", true),
        ("http://127.0.0.1:9000/introspect", true),
        ("http://localhost/introspect", true),
        ("http://[::1]:9/introspect", true),
        ("http://issuer.test/introspect", false),
        ("http://localhost.evil.test/introspect", false),
        ("http://localhost:x@evil.test/introspect", false),
        ("https://user:pw@issuer.test/introspect", false),
        ("http://2130706433/introspect", false),
        ("ftp://issuer.test/introspect", false),
    ])
    func endpointMustBeTrusted(_ endpoint: String, _ accepted: Bool) {
        let made = try? IntrospectionFunction(
            endpoint: endpoint,
            clientID: "gateway",
            clientSecret: "pw-never-shown",
            transport: CannedIntrospection("{}"),
            audiences: ["pets-api"],
            clock: ManualClock(wall: 0)
        )
        #expect((made != nil) == accepted, "\(endpoint)")
        do {
            _ = try IntrospectionFunction(
                endpoint: endpoint,
                clientID: "gateway",
                clientSecret: "pw-never-shown",
                transport: CannedIntrospection("{}"),
                audiences: ["pets-api"],
                clock: ManualClock(wall: 0)
            )
        } catch {
            #expect(!"\(error)".contains("pw"), "\(error)")
        }
    }

    @Test func audiencesAreRequired() {
        #expect(throws: AuthorizerConfigurationError.self) {
            try IntrospectionFunction(
                endpoint: "https://issuer.test/introspect",
                clientID: "c",
                clientSecret: "s",
                transport: CannedIntrospection("{}"),
                audiences: [],
                clock: ManualClock(wall: 0)
            )
        }
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
