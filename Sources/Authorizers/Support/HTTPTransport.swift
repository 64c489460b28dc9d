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
