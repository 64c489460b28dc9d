import Authorizers
import GatehouseCrypto
import Synchronization
import Testing

/// An issuer whose JWKS and availability the test controls; counts fetches.
final class FakeIssuer: HTTPTransport {
    struct State {
        var jwks: [UInt8] = []
        var cacheControl: String? = "max-age=60"
        var down = false
        var fetches = 0
        var discovery: String? = nil
    }

    let state = Mutex(State())

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        try state.withLock { state in
            state.fetches += 1
            if state.down { throw FunctionFailure.transport("connection refused") }
            if url.hasSuffix("/.well-known/openid-configuration") {
                return HTTPTransportResponse(
                    status: state.discovery == nil ? 404 : 200,
                    headers: [],
                    body: Array((state.discovery ?? "").utf8)
                )
            }
            return HTTPTransportResponse(
                status: 200,
                headers: state.cacheControl.map { [("Cache-Control", $0)] } ?? [],
                body: state.jwks
            )
        }
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
        HTTPTransportResponse(status: 405, headers: [], body: [])
    }

    /// Published keys are public: EC keys, one per kid.
    static func jwks(_ kids: [String]) -> [UInt8] {
        let jwk = ReviewRegressionTests.p256.jwkParameters
        return Array(
            (#"{"keys":["#
                + kids.map { #"{"kty":"EC","crv":"P-256","kid":"\#($0)","x":"\#(jwk["x"]!)","y":"\#(jwk["y"]!)"}"# }
                .joined(separator: ",") + "]}").utf8
        )
    }
}

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
}
