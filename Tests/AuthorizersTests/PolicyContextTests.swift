import Authorizers
import GatehouseCore
import IAMPolicy
import TestSupport
import Testing

/// The condition context a conditional authorizer policy is judged with is built on every cache
/// hit, byte by byte; these pin its values against the plain definitions.
@Suite("Authorizer policy context")
struct PolicyContextTests {
    static func request(_ arn: String, userAgent: String? = "curl/8.5", tls: Bool? = true) -> AuthorizerRequest {
        AuthorizerRequest.fixture(
            methodArn: arn,
            resource: "/pets",
            headers: userAgent.map { [("Host", "h"), ("user-agent", $0)] } ?? [("Host", "h")],
            sourceIp: "198.51.100.9",
            secureTransport: tls
        )
    }

    static func single(_ context: RequestContext, _ key: String) -> String? {
        if case .single(let value)? = context[key] { return value }
        return nil
    }

    @Test(
        arguments: [
            (0, "1970-01-01T00:00:00Z"),
            (1_768_471_200, "2026-01-15T10:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_102_444_799, "2099-12-31T23:59:59Z"),
            (253_402_300_800, "10000-01-01T00:00:00Z"),
            (-5, "1970-01-01T00:00:00Z"),  // the clock is clamped at 1970
            (2_000_000_000_000, "33658-09-27T01:46:40Z"),  // and at 10^12 s
        ] as [(Int64, String)]
    )
    func currentTimeAndEpoch(_ now: Int64, _ expected: String) {
        let request = Self.request("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets")
        // Whole seconds: a fraction of a second changes neither key.
        for fraction in [0, 1, 999_999_999] as [Int64] {
            let context = request.policyContext(now: Timestamp(secondsSince1970: now, nanoseconds: fraction))
            #expect(Self.single(context, "aws:CurrentTime") == expected)
            #expect(Self.single(context, "aws:EpochTime") == String(min(max(now, 0), 1_000_000_000_000)))
        }
    }

    /// `aws:RequestedRegion` is the route's region (the method ARN is built from the route, so
    /// there is no ARN text to read it back from).
    @Test(arguments: [
        ("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets", "eu-west-1"),
        ("arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/GET/", "cn-north-1"),
        ("arn:aws:execute-api::123456789012:abc123/prod/GET/", ""),
        ("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/caf\u{E9}", "eu-west-1"),
    ])
    func requestedRegion(_ arn: String, _ region: String) {
        let request = Self.request(arn)
        #expect(request.methodArn == arn)
        #expect(Self.single(request.policyContext(now: 0), "aws:RequestedRegion") == region)
    }

    @Test func otherKeys() {
        let arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets"
        let context = Self.request(arn).policyContext(now: 0)
        #expect(Self.single(context, "aws:SourceIp") == "198.51.100.9")
        #expect(Self.single(context, "AWS:SOURCEIP") == "198.51.100.9")  // keys compare in any case
        #expect(Self.single(context, "aws:SecureTransport") == "true")
        #expect(Self.single(context, "aws:UserAgent") == "curl/8.5")
        let bare = Self.request(arn, userAgent: nil, tls: nil).policyContext(now: 0)
        #expect(bare["aws:UserAgent"] == nil && bare["aws:SecureTransport"] == nil)
    }

    /// The byte reader against the general ARN parser, on seeded random ARN-like text (what the
    /// condition context once read the region with; IAMPolicy still offers it).
    @Test func regionAgreesWithTheARNParser() {
        var random = SeededRandom(5)
        func next() -> UInt64 { random.next() }
        let pieces = ["arn", ":", "aws", "execute-api", "us-east-1", "", "/", "123", "GET", "*", "é", "\u{301}", "x"]
        for _ in 0..<3_000 {
            var arn = ["arn:aws:execute-api:", "arn:", ""][Int(next() % 3)]
            for _ in 0..<Int(next() % 12) { arn += pieces[Int(next() % UInt64(pieces.count))] }
            #expect(ExecuteAPIARN.region(of: arn) == ExecuteAPIARN(arn)?.region, "\(arn)")
        }
    }
}
