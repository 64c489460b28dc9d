import Authorizers
import GatehouseCore
import Synchronization

/// A key server that answers after `delay` (a slow or trickling JWKS endpoint), counting fetches.
final class SlowIssuer: HTTPTransport {
    let body: LockedBox<[UInt8]>
    let status: Int
    let delay: Duration
    let fetches = Atomic<Int>(0)

    init(body: [UInt8], status: Int = 200, delay: Duration) {
        self.body = LockedBox(body)
        self.status = status
        self.delay = delay
    }

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        fetches.add(1, ordering: .relaxed)
        try await Task.sleep(for: delay)
        let body = self.body.withLock { $0 }
        // The transport's own cap, as AsyncHTTPTransport applies it while reading.
        guard body.count <= maxBytes else { throw FunctionFailure.transport("the body exceeds \(maxBytes) bytes") }
        return HTTPTransportResponse(status: status, headers: [("Cache-Control", "max-age=60")], body: body)
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
}
