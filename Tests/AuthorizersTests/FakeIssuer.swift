import Authorizers
import GatehouseCore
import TestSupport

/// An issuer whose JWKS and availability the test controls; counts fetches.
final class FakeIssuer: HTTPTransport {
    struct State {
        var jwks: [UInt8] = []
        var cacheControl: String? = "max-age=60"
        var down = false
        var fetches = 0
        var discovery: String? = nil
    }

    let state = LockedBox(State())

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
        JWKSFixture.ecSet(ReviewRegressionTests.p256, kids: kids)
    }
}
