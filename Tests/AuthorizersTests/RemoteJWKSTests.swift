import Authorizers
import GatehouseCore
import GatehouseCrypto
import Testing

@Suite("Remote JWKS: caching, unknown kid, outages, discovery")
struct RemoteJWKSTests {
    @Test func honoursMaxAgeAndRefreshesUnknownKidAtMostOncePerInterval() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.jwks = FakeIssuer.jwks(["a"]) }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer, minimumRefreshInterval: 30)
        _ = try await remote.keys(for: "a", now: 1000)
        _ = try await remote.keys(for: "a", now: 1059)
        #expect(issuer.state.withLock { $0.fetches } == 1)
        _ = try await remote.keys(for: "a", now: 1060)  // max-age=60 passed
        #expect(issuer.state.withLock { $0.fetches } == 2)

        // A rotated key appears: an unknown kid fetches again, but made-up kids do not hammer the issuer.
        issuer.state.withLock { $0.jwks = FakeIssuer.jwks(["a", "b"]) }
        let rotated = try await remote.keys(for: "b", now: 1095)
        #expect(rotated.keys.contains { $0.keyID == "b" })
        for attempt in 0..<50 { _ = try await remote.keys(for: "made-up-\(attempt)", now: 1096) }
        #expect(issuer.state.withLock { $0.fetches } == 3)
    }

    @Test func servesStaleKeysWhenTheIssuerIsDown() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.jwks = FakeIssuer.jwks(["a"]) }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer, minimumRefreshInterval: 30)
        _ = try await remote.keys(for: "a", now: 0)
        issuer.state.withLock { $0.down = true }
        let stale = try await remote.keys(for: "a", now: 500)
        #expect(stale.keys.first?.keyID == "a")
        #expect(await remote.lastError != nil)

        let never = try RemoteJWKS(url: "https://down.test/jwks.json", transport: issuer)
        await #expect(throws: JWTKeyError.self) { try await never.keys(for: "a", now: 0) }
    }

    @Test func cacheControlParsing() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock {
            $0.jwks = FakeIssuer.jwks(["a"])
            $0.cacheControl = "public, no-cache"
        }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer, minimumRefreshInterval: 0)
        _ = try await remote.keys(for: "a", now: 0)
        _ = try await remote.keys(for: "a", now: 1)
        #expect(issuer.state.withLock { $0.fetches } == 2)
    }

    @Test func discoveryChecksTheIssuer() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock {
            $0.discovery = #"{"issuer":"https://issuer.test","jwks_uri":"https://issuer.test/keys"}"#
        }
        let remote = try await RemoteJWKS.discover(issuer: "https://issuer.test", transport: issuer)
        #expect(remote.url == "https://issuer.test/keys")
        issuer.state.withLock { $0.discovery = #"{"issuer":"https://evil.test","jwks_uri":"https://evil.test/keys"}"# }
        await #expect(throws: JWTKeyError.self) {
            try await RemoteJWKS.discover(issuer: "https://issuer.test", transport: issuer)
        }
    }

    /// Discovery judges the issuer and the `jwks_uri` with the one rule (issue 16 C12): a document
    /// that points the keys at plain http on another machine is refused, whatever its spelling.
    @Test(arguments: [
        ("https://issuer.test/keys", true),
        ("http://127.0.0.1:8080/keys", true),
        ("http://localhost/keys", true),
        ("http://[::1]/keys", true),
        ("http://issuer.test/keys", false),
        ("http://localhost.evil.test/keys", false),
        ("http://localhost:x@evil.test/keys", false),
        ("http://127.0.0.1@evil.test/keys", false),
        ("http://2130706433/keys", false),
        ("http://127.1/keys", false),
        ("http://localhost./keys", false),
        ("HTTP://EVIL.TEST/keys", false),
        ("ftp://issuer.test/keys", false),
        ("//evil.test/keys", false),
        ("/keys", false),
        ("", false),
    ])
    func discoveryJudgesTheJWKSURI(_ jwksURI: String, _ accepted: Bool) async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock {
            $0.discovery = #"{"issuer":"https://issuer.test","jwks_uri":"\#(jwksURI)"}"#
        }
        let remote = try? await RemoteJWKS.discover(issuer: "https://issuer.test", transport: issuer)
        #expect((remote != nil) == accepted, "\(jwksURI)")
    }

    @Test(arguments: ["http://issuer.test", "http://localhost.evil.test", "http://u:p@127.0.0.1", "issuer.test"])
    func discoveryJudgesTheIssuer(_ issuerURL: String) async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.discovery = #"{"issuer":"\#(issuerURL)","jwks_uri":"https://issuer.test/keys"}"# }
        await #expect(throws: JWTKeyError.self) { try await RemoteJWKS.discover(issuer: issuerURL, transport: issuer) }
        #expect(issuer.state.withLock { $0.fetches } == 0)
    }

    /// A published key set never contributes a shared secret (issue 16 C14): an `oct` key is left
    /// out (with its reason), the public keys beside it still serve, and a set of only `oct` keys
    /// gives no keys at all.
    @Test func octKeysFromAKeyURLAreNeverUsed() async throws {
        let secret = Base64.encodeURL([UInt8](repeating: 7, count: 32))
        let oct = #"{"kty":"oct","kid":"s","alg":"HS256","k":"\#(secret)"}"#
        let issuer = FakeIssuer()
        var mixed = FakeIssuer.jwks(["a"])
        mixed.removeLast(2)  // `]}`
        issuer.state.withLock { $0.jwks = mixed + Array(",\(oct)]}".utf8) }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer)
        let keys = try await remote.keys(for: "a", now: 0)
        #expect(keys.keys.map(\.keyID) == ["a"])
        #expect(keys.skipped.contains { $0.contains("oct") })

        let onlySecret = FakeIssuer()
        onlySecret.state.withLock { $0.jwks = Array(#"{"keys":[\#(oct)]}"#.utf8) }
        let refused = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: onlySecret)
        await #expect(throws: JWTKeyError.self) { try await refused.keys(for: "s", now: 0) }
        // The same document read as a local file keeps its secret (the documented exception).
        #expect(try JWKSet.parse(Array(#"{"keys":[\#(oct)]}"#.utf8)).keys.count == 1)
    }

    @Test(arguments: ["http://issuer.test/jwks.json", "http://x@127.0.0.1/jwks.json", "http://0x7f.1/jwks.json"])
    func remoteKeyURLsFollowTheRule(_ url: String) {
        #expect(throws: JWTKeyError.self) { try RemoteJWKS(url: url, transport: FakeIssuer()) }
    }

    /// A fetch is bounded by the caller's deadline when that is shorter (issue 16 A6): an
    /// authorizer with a 1 s timeout never waits 1.5 s for its keys.
    @Test(arguments: [
        (Duration.milliseconds(200), Duration.milliseconds(200)), (.seconds(1), .seconds(1)),
        (.seconds(10), .milliseconds(1500)),
    ])
    func fetchTimeoutIsTheShorterOfTheCallersAndTheFetchLimit(_ callers: Duration, _ expected: Duration) async throws {
        final class Recording: HTTPTransport {
            let timeouts = LockedBox<[Duration]>([])
            func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
                timeouts.withLock { $0.append(timeout) }
                return HTTPTransportResponse(status: 200, headers: [], body: FakeIssuer.jwks(["a"]))
            }
            func post(
                _ url: String,
                body: [UInt8],
                headers: [(String, String)],
                timeout: Duration,
                maxBytes: Int
            ) async throws -> HTTPTransportResponse {
                HTTPTransportResponse(status: 405, headers: [], body: [])
            }
        }
        let transport = Recording()
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: transport)
        _ = try await remote.keys(for: "a", now: 0, timeout: callers)
        #expect(transport.timeouts.withLock { $0 } == [expected])
    }
}
