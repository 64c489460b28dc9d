import Authorizers
import IAMPolicy
import TestSupport
import Testing

/// The condition context a conditional authorizer policy is judged with is built on every cache
/// hit, byte by byte; these pin its values against the plain definitions.
@Suite("Authorizer policy context")
struct PolicyContextTests {
    static func request(_ arn: String, userAgent: String? = "curl/8.5", tls: Bool? = true) -> AuthorizerRequest {
        var request = AuthorizerRequest(
            methodArn: arn,
            httpMethod: "GET",
            resource: "/pets",
            path: "/pets",
            headers: userAgent.map { [("Host", "h"), ("user-agent", $0)] } ?? [("Host", "h")],
            stage: "prod",
            apiId: "abc123",
            accountId: "123456789012",
            sourceIp: "198.51.100.9"
        )
        request.secureTransport = tls
        return request
    }

    static func single(_ context: RequestContext, _ key: String) -> String? {
        if case .single(let value)? = context[key] { return value }
        return nil
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_768_471_200, "2026-01-15T10:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
        (253_402_300_800, "10000-01-01T00:00:00Z"),
        (-5, "1970-01-01T00:00:00Z"),  // the clock is clamped at 1970
    ])
    func currentTimeAndEpoch(_ now: Double, _ expected: String) {
        let context = Self.request("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets")
            .policyContext(now: now)
        #expect(Self.single(context, "aws:CurrentTime") == expected)
        #expect(Self.single(context, "aws:EpochTime") == String(Int64(max(now, 0))))
    }

    @Test(arguments: [
        ("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets", "eu-west-1"),
        ("arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/GET/", "cn-north-1"),
        ("arn:aws:lambda:eu-west-1:123456789012:function:f", nil),
        ("arn:aws:execute-api::123456789012:abc123/prod/GET/", ""),
        ("arn:aws:execute-api:us-east-1:123", nil),
        ("arn:aws:execute-api:us-east-1:123:abc123/prod", nil),
        ("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/caf\u{E9}", "eu-west-1"),
        ("not an arn", nil),
        ("", nil),
    ])
    func requestedRegion(_ arn: String, _ region: String?) {
        #expect(Self.single(Self.request(arn).policyContext(now: 0), "aws:RequestedRegion") == region)
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

    /// The byte reader against the general ARN parser, on seeded random ARN-like text.
    @Test func regionAgreesWithTheARNParser() {
        var random = SeededRandom(5)
        func next() -> UInt64 { random.next() }
        let pieces = ["arn", ":", "aws", "execute-api", "us-east-1", "", "/", "123", "GET", "*", "é", "\u{301}", "x"]
        for _ in 0..<3_000 {
            var arn = ["arn:aws:execute-api:", "arn:", ""][Int(next() % 3)]
            for _ in 0..<Int(next() % 12) { arn += pieces[Int(next() % UInt64(pieces.count))] }
            let context = Self.request(arn).policyContext(now: 0)
            #expect(Self.single(context, "aws:RequestedRegion") == ExecuteAPIARN(arn)?.region, "\(arn)")
        }
    }
}
