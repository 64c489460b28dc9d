/// The HTTP client the remote runners and key sources use — the Lambda Invoke runner,
/// ``RemoteJWKS`` and OIDC discovery, ``IntrospectionFunction`` — provided by the embedding
/// program (the CLI and gateway use AsyncHTTPClient), so this library stays free of a networking
/// stack.
///
/// Every conformer keeps one contract, because the callers' bounds and trust rest on it:
/// - **Only trusted URLs.** The URL is judged by ``EndpointURL/trusted(_:)`` (https, or plain
///   http to this machine) and the request goes to its rebuilt ``EndpointURL/description``;
///   anything else throws before a connection is made.
/// - **No redirects.** A 3xx answer with a `Location` throws ``HTTPTransportError/redirected(status:location:)``
///   naming where it pointed; configure the final URL instead. (Following them would need every
///   hop judged again — an https key server redirecting to plain http, or to another host, is the
///   attack — and no issuer's keys, introspection or Invoke endpoint needs one.)
/// - **One deadline for the whole exchange**: connecting, the response head and the whole body
///   complete within `timeout` or the exchange is abandoned with ``HTTPTransportError/timedOut(_:)``;
///   a server that trickles its body holds nobody past it.
/// - **A size cap while reading**: a body longer than `maxBytes` stops the read at that size and
///   throws ``FunctionFailure/outputTooLarge(_:)`` — never a partial body, never the whole of it
///   in memory first.
public protocol HTTPTransport: Sendable {
    func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws -> HTTPTransportResponse

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse
}

public struct HTTPTransportResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Why an exchange gave no response (see ``HTTPTransport`` for the contract behind each).
public enum HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not one ``EndpointURL/trusted(_:)`` accepts.
    case untrusted(EndpointURLError)
    /// The server answered with a redirect, which is never followed.
    case redirected(status: Int, location: String)
    /// The exchange (connect, head and body) did not complete within the deadline.
    case timedOut(Duration)
    /// The connection failed or broke.
    case connection(String)

    public var description: String {
        switch self {
        case .untrusted(let error): return "\(error)"
        case .redirected(let status, let location) where location.isEmpty:
            return "the server answered HTTP \(status) (a redirect); redirects are not followed"
        case .redirected(let status, let location):
            return
                "the server answered HTTP \(status), redirecting to `\(EndpointURLError.display(Array(location.utf8)))`; redirects are not followed (configure the final https URL)"
        case .timedOut(let limit): return "no complete response within \(limit)"
        case .connection(let reason): return reason
        }
    }
}
