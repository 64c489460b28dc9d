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
