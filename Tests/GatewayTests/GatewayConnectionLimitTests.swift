import AsyncHTTPClient
import Foundation
import GatewayConfig
import TestSupport
import Testing

@testable import Gateway

/// The listener's caps and the TLS handshake deadline (an attacker's review held hundreds of
/// silent connections open for as long as it liked, each a file descriptor).
@Suite("Connections: caps in all and per client, a deadline on the TLS handshake")
struct GatewayConnectionLimitTests {
    static let health = "GET /_gatehouse/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test("past the per-client cap a connection is closed at once; a closed one gives its place back")
    func perClientCap() async throws {
        try await Harness.withGateway(GatewayConfiguration(apis: []), configure: { $0.maxConnectionsPerClient = 2 }) {
            port in
            try await RawConnection.onOwnThread {
                let first = try RawConnection(port: port)
                let second = try RawConnection(port: port)
                // Both admitted: each answers on its kept-alive connection.
                for connection in [first, second] {
                    try connection.write(Self.health)
                    #expect(try connection.readHead().hasPrefix("HTTP/1.1 200"))
                }
                let third = try RawConnection(port: port)
                #expect(try third.closedByServer(), "a third connection from one address is refused")
                third.hangUp()
                first.hangUp()
                // The place comes back when the server has seen the close (bounded: 10 s).
                let deadline = ContinuousClock.now + .seconds(10)
                var answered = false
                while !answered, ContinuousClock.now < deadline {
                    let again = try RawConnection(port: port)
                    defer { again.hangUp() }
                    try? again.write(Self.health)
                    answered = (try? again.readHead().hasPrefix("HTTP/1.1 200")) ?? false
                    if !answered { usleep(50_000) }
                }
                #expect(answered, "no connection was admitted after one of the two closed")
                second.hangUp()
            }
        }
    }

    @Test("a connection where no byte moves for a silence period is closed; one that trickles is served")
    func silence() async throws {
        try await Harness.withGateway(
            GatewayConfiguration(apis: []),
            configure: { $0.connectionSilencePeriod = .seconds(1) }
        ) { port in
            try await RawConnection.onOwnThread {
                // Half a head, then nothing: closed after one to two periods, long before the
                // 60 s idle timeout.
                let stalled = try RawConnection(port: port)
                defer { stalled.hangUp() }
                try stalled.write("GET /_gatehouse/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                let started = ContinuousClock.now
                #expect(try stalled.closedByServer())
                #expect(ContinuousClock.now - started < .seconds(5))
                // The same head a piece every 200 ms over 3 s (a fifth of a period) is answered.
                let trickle = try RawConnection(port: port)
                defer { trickle.hangUp() }
                try trickle.write("GET /_gatehouse/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                for index in 0..<15 {
                    usleep(200_000)
                    try trickle.write("X-Slow-\(index): 1\r\n")
                }
                try trickle.write("\r\n")
                #expect(try trickle.readHead().hasPrefix("HTTP/1.1 200"))
            }
        }
    }

    @Test("a TLS connection that never sends its ClientHello is closed at the handshake deadline")
    func handshakeDeadline() async throws {
        try await Harness.withGateway(
            GatewayConfiguration(apis: []),
            configure: {
                $0.tlsCertificatePath = GatewayTLSTests.certificate
                $0.tlsKeyPath = GatewayTLSTests.key
                $0.tlsHandshakeTimeout = .milliseconds(300)
            }
        ) { port in
            let (closed, elapsed) = try await RawConnection.onOwnThread {
                let silent = try RawConnection(port: port)
                defer { silent.hangUp() }
                let started = ContinuousClock.now
                return (try silent.closedByServer(), ContinuousClock.now - started)
            }
            #expect(closed)
            #expect(elapsed >= .milliseconds(250), "closed after \(elapsed), before the deadline")
            // A client that completes its handshake is served past the deadline.
            let client = try GatewayTLSTests.client(.http1Only)
            let answer: GatewayTLSTests.Answer
            do {
                answer = try await GatewayTLSTests.get(client, "https://localhost:\(port)/_gatehouse/health")
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
            #expect(answer.status == 200)
        }
    }
}

@Suite("Client keys: one per IPv4 address, one per IPv6 /64")
struct ClientKeyTests {
    @Test(
        "addresses map to their client's key",
        arguments: [
            ("192.0.2.7", "192.0.2.7"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
            ("2001:0DB8:0001:0002:0:0:0:9", "2001:db8:1:2::/64"),
            ("::1", "0:0:0:0::/64"),
            ("not an address", "not an address"),
        ]
    )
    func key(address: String, expected: String) {
        #expect(ClientKey.of(address) == expected)
    }
}
