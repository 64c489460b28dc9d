import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy
import IAMPolicyYAML
import Synchronization
import TestSupport
import Testing

/// Regressions for what the session's review found: each once let a deny through, trapped, or
/// bounded nothing.
@Suite("Review regressions")
struct ReviewRegressionTests {
    /// An authorizer's conditional Deny must see the request's address and time.
    @Test func conditionalDenyInAnAuthorizerPolicyFires() async throws {
        let response = #"""
            {"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"},
              {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
              {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}
            ]}}
            """#
        let function = ScriptedFunction { _ throws(FunctionFailure) in Array(response.utf8) }
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: function)
        var inside = LambdaFixture.request()
        inside.sourceIp = "10.1.2.3"
        guard case .failure(let denial) = await authorizer.authorize(inside, now: 1_768_471_200).outcome else {
            Issue.record("a Deny on aws:SourceIp did not fire")
            return
        }
        #expect(denial.kind == .explicitDeny)
        var outside = LambdaFixture.request()
        outside.sourceIp = "192.0.2.1"
        #expect((try? await authorizer.authorize(outside, now: 1_768_471_200).outcome.get()) != nil)
        // The same cached response, later than the policy's date: denied.
        guard case .failure(let late) = await authorizer.authorize(outside, now: 1_900_000_000).outcome else {
            Issue.record("a Deny on aws:CurrentTime did not fire")
            return
        }
        #expect(late.kind == .explicitDeny)
    }

    @Test(
        arguments: [
            ("get /pets/{id}", "GET", "pets/*"), ("ANY /admin/{proxy+}", "*", "admin/*"), ("/reports", "*", "reports"),
            ("DELETE /pets/*", "DELETE", "pets/*"),
        ]
    )
    func routeRulesNormalize(_ rule: String, _ method: String, _ path: String) {
        let route = JWTBearerFunction.normalizedRoute(rule)
        #expect(route?.method == method && route?.path == path)
    }

    @Test(arguments: ["FETCH /pets", "GET pets", "GET /a b", "GET /pets \"x\"", ""])
    func badRouteRulesAreRefused(_ rule: String) {
        #expect(JWTBearerFunction.normalizedRoute(rule) == nil)
    }

    @Test func hostileNumbersAndTimesDoNotTrap() {
        #expect(PolicyNumber("1e-9223372036854775808") == nil)
        #expect(PolicyNumber("1e9223372036854775807") == nil)
        #expect(PolicyNumber("1e999") != nil)
        let secret = [UInt8](repeating: 9, count: 32)
        let keys = JWKSet(keys: [try! VerificationKey(secret: secret, algorithm: .hs256)])
        for claims in [#"{"exp":1e300}"#, #"{"exp":9999999999,"nbf":1e300}"#, #"{"exp":9999999999,"iat":-1e300}"#] {
            let token = Fixture.raw(header: #"{"alg":"HS256"}"#, claims: claims) {
                HMAC.authenticationCode(.sha256, key: secret, message: $0)
            }
            if case .failure(let error) = JWTVerifier().verify(
                token,
                keys: keys,
                now: Timestamp(secondsSince1970: .max)
            ) {
                #expect(error.code == .invalidClaim || error.code == .expired, "\(claims)")
            } else {
                Issue.record("accepted \(claims)")
            }
        }
    }

    @Test func yamlAnchorsAreRefusedBeforeTheyExpand() {
        let yaml = """
            Version: 2012-10-17
            Statement:
              - &allow {Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}
              - *allow
            """
        do {
            _ = try PolicyYAML.parse(yaml, kind: .identity)
            Issue.record("anchors accepted")
        } catch {
            #expect(error.message.contains("anchors"))
        }
        // A billion-laughs shape is refused at its first anchor, fast.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            let previous = level == 1 ? "a" : "a\(level - 1)"
            bomb +=
                "a\(level): &a\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let started = ContinuousClock.now
        #expect(throws: PolicyError.self) { try PolicyYAML.parse(bomb, kind: .identity) }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func keyURLsAndPublishedSecrets() throws {
        // The full sweep is EndpointURLTests.
        #expect((try? EndpointURL.trusted("https://issuer.test/jwks.json")) != nil)
        #expect((try? EndpointURL.trusted("http://127.0.0.1:8080/jwks.json")) != nil)
        #expect((try? EndpointURL.trusted("http://localhost/jwks.json")) != nil)
        #expect((try? EndpointURL.trusted("http://localhost.evil.test/jwks.json")) == nil)
        #expect((try? EndpointURL.trusted("http://issuer.test/jwks.json")) == nil)
        let oct =
            #"{"keys":[{"kty":"oct","kid":"s","alg":"HS256","k":"\#(Base64.encodeURL([UInt8](repeating: 1, count: 32)))"}]}"#
        #expect(throws: JWTKeyError.self) { try JWKSet.parse(Array(oct.utf8), allowSecretKeys: false) }
        #expect((try? JWKSet.parse(Array(oct.utf8)))?.keys.count == 1)
    }

    @Test func oddCacheControlDoesNotTrap() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock {
            $0.jwks = Array(
                #"{"keys":[{"kty":"EC","crv":"P-256","kid":"a","x":"\#(Self.p256x)","y":"\#(Self.p256y)"}]}"#.utf8
            )
            $0.cacheControl = "max-age=60, =, ,max-age"
        }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer)
        #expect(try await remote.keys(for: "a", now: 0).keys.count == 1)
    }

    static let p256: PublicKey = try! PrivateKey.generate(.ec(.p256)).publicKey
    static var p256x: String { p256.jwkParameters["x"]! }
    static var p256y: String { p256.jwkParameters["y"]! }

    @Test func localCommandSurvivesAChildThatIgnoresStdin() async throws {
        // Exits at once without reading a large event: the write must fail quietly (no SIGPIPE).
        let quick = LocalCommandFunction(arguments: ["python3", "-c", "print('{}')"])
        let event = [UInt8](repeating: 0x20, count: 4 * 1024 * 1024)
        _ = try? await quick.invoke(event, timeout: .seconds(10))
        // The two timed runs are timed on a thread of their own, not the shared test pool (see
        // DedicatedExecutor).
        // Never reads stdin and sleeps: the timeout holds even with a full pipe.
        let stubborn = LocalCommandFunction(arguments: ["python3", "-c", "import time; time.sleep(30)"])
        let stubbornTime = await DedicatedExecutor.timedTests.run {
            let started = ContinuousClock.now
            await #expect(throws: FunctionFailure.self) {
                try await stubborn.invoke(event, timeout: .milliseconds(500))
            }
            return ContinuousClock.now - started
        }
        #expect(stubbornTime < .seconds(5), "took \(stubbornTime)")
        // A background grandchild keeps stdout open: bounded by the timeout, not by the grandchild.
        let detached = LocalCommandFunction(arguments: ["sh", "-c", "sleep 20 & echo '{}'"])
        let detachedTime = await DedicatedExecutor.timedTests.run {
            let started = ContinuousClock.now
            _ = try? await detached.invoke([], timeout: .seconds(2))
            return ContinuousClock.now - started
        }
        #expect(detachedTime < .seconds(6), "took \(detachedTime)")
    }
}
