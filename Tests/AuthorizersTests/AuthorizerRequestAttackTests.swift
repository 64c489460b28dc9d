import Foundation
import GatehouseCore
import HTTPTypes
import IAMPolicy
import Synchronization
import TestSupport
import Testing

@testable import Authorizers

/// The attacker's pass over ``AuthorizerRequest``: what a hostile client can put in the request
/// target and header fields (control bytes, odd paths, canonically equivalent spellings, huge and
/// malformed queries) never traps, never gives two different requests one identity or one method
/// ARN's permission, and a query that does not decode is a typed refusal naming the parameter.
@Suite("Authorizer requests under attack")
struct AuthorizerRequestAttackTests {
    typealias Fixture = AuthorizerRequestTests

    static func request(path: String, prefix: String = "/prod") -> AuthorizerRequest {
        AuthorizerRequest(
            HTTPRequest(
                method: .get,
                scheme: "https",
                authority: "abc123.execute-api.us-east-1.amazonaws.com",
                path: path
            ),
            route: AuthorizerRequest.Route(
                region: "us-east-1",
                accountId: "123456789012",
                apiId: "abc123",
                stage: "prod",
                resource: "/{proxy+}",
                pathPrefix: prefix
            ),
            peer: AuthorizerRequest.Peer(sourceIp: "203.0.113.7")
        )
    }

    static let arnPrefix = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET"

    /// Empty segments right after the stage are dropped (reference/gateway.md, recorded), so a
    /// Deny on `GET/admin*` is not sidestepped by `/prod//admin`; inner ones, dot segments and
    /// escapes stay as sent (the method ARN names the path undecoded, as API Gateway's does).
    @Test(arguments: [
        ("/prod//admin", "/admin"),
        ("/prod///admin/x", "/admin/x"),
        ("/prod//", "/"),
        ("/prod/a//b", "/a//b"),
        ("/prod/a/../admin", "/a/../admin"),
        ("/prod/%2Fadmin", "/%2Fadmin"),
        ("/prod/admin%2F..%2Fx", "/admin%2F..%2Fx"),
        ("/prod//admin?x=//", "/admin"),
    ])
    func emptySegmentsAfterTheStage(_ target: String, _ path: String) {
        let request = Self.request(path: target)
        #expect(request.path == path)
        #expect(request.methodArn == Self.arnPrefix + path)
    }

    @Test func aDenyOnAPathIsNotSidesteppedByADoubledSlash() throws {
        let document = try PolicyDocument.parse(
            #"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/*"},
              {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/admin*"}]}
            """#,
            kind: .identity
        )
        let policy = CompiledPolicySet(IdentityPolicySet(identity: [NamedPolicy(name: "p", document: document)]))
        for target in ["/prod/admin", "/prod//admin", "/prod////admin/users"] {
            let arn = Self.request(path: target).methodArn
            #expect(
                !policy.evaluate(AuthorizationRequest(action: "execute-api:Invoke", resource: arn)).isAllowed,
                "\(arn)"
            )
        }
    }

    /// Header values as swift-http-types legalizes them: CR, LF and NUL never reach an identity
    /// value or the event (they become spaces), whatever the client sent.
    @Test(arguments: ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u{0}b", "\r\n", "a\u{0}"])
    func controlBytesInHeaderValues(_ value: String) throws {
        let request = Fixture.request(fields: [("X-Token", value)], query: "")
        let identity = Fixture.identity(Fixture.authorizer("method.request.header.X-Token"), request)
        for text in [identity ?? ""] + request.headers.map(\.value) {
            #expect(!text.utf8.contains { $0 == 0x0d || $0 == 0x0a || $0 == 0x00 }, "\(Array(text.utf8))")
        }
        #expect(!request.headers.contains { $0.name.lowercased() == "x-injected" })
        let configuration = try LambdaAuthorizerConfiguration(
            name: "ctl",
            kind: .request,
            identitySources: [try IdentitySource("method.request.header.X-Token")],
            resultTTLSeconds: 0
        )
        let event = AuthorizerEvent.make(configuration, request: request, identityValues: [identity ?? ""])
        let parsed = try JSONParser.parse(event.serializedBytes)
        #expect(parsed.value != .null)
    }

    /// An empty header is absent for an identity source (401), not an empty identity; a repeated
    /// header joins its values, so no spelling of two fields equals one field's value by accident
    /// unless the bytes are the same (`a,b` sent whole and as two fields is API Gateway's reading).
    @Test func emptyAndRepeatedHeaders() {
        let authorizer = Fixture.authorizer("method.request.header.X-Token")
        #expect(Fixture.identity(authorizer, Fixture.request(fields: [("X-Token", "")], query: "")) == nil)
        #expect(
            Fixture.identity(authorizer, Fixture.request(fields: [("X-Token", "a"), ("x-token", "b")], query: ""))
                == "a,b"
        )
        #expect(
            Fixture.identity(authorizer, Fixture.request(fields: [("X-Token", ""), ("X-Token", "b")], query: ""))
                == ",b"
        )
    }

    /// Query names compare as bytes: a decomposed spelling of the configured name is another
    /// parameter (401 when it is the only one), and the event keeps the two apart.
    @Test func canonicallyEquivalentQueryNamesStayApart() throws {
        let authorizer = Fixture.authorizer("method.request.querystring.café")
        let nfd = "cafe%CC%81=decomposed"
        let nfc = "caf%C3%A9=precomposed"
        #expect(Fixture.identity(authorizer, Fixture.request(fields: [], query: nfd)) == nil)
        #expect(Fixture.identity(authorizer, Fixture.request(fields: [], query: nfc)) == "precomposed")
        #expect(Fixture.identity(authorizer, Fixture.request(fields: [], query: nfd + "&" + nfc)) == "precomposed")

        let request = Fixture.request(fields: [], query: nfc + "&" + nfd)
        for kind in [
            LambdaAuthorizerConfiguration.Kind.request, .httpAPI(payloadVersion: "2.0", simpleResponses: false),
        ] {
            let configuration = try LambdaAuthorizerConfiguration(
                name: "nfd",
                kind: kind,
                identitySources: [try IdentitySource("method.request.querystring.café")],
                resultTTLSeconds: 0
            )
            let event = AuthorizerEvent.make(configuration, request: request, identityValues: ["precomposed"])
            guard case .object(let members) = try JSONParser.parse(event.serializedBytes).value,
                case .object(let query)? = members.first(where: { $0.key == "queryStringParameters" })?.value.value
            else {
                Issue.record("no queryStringParameters for \(kind)")
                continue
            }
            let names = query.map { Array($0.key.utf8) }
            #expect(names == [Array("café".utf8), Array("cafe\u{301}".utf8)], "\(kind)")
        }
    }

    /// Random query strings built from the characters that matter (`%`, hex digits, `+`, `&`,
    /// `=`, escapes of control and non-ASCII bytes), seeded: decoding never traps; it either
    /// gives pairs that re-encode to an equivalent query, or a typed error whose parameter index
    /// is in range — and then the authorizer refuses with 401 without calling the function.
    @Test(arguments: [11 as UInt64, 12, 13, 14])
    func randomQueries(seed: UInt64) async {
        var random = SeededRandom(seed: seed)
        let pieces = [
            "%", "%2", "%zz", "%00", "%0", "%G1", "%+4", "% 1", "+", "&", "=", "==", "&&", "a", "B", "0", "f", "%41",
            "%C3%A9", "%C3", "%E2%82", "%FF", "%ED%A0%80", "%F4%90%80%80", "%e2%82%ac", "%2B", "%20", "%26", "%3D",
            "é", "😀", "%0D%0A", "%7F",
        ]
        let function = ScriptedFunction { _ throws(FunctionFailure) in throw .raised("Unauthorized") }
        let authorizer = LambdaAuthorizer(
            configuration: try! LambdaAuthorizerConfiguration(
                name: "fuzz",
                kind: .request,
                identitySources: [try! IdentitySource("method.request.querystring.a")],
                resultTTLSeconds: 0
            ),
            function: function
        )
        for _ in 0..<600 {
            var query = ""
            for _ in 0..<(1 + random.below(12)) { query += pieces[random.below(pieces.count)] }
            let request = Fixture.request(fields: [], query: "a=1&" + query)
            let parameterCount = ("a=1&" + query).split(separator: "&").count
            do throws(QueryStringError) {
                let pairs = try request.queryParameters
                #expect(pairs.count == parameterCount, "\(query)")
                #expect(request.queryStringError == nil)
            } catch {
                #expect((0..<parameterCount).contains(error.parameter), "\(query): \(error)")
                #expect(request.queryStringError == error)
                #expect(!error.description.isEmpty)
                let calls = function.calls.load(ordering: .relaxed)
                let evaluation = await authorizer.authorize(request, now: 0)
                #expect(evaluation.denial?.status == 401, "\(query)")
                #expect(function.calls.load(ordering: .relaxed) == calls, "\(query): the function ran")
            }
        }
    }

    /// An enormous query (many parameters, one huge value, many repeats of one key) decodes in
    /// time linear in its size, and the event keeps every repeated value.
    @Test func enormousQueries() throws {
        let many = (0..<20_000).map { "k\($0)=v%20\($0)" }.joined(separator: "&")
        let repeated = Array(repeating: "a=%41", count: 20_000).joined(separator: "&")
        let huge = "a=" + String(repeating: "%41", count: 300_000)
        let clock = ContinuousClock()
        for query in [many, repeated, huge] {
            let elapsed = try clock.measure {
                let request = Fixture.request(fields: [], query: query)
                let pairs = try request.queryParameters
                #expect(pairs.count == query.split(separator: "&").count)
                let configuration = try LambdaAuthorizerConfiguration(
                    name: "big",
                    kind: .request,
                    identitySources: [try IdentitySource("method.request.querystring.a")],
                    resultTTLSeconds: 0
                )
                _ = AuthorizerEvent.make(configuration, request: request, identityValues: []).serializedBytes
            }
            // Scaled under a sanitizer: 28.8 s in the whole AddressSanitizer run of a clean-clone CI
            // (two cores shared with every other suite); a quadratic decoder is far past either.
            #expect(elapsed < Duration.seconds(20).scaledForSanitizers, "\(query.prefix(20))… took \(elapsed)")
        }
        let request = Fixture.request(fields: [], query: repeated)
        #expect(Fixture.identity(Fixture.authorizer("method.request.querystring.a"), request)?.utf8.count == 40_000 - 1)
    }
}
