public import AsyncHTTPClient
public import Authorizers
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over AsyncHTTPClient — the one HTTP client behind the Authorizers' seams, in
/// the gateway and the CLI alike: the Lambda Invoke runner, introspection, remote key sets
/// (`jwtBearer`, OIDC discovery) and `jwt verify --jwks URL` all go through it, so they share one
/// contract (``HTTPTransport``'s):
/// - the URL must pass `EndpointURL.trusted` (https, or plain http to this machine), and the
///   request goes to the URL rebuilt from its parsed parts;
/// - redirects are never followed: a 3xx answer is an error naming its `Location`;
/// - one deadline covers the whole exchange (connect, head and body): the exchange runs in a
///   child task that is cancelled, with its connection, when the deadline passes first;
/// - the body is read up to `maxBytes` and no further.
///
/// The gateway lends it its pooled client (``init(client:)``: no redirects, as its integrations'
/// client is made); the CLI makes one of its own (``init()``) and shuts it down.
///
/// There is no second transport abstraction. `gatehouse curl` alone talks to AsyncHTTPClient
/// itself, on purpose: it sends what the user typed to any host (plain http included), shows a
/// 3xx answer instead of refusing it, and streams a body of any size to standard output — each a
/// thing this contract forbids for the keys, introspection and Invoke calls it protects.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    private let ownsClient: Bool

    /// Over a client of its own (redirects disallowed, no connection retries); call
    /// ``shutdown()`` when done.
    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        ownsClient = true
    }

    /// Over `client`, which must not follow redirects; its owner shuts it down.
    public init(client: HTTPClient) {
        self.client = client
        ownsClient = false
    }

    /// Shuts the client down if this transport made it.
    public func shutdown() async {
        if ownsClient { try? await client.shutdown() }
    }

    public func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
        try await send(.GET, url, body: nil, headers: [], timeout: timeout, maxBytes: maxBytes)
    }

    public func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws
        -> HTTPTransportResponse
    {
        try await send(.POST, url, body: body, headers: headers, timeout: timeout, maxBytes: maxBytes)
    }

    /// One exchange, bounded in time (all of it) and size (an oversized body is the function's
    /// `outputTooLarge`, never a partial read).
    private func send(
        _ method: HTTPMethod,
        _ url: String,
        body: [UInt8]?,
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws
        -> HTTPTransportResponse
    {
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
        let limit = timeout < .milliseconds(1) ? .milliseconds(1) : timeout
        let client = self.client
        let prepared = request
        do {
            return try await Deadline.race(limit) {
                try await Self.exchange(client, prepared, timeout: limit, maxBytes: maxBytes)
            }
        } catch is Deadline.Passed {
            throw HTTPTransportError.timedOut(limit)
        }
    }

    private static func exchange(
        _ client: HTTPClient,
        _ request: HTTPClientRequest,
        timeout: Duration,
        maxBytes: Int
    ) async throws -> HTTPTransportResponse {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout {
            throw HTTPTransportError.timedOut(timeout)
        } catch is CancellationError {
            throw HTTPTransportError.timedOut(timeout)
        } catch {
            throw HTTPTransportError.connection("\(error)")
        }
        let status = Int(response.status.code)
        if (300..<400).contains(status) {
            throw HTTPTransportError.redirected(
                status: status,
                location: response.headers.first(name: "Location") ?? ""
            )
        }
        let collected: ByteBuffer
        do {
            collected = try await response.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw FunctionFailure.outputTooLarge(maxBytes)
        } catch {
            throw HTTPTransportError.connection("the response body broke off (\(error))")
        }
        return HTTPTransportResponse(
            status: status,
            headers: response.headers.map { ($0.name, $0.value) },
            body: Array(buffer: collected)
        )
    }
}
