import GatehouseCore
import Testing

@testable import SigV4

/// SigV4 takes the one instant type (`AmzDate` is `Timestamp`) and judges whole seconds: a
/// clock read with a fraction gives the verdict its second gave when times were whole seconds —
/// the ±5 minute window, presigned expiry and a session token's expiry alike.
@Suite("SigV4 and the clock")
struct SigV4ClockTests {
    static let signedAt = Timestamp(secondsSince1970: 1_768_471_200)  // 2026-01-15T10:00:00Z
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDCLOCK",
        secretAccessKey: "clock/secret",
        sessionToken: "token"
    )

    static func signed(_ location: SigningConfiguration.Location, at date: Timestamp = signedAt) throws -> SigV4Request
    {
        let request = SigV4Request(method: "GET", path: "/pets", headers: [.init("Host", "api.example")])
        let configuration = SigningConfiguration(region: "us-east-1", service: "execute-api", location: location)
        return try SigV4Signer(credentials: credentials, configuration: configuration).sign(request, at: date).request
    }

    static func verdict(
        _ request: SigV4Request,
        at now: Timestamp,
        expiration: Timestamp? = nil
    ) throws -> SigV4Failure.Code? {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let stored = SigV4StoredCredential(
            credentials: credentials,
            principal: try .user("clock", account: "000000000000"),
            expiration: expiration
        )
        return verifier.verify(request, now: now, lookup: { $0 == "AKIDCLOCK" ? stored : nil }).failure?.code
    }

    /// (seconds after signing, nanoseconds): the window is ±300 s of the second `now` falls in.
    @Test(
        arguments: [
            (300, 0, nil), (300, 999_999_999, nil), (301, 0, .signatureExpired), (-300, 0, nil),
            (-300, 999_999_999, nil), (-301, 999_999_999, .signatureNotYetCurrent), (-301, 0, .signatureNotYetCurrent),
        ] as [(Int64, Int64, SigV4Failure.Code?)]
    )
    func headerWindowJudgesTheSecond(offset: Int64, nanoseconds: Int64, expected: SigV4Failure.Code?) throws {
        let request = try Self.signed(.header)
        let now = Timestamp(secondsSince1970: Self.signedAt.secondsSince1970 + offset, nanoseconds: nanoseconds)
        #expect(try Self.verdict(request, at: now) == expected)
        // The whole second gives the same verdict: the fraction never decides.
        #expect(try Self.verdict(request, at: now.wholeSecond) == expected)
    }

    /// A presigned URL expires after `X-Amz-Expires` seconds, whole ones.
    @Test(
        arguments: [(3600, 0, nil), (3600, 999_999_999, nil), (3601, 0, .requestExpired)]
            as [(Int64, Int64, SigV4Failure.Code?)]
    )
    func presignExpiryJudgesTheSecond(offset: Int64, nanoseconds: Int64, expected: SigV4Failure.Code?) throws {
        let request = try Self.signed(.query(expiresIn: 3600))
        let now = Timestamp(secondsSince1970: Self.signedAt.secondsSince1970 + offset, nanoseconds: nanoseconds)
        #expect(try Self.verdict(request, at: now) == expected)
    }

    /// A session token expires after the second its expiration names, whatever the fractions.
    @Test(
        arguments: [
            (0, 0, 0, nil), (0, 999_999_999, 0, nil), (1, 0, 0, .expiredToken), (0, 999_999_999, 500_000_000, nil),
            (1, 0, 999_999_999, .expiredToken),
        ] as [(Int64, Int64, Int64, SigV4Failure.Code?)]
    )
    func tokenExpiryJudgesTheSecond(
        offset: Int64,
        nanoseconds: Int64,
        expirationNanoseconds: Int64,
        expected: SigV4Failure.Code?
    ) throws {
        let request = try Self.signed(.header)
        let expiration = Timestamp(secondsSince1970: Self.signedAt.secondsSince1970, nanoseconds: expirationNanoseconds)
        let now = Timestamp(secondsSince1970: Self.signedAt.secondsSince1970 + offset, nanoseconds: nanoseconds)
        #expect(try Self.verdict(request, at: now, expiration: expiration) == expected)
    }

    /// Signing at any instant within a second writes that second: the signature is the whole
    /// second's.
    @Test(arguments: [0, 1, 500_000_000, 999_999_999] as [Int64])
    func signingWritesTheSecond(nanoseconds: Int64) throws {
        let whole = try Self.signed(.header)
        let fractional = try Self.signed(
            .header,
            at: Timestamp(secondsSince1970: Self.signedAt.secondsSince1970, nanoseconds: nanoseconds)
        )
        #expect(whole.headers == fractional.headers)
    }

    /// The SigV4 forms of the instant at the calendar's edges.
    @Test(
        arguments: [
            (0, "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (2_147_483_648, "20380119T031408Z"),
            (253_402_300_799, "99991231T235959Z"), (-1, "19691231T235959Z"),
        ] as [(Int64, String)]
    )
    func amzFormatAtTheEdges(seconds: Int64, text: String) {
        let date = AmzDate(secondsSince1970: seconds, nanoseconds: 999_999_999)
        #expect(date.amzFormat == text)
        #expect(date.scopeDate == String(text.prefix(8)))
        #expect(AmzDate(amzFormat: text) == date.wholeSecond)
    }
}
