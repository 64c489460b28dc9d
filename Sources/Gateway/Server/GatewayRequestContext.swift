public import Hummingbird
import NIOCore

/// The request context the gateway's responder receives: Hummingbird's core storage plus the
/// peer's address, which becomes `sourceIp`, `X-Forwarded-For` and `aws:SourceIp`.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address as text (`127.0.0.1`, `::1`), or `nil` when the channel has none
    /// (a Unix socket).
    public let peerAddress: String?
    /// `HTTP/2.0` or `HTTP/1.1`: `$context.protocol`, `requestContext.protocol` and the access log.
    public let protocolName: String
    /// The gateway reads bodies itself (its own limit, 413 as API Gateway answers); Hummingbird's
    /// own limit is lifted to the gateway's, plus room for the check.
    public var maxUploadSize: Int { Int.max }

    /// An IPv4 client on a dual-stack listener arrives as `::ffff:a.b.c.d`: one address, one
    /// spelling — `a.b.c.d` — in `sourceIp`, `X-Forwarded-For`, `aws:SourceIp` and the access
    /// log.
    static func unmapped(_ address: String) -> String {
        let prefix = "::ffff:".utf8
        // Compared byte by byte, case-insensitively, with nothing allocated (every connection
        // and every request passes here).
        guard address.utf8.count > prefix.count,
            zip(address.utf8, prefix).allSatisfy({ $0 == $1 || ($1 == UInt8(ascii: "f") && $0 == UInt8(ascii: "F")) })
        else { return address }
        let rest = address.dropFirst(prefix.count)
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return address }
        return String(rest)
    }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress.map(Self.unmapped)
        // An HTTP/1 connection's channel is the listener's child; an HTTP/2 stream is a child of
        // its connection, one level further down (NIOHTTP2's stream channel type is internal).
        protocolName = source.channel.parent?.parent == nil ? "HTTP/1.1" : "HTTP/2.0"
    }
}
