/// The other end of the connection, as the listener saw it.
public struct AccessPeer: Sendable, Hashable {
    /// The caller's address (`requestContext.identity.sourceIp`, `aws:SourceIp`). An IPv4-mapped
    /// IPv6 address (`::ffff:203.0.113.7`) is read as the IPv4 address it carries, so IPv4
    /// ranges in policies match it (reference/iam.md §7).
    public var sourceIp: String
    /// Whether the request came over TLS (`aws:SecureTransport`).
    public var isSecure: Bool

    public init(sourceIp: String, isSecure: Bool) {
        self.sourceIp = Self.unmapped(sourceIp)
        self.isSecure = isSecure
    }

    /// `::ffff:a.b.c.d` as `a.b.c.d`; any other text unchanged.
    static func unmapped(_ address: String) -> String {
        let lowered = address.lowercased()
        for prefix in ["::ffff:", "0:0:0:0:0:ffff:"] where lowered.hasPrefix(prefix) {
            let rest = address.dropFirst(prefix.count)
            let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 4,
                parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil })
            {
                return String(rest)
            }
        }
        return address
    }
}
