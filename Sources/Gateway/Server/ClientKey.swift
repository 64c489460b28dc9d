#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whose share a connection or a function run counts against: one key per client, the same for
/// the connection caps and the function runner's per-caller shares.
///
/// - IPv4: the address (`::ffff:a.b.c.d` from a dual-stack listener is `a.b.c.d`).
/// - IPv6: its /64 prefix (`2001:db8:1:2::/64`). A single host is routinely given a whole /64
///   and may pick any address in it, so keying by the full address gave one host an unlimited
///   number of shares (an attacker's pass).
enum ClientKey {
    static func of(_ address: String) -> String {
        let unmapped = GatewayRequestContext.unmapped(address)
        guard unmapped.contains(":") else { return unmapped }
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, unmapped, &bytes) == 1 else { return unmapped }
        let prefix = withUnsafeBytes(of: &bytes) { raw in
            stride(from: 0, to: 8, by: 2).map { String(UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]), radix: 16) }
        }
        return prefix.joined(separator: ":") + "::/64"
    }
}
