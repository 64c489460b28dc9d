import SigV4
import TestSupport
import Testing

/// Host names a hostile URL can carry into `gatehouse sign`/`curl`: userinfo, ports, IP literals,
/// brackets, characters that only lowercase to ASCII, non-LDH labels, very long names. None yields
/// a scope (the user is asked for the service), and none traps; genuine shapes in any letter case
/// or with a trailing dot still infer.
@Suite("Service and region inference under attack")
struct AWSEndpointScopeAttackTests {
    @Test(arguments: [
        "user@sts.amazonaws.com", "user:pass@abc.execute-api.us-east-1.amazonaws.com",
        "sts.amazonaws.com:443", "abc.execute-api.us-east-1.amazonaws.com:8443", "[::1]",
        "[2001:db8::1]:443", "[sts.amazonaws.com]", "10.0.0.1", "169.254.169.254",
        "\u{212A}ms.us-east-1.amazonaws.com",  // the Kelvin sign lowercases to `k`
        "s\u{0131}s.amazonaws.com",  // dotless i
        "ｓｔｓ.amazonaws.com", "sts.amazonaws.com\u{0}", "sts .amazonaws.com", "sts\t.amazonaws.com",
        "a_b.us-east-1.amazonaws.com", "sts.amazonaws.com/", "sts.amazonaws.com?x", "sts.amazonaws.com#x",
        "%73ts.amazonaws.com", "sts.amazonaws.com..", "..amazonaws.com", "sts.amazonaws.com.evil",
        "execute-api.us-east-1.amazonaws.com\u{2024}evil.com", "s3.amazonaws.com\r\nHost: x",
    ])
    func hostileHostsInferNothing(_ host: String) {
        #expect(AWSEndpointScope.infer(host: host) == nil, "\(host)")
    }

    @Test(arguments: [
        ("STS.AMAZONAWS.COM.", "sts/us-east-1"),
        ("Abc.Execute-Api.Us-West-2.AmazonAWS.com", "execute-api/us-west-2"),
        ("xn--bcher-kva.s3.eu-west-1.amazonaws.com", "s3/eu-west-1"),
        ("my-bucket.s3.dualstack.ap-south-1.amazonaws.com", "s3/ap-south-1"),
        ("sts-fips.us-gov-west-1.amazonaws.com", "sts/us-gov-west-1"),
    ])
    func genuineShapesStillInfer(_ host: String, _ expected: String) {
        #expect(AWSEndpointScope.infer(host: host)?.description == expected)
    }

    /// Very long and random hosts, seeded: no trap, time linear in the length, and any scope
    /// found names an ASCII service label that occurs in the host.
    @Test func randomAndLongHosts() {
        let long = String(repeating: "a.", count: 50_000) + "execute-api.us-east-1.amazonaws.com"
        #expect(AWSEndpointScope.infer(host: long)?.description == "execute-api/us-east-1")
        let dots = String(repeating: ".", count: 100_000)
        #expect(AWSEndpointScope.infer(host: dots) == nil)
        var random = SeededRandom(seed: 4242)
        let labels = [
            "s3", "s3-us-west-2", "s3-website", "s3express-x", "execute-api", "lambda-url", "us-east-1", "dualstack",
            "fips", "sts-fips", "amazonaws", "com", "cn", "api", "aws", "on", "es", "aoss", "us-gov", "", "@", "x:1",
            "\u{212A}", "é",
        ]
        for _ in 0..<5_000 {
            let host = (0..<(1 + random.below(7))).map { _ in labels[random.below(labels.count)] }.joined(
                separator: "."
            )
            guard let scope = AWSEndpointScope.infer(host: host) else { continue }
            #expect(scope.service.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: ":") })
            #expect(host.utf8.allSatisfy { $0 < 0x80 }, "\(host) → \(scope)")
        }
    }
}
