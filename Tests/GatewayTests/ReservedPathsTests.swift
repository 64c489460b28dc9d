import Testing

@testable import Gateway

/// Who may read `/_gatehouse/apis` and the export: loopback peers only (the attacker's review
/// read every API's resource policy and integration URIs from a remote client). The tests' servers
/// listen on 127.0.0.1 only, so the remote side is held here on the peer check itself; the
/// loopback side is served end to end in GatewayServingTests and the interop suite.
@Suite("Gateway reserved paths")
struct ReservedPathsTests {
    @Test(
        "loopback peers are this host; every other address, and none, is not",
        arguments: [
            ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("::ffff:127.0.0.1", true),
            ("::FFFF:127.0.0.2", true), ("10.0.0.1", false), ("192.168.1.127", false), ("::2", false),
            ("::ffff:10.0.0.1", false), ("1.127.0.0", false), ("0.0.0.0", false), ("fe80::1", false),
        ]
    )
    func loopback(peer: String, expected: Bool) {
        #expect(ReservedPaths.isLoopback(peer) == expected)
    }

    @Test("no peer address is not loopback")
    func noPeer() {
        #expect(!ReservedPaths.isLoopback(nil))
    }

    @Test(
        "an IPv4-mapped peer is written as its IPv4 address; anything else as it came",
        arguments: [
            ("::ffff:127.0.0.1", "127.0.0.1"), ("::FFFF:10.1.2.3", "10.1.2.3"), ("::1", "::1"),
            ("::ffff:1.2.3", "::ffff:1.2.3"), ("::ffff:abcd:1", "::ffff:abcd:1"), ("10.0.0.1", "10.0.0.1"),
            ("::ffff:256.1.1.1", "::ffff:256.1.1.1"),
        ]
    )
    func unmapped(address: String, expected: String) {
        #expect(GatewayRequestContext.unmapped(address) == expected)
    }
}
