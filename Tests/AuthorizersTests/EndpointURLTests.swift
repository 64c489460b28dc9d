import Authorizers
import Foundation
import TestSupport
import Testing

/// The one rule for remote endpoints (issue 16 C12): https anywhere, plain http only when the
/// parsed host is this machine; every ambiguous spelling refused.
@Suite("Endpoint URLs: https, or plain http only to this machine")
struct EndpointURLTests {
    /// Accepted, with the host they connect to.
    static let accepted: [(String, String)] = [
        ("https://issuer.test/jwks.json", "https://issuer.test/jwks.json"),
        ("HTTPS://Issuer.TEST/Keys", "https://issuer.test/Keys"),  // scheme and host case fold; path kept
        ("https://issuer.test", "https://issuer.test/"),
        ("https://issuer.test?x=1", "https://issuer.test/?x=1"),
        ("https://issuer.test:8443/a/b?c=d&e=%2F", "https://issuer.test:8443/a/b?c=d&e=%2F"),
        ("https://203.0.113.7/keys", "https://203.0.113.7/keys"),  // https to any address
        ("https://[2001:db8::1]/keys", "https://[2001:db8::1]/keys"),
        ("https://xn--bcher-kva.example/keys", "https://xn--bcher-kva.example/keys"),  // IDN as punycode
        ("https://a-b.c-d.example/", "https://a-b.c-d.example/"),
        ("https://localhost.evil.test/", "https://localhost.evil.test/"),  // https: the host is not judged
        ("http://127.0.0.1/jwks.json", "http://127.0.0.1/jwks.json"),
        ("http://127.0.0.1:8080/jwks.json", "http://127.0.0.1:8080/jwks.json"),
        ("http://127.255.255.254:1/", "http://127.255.255.254:1/"),
        ("http://127.1.2.3:65535", "http://127.1.2.3:65535/"),
        ("http://localhost/jwks.json", "http://localhost/jwks.json"),
        ("http://LOCALHOST:3001", "http://localhost:3001/"),
        ("http://LocalHost/x", "http://localhost/x"),
        ("http://[::1]/", "http://[::1]/"),
        ("http://[::1]:9000/k", "http://[::1]:9000/k"),
        ("http://[::1]/", "http://[::1]/"),
        ("http://[0000:0000::0001]/", "http://[::1]/"),
        ("http://[::0:1]/", "http://[::1]/"),
        ("http://127.0.0.1/a:b@c", "http://127.0.0.1/a:b@c"),  // `@` in the path is not userinfo
        ("http://localhost/?next=http://evil.test/", "http://localhost/?next=http://evil.test/"),
    ]

    @Test(arguments: accepted)
    func acceptedShapes(_ text: String, _ rebuilt: String) throws {
        let url = try EndpointURL.trusted(text)
        #expect(url.description == rebuilt)
        // Rebuilding is stable, and Foundation's parser (which the HTTP client uses) reads the
        // same host from what is sent.
        #expect(try EndpointURL.trusted(url.description) == url)
        let foundation = try #require(URL(string: url.description))
        #expect(foundation.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")) != nil)
        #expect(foundation.user == nil && foundation.password == nil)
        switch url.host {
        case .name, .ipv4: #expect(foundation.host == url.hostText)
        case .ipv6: #expect(foundation.host.map { "[\($0)]" } == url.hostText || foundation.host == url.hostText)
        }
    }

    /// Refused, each with the part of the reason that must be named.
    static let refused: [(String, String)] = [
        // The review's spellings.
        ("http://localhost:x@remote.test/jwks.json", "user name or password"),
        ("http://[::1]:1@remote.test/jwks.json", "user name or password"),
        ("http://localhost.evil.test/jwks.json", "plain http"),
        // Userinfo in every form, https too.
        ("https://user:pw@issuer.test/", "user name or password"),
        ("https://@issuer.test/", "user name or password"),
        ("http://127.0.0.1@evil.test/", "user name or password"),
        ("http://evil.test@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1:80@evil.test:80/", "user name or password"),
        ("http://a%40b@127.0.0.1/", "user name or password"),
        // Plain http elsewhere.
        ("http://issuer.test/jwks.json", "plain http"),
        ("http://203.0.113.7/", "plain http"),
        ("http://0.0.0.0/", "plain http"),
        ("http://128.0.0.1/", "plain http"),
        ("http://126.255.255.255/", "plain http"),
        ("http://[::2]/", "plain http"),
        ("http://[::]/", "plain http"),
        ("http://[::ffff:127.0.0.1]/", "plain http"),  // v4-mapped: only ::1 itself
        ("http://[::127.0.0.1]/", "plain http"),
        ("http://localhost.localdomain/", "plain http"),
        ("http://foo.localhost/", "plain http"),
        ("http://127.0.0.1.nip.io/", "plain http"),
        ("http://localhos/", "plain http"),
        // Numeric IPv4 spellings.
        ("http://2130706433/", "ipv4"),
        ("http://0x7f000001/", "ipv4"),
        ("http://0x7f.1/", "ipv4"),
        ("http://0x7f.0.0.1/", "ipv4"),
        ("http://127.1/", "ipv4"),
        ("http://127.0.1/", "ipv4"),
        ("http://0177.0.0.1/", "ipv4"),
        ("http://127.000.000.001/", "ipv4"),
        ("http://127.0.0.01/", "ipv4"),
        ("http://127.0.0.256/", "ipv4"),
        ("http://127.0.0.1.1/", "ipv4"),
        ("http://1.2.3.4.5/", "ipv4"),
        ("http://0/", "ipv4"),
        ("http://evil.test.0x1/", "ipv4"),
        ("https://issuer.123/", "ipv4"),
        // Dots.
        ("http://localhost./", "end with `.`"),
        ("http://127.0.0.1./", "end with `.`"),
        ("https://issuer.test./", "end with `.`"),
        ("http://.localhost/", "empty label"),
        ("http://local..host/", "empty label"),
        ("http://./", "end with `.`"),
        // Encoded or odd characters in the host.
        ("http://%6c%6f%63%61%6c%68%6f%73%74/", "percent-encoded"),
        ("http://127.0.0.1%2f@evil.test/", "user name or password"),
        ("http://loc%61lhost/", "percent-encoded"),
        ("http://local_host/", "letters, digits"),
        ("http://localhost!/", "letters, digits"),
        ("http://-localhost/", "`-`"),
        ("http://localhost-/", "`-`"),
        ("http://" + String(repeating: "a", count: 64) + ".test/", "63"),
        ("http://" + Array(repeating: "a", count: 130).joined(separator: ".") + "/", "253"),
        // IDN must be punycode; whitespace, controls, backslashes, fragments.
        ("https://bücher.example/", "ASCII"),
        ("http://ⓛocalhost/", "ASCII"),
        ("http://localhost／/", "ASCII"),
        ("http://local host/", "spaces or control"),
        (" http://localhost/", "spaces or control"),
        ("http://localhost/ ", "spaces or control"),
        ("http://localhost\t/", "spaces or control"),
        ("http://localhost\n.evil.test/", "spaces or control"),
        ("http://localhost\u{0}.evil.test/", "spaces or control"),
        ("http://localhost\r\nHost: evil/", "spaces or control"),
        ("http://127.0.0.1\\@evil.test/", "backslash"),
        ("http:\\\\127.0.0.1/", "backslash"),
        ("http://evil.test#@127.0.0.1/", "fragment"),
        ("http://localhost/#x", "fragment"),
        // IPv6 literals.
        ("http://[::1%25lo]/", "zone id"),
        ("http://[fe80::1%25eth0]/", "zone id"),
        ("http://[::1%lo]/", "zone id"),
        ("http://[v1.fe]/", "[v…]"),
        ("http://[::1/", "not closed"),
        ("http://[::1]x/", "after the IPv6"),
        ("http://[::1]]/", "after the IPv6"),
        ("http://[]/", "not an IPv6"),
        ("http://[:::1]/", "not an IPv6"),
        ("http://[1::2::3]/", "not an IPv6"),
        ("http://[1:2:3:4:5:6:7:8:9]/", "not an IPv6"),
        ("http://[1:2:3:4:5:6:7]/", "not an IPv6"),
        ("http://[12345::1]/", "not an IPv6"),
        ("http://[::g]/", "not an IPv6"),
        ("http://[::1.2.3]/", "not an IPv6"),
        ("http://[127.0.0.1]/", "not an IPv6"),
        ("http://::1/", "no host"),
        // Ports.
        ("http://localhost:/", "port"),
        ("http://localhost:0/", "port"),
        ("http://localhost:080/", "port"),
        ("http://localhost:65536/", "port"),
        ("http://localhost:99999999999999999999/", "port"),
        ("http://localhost:+80/", "port"),
        ("http://localhost:-1/", "port"),
        ("http://localhost:8o/", "port"),
        ("http://localhost:80:80/", "port"),
        ("http://[::1]:/", "port"),
        // Schemes and shapes.
        ("ftp://issuer.test/", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("ws://localhost/", "scheme"),
        ("httpss://issuer.test/", "scheme"),
        ("http:/localhost/", "absolute"),
        ("http:localhost/", "absolute"),
        ("//localhost/", "absolute"),
        ("localhost:8080/jwks.json", "absolute"),
        ("jwks.json", "absolute"),
        ("", "empty"),
        ("http://", "no host"),
        ("http:///jwks.json", "no host"),
        ("https://?x", "no host"),
        // Paths.
        ("http://localhost/%", "%"),
        ("http://localhost/%4", "%"),
        ("http://localhost/%zz", "%"),
        ("http://localhost/a b", "spaces or control"),
        ("http://localhost/<script>", "not allowed"),
        ("http://localhost/a\"b", "not allowed"),
        ("http://localhost/{x}", "not allowed"),
        ("http://localhost/a|b", "not allowed"),
        ("http://localhost/a^b", "not allowed"),
        ("http://localhost/a`b", "not allowed"),
        ("https://issuer.test/" + String(repeating: "a", count: 5000), "longer than"),
    ]

    @Test(arguments: refused)
    func refusedShapes(_ text: String, _ reason: String) {
        do {
            let url = try EndpointURL.trusted(text)
            Issue.record("accepted `\(text)` as \(url)")
        } catch {
            #expect(error.reason.lowercased().contains(reason.lowercased()), "\(text): \(error)")
            // What is printed is safe: no password, no raw control bytes, no backticks of its own.
            #expect(!error.display.contains("pw") && !error.display.contains("x@"), "\(error.display)")
            #expect(!error.display.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text)")
        }
    }

    /// Every percent-encoding of every byte of `localhost` and `127.0.0.1` in the host is refused.
    @Test func everyPercentEncodedLoopbackSpellingIsRefused() {
        var count = 0
        for host in ["localhost", "127.0.0.1"] {
            let bytes = Array(host.utf8)
            for index in bytes.indices {
                for hex in [String(bytes[index], radix: 16), String(bytes[index], radix: 16).uppercased()] {
                    var spelled = host
                    let at = spelled.index(spelled.startIndex, offsetBy: index)
                    spelled.replaceSubrange(at...at, with: "%" + hex)
                    #expect(throws: EndpointURLError.self, "\(spelled)") {
                        try EndpointURL.trusted("http://\(spelled)/keys")
                    }
                    count += 1
                }
            }
        }
        #expect(count == 36)
    }

    /// Every IPv4 spelling of 127.0.0.1 a permissive parser reads (`inet_aton` forms: 1 to 4 parts,
    /// octal, hex) except the canonical one is refused; every canonical 127/8 address that is
    /// tried is loopback.
    @Test func numericIPv4Spellings() throws {
        let forms = [
            "2130706433", "017700000001", "0x7f000001", "0x7F000001", "127.1", "127.0.1", "0x7f.1", "0x7f.0.1",
            "0x7f.0.0.1", "0177.1", "0177.0.0.1", "00177.0.0.1", "127.0x0.0.1", "127.0.0.0x1", "127.00.0.1",
            "127.0.0.001", "0x7f.0x0.0x0.0x1", "127.0.0.1.", "127.0.0.1..", "127.0.0.1.0",
        ]
        for form in forms {
            #expect(throws: EndpointURLError.self, "\(form)") { try EndpointURL.trusted("http://\(form)/") }
        }
        var random = SeededRandom(seed: 0x1270_0001)
        for _ in 0..<500 {
            let parts = [127, random.below(256), random.below(256), random.below(256)]
            let text = parts.map(String.init).joined(separator: ".")
            let url = try EndpointURL.trusted("http://\(text):\(1 + random.below(65_535))/")
            #expect(url.isLoopback && url.hostText == text)
            let outside = [random.below(256), random.below(256), random.below(256), random.below(256)]
            if outside[0] != 127 {
                #expect(throws: EndpointURLError.self) {
                    try EndpointURL.trusted("http://\(outside.map(String.init).joined(separator: "."))/")
                }
            }
        }
    }

    /// Every spelling of ::1 (compressed or not, leading zeros, any case) is loopback; every
    /// other single-group change is not.
    @Test func ipv6LoopbackSpellings() throws {
        let loopback = [
            "::1", "0::1", "0:0::1", "::0:1", "::0001", "0:0:0:0:0:0:0:1", "0000:0:0:0:0:0:0:0001", "::0:0:1",
        ]
        for form in loopback {
            #expect(try EndpointURL.trusted("http://[\(form)]/").isLoopback, "\(form)")
        }
        for form in ["::1:0", "1::1", "::1:1", "::10", "::100", "fe80::1", "::ffff:7f00:1", "::ffff:127.0.0.1"] {
            #expect(throws: EndpointURLError.self, "\(form)") { try EndpointURL.trusted("http://[\(form)]/") }
            #expect(try EndpointURL.trusted("https://[\(form)]/").isLoopback == false, "\(form)")
        }
    }

    @Test(arguments: [
        ("::", "::"), ("::1", "::1"), ("1::", "1::"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"), ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
        ("2001:DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("fe80:0:0:0:0:0:0:0", "fe80::"),
    ])
    func ipv6IsShownInItsCanonicalForm(_ literal: String, _ shown: String) throws {
        let url = try EndpointURL.trusted("https://[\(literal)]/")
        #expect(url.hostText == "[\(shown)]")
        #expect(try EndpointURL.trusted(url.description) == url)
    }

    /// Seeded fuzz: the parser never traps, and whatever it accepts is stable under rebuilding,
    /// has no user name, and is plain http only on loopback.
    @Test func fuzzNeverTrapsAndAcceptedURLsKeepTheRule() {
        var random = SeededRandom(seed: 0xC12)
        let pieces = [
            "http://", "https://", "HTTP://", "localhost", "127.0.0.1", "[::1]", "[", "]", ":", "@", "/", "?", "#",
            "%", "%25", "%2e", ".", "..", "\\", " ", "\t", "\0", "evil.test", "0x7f", "1", "65535", "99999", "::",
            "é", "ß", "\u{FF0E}", "xn--", "-", "_", "v1.x", "%6c", "a", "Z", "~", "!", "$", "'", "(", "*", ";", "=",
        ]
        var accepted = 0
        for _ in 0..<20_000 {
            var text = ""
            if random.below(4) > 0 { text = pieces[random.below(3)] }
            for _ in 0..<random.below(10) { text += pieces[random.below(pieces.count)] }
            if random.below(8) == 0 {
                var bytes = Array(text.utf8)
                if !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
                text = String(decoding: bytes, as: UTF8.self)
            }
            guard let url = try? EndpointURL.trusted(text) else { continue }
            accepted += 1
            #expect(url.scheme == .https || url.isLoopback, "\(text)")
            #expect(!text.contains("@") || url.pathAndQuery.contains("@"), "\(text)")
            #expect((try? EndpointURL.trusted(url.description)) == url, "\(text)")
            // Foundation (what the HTTP client parses the sent URL with) connects to the same host.
            if case .ipv6 = url.host {
                #expect(URL(string: url.description)?.host.map { "[\($0)]" } == url.hostText, "\(text)")
            } else {
                #expect(URL(string: url.description)?.host == url.hostText, "\(text)")
            }
        }
        #expect(accepted > 100)
    }
}
