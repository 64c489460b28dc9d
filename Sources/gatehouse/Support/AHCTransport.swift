import AsyncHTTPClient
import Authorizers
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over AsyncHTTPClient, for the Lambda Invoke runner and introspection.
final class AHCTransport: HTTPTransport {
    private let client: HTTPClient

    init() {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async { try? await client.shutdown().get() }

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        try await send(HTTPClientRequest(url: url), timeout: timeout, maxBytes: maxBytes)
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
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request, timeout: timeout, maxBytes: maxBytes)
    }

    /// One exchange, bounded in time and size (an oversized body is the function's
    /// `outputTooLarge`, never a partial read).
    private func send(
        _ request: HTTPClientRequest,
        timeout: Duration,
        maxBytes: Int
    ) async throws
        -> HTTPTransportResponse
    {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
        let collected: ByteBuffer
        do {
            collected = try await response.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw FunctionFailure.outputTooLarge(maxBytes)
        }
        return HTTPTransportResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: Array(buffer: collected)
        )
    }
}
