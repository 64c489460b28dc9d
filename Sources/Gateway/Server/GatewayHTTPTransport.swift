import AsyncHTTPClient
import Authorizers
import NIOCore
import NIOHTTP1

/// The Authorizers' ``HTTPTransport`` over the gateway's pooled client, for the Lambda Invoke
/// runner: trusted URLs only (``EndpointURL/trusted(_:)``), no redirects (the client is made
/// with them disallowed), one deadline for the whole exchange, the body read up to `maxBytes`.
struct GatewayHTTPTransport: HTTPTransport {
    let client: HTTPClient

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        try await send(.GET, url, body: nil, headers: [], timeout: timeout, maxBytes: maxBytes)
    }

    func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws -> HTTPTransportResponse {
        try await send(.POST, url, body: body, headers: headers, timeout: timeout, maxBytes: maxBytes)
    }

    private func send(
        _ method: HTTPMethod,
        _ url: String,
        body: [UInt8]?,
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws -> HTTPTransportResponse {
        let target: EndpointURL
        do {
            target = try EndpointURL.trusted(url)
        } catch {
            throw HTTPTransportError.untrusted(error)
        }
        var request = HTTPClientRequest(url: target.description)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw HTTPTransportError.timedOut(timeout)
        }
        if (300..<400).contains(Int(response.status.code)), let location = response.headers.first(name: "location") {
            throw HTTPTransportError.redirected(status: Int(response.status.code), location: location)
        }
        var collected: [UInt8] = []
        do {
            for try await buffer in response.body {
                if collected.count + buffer.readableBytes > maxBytes { throw FunctionFailure.outputTooLarge(maxBytes) }
                collected += buffer.readableBytesView
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw HTTPTransportError.timedOut(timeout)
        }
        return HTTPTransportResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: collected
        )
    }
}
