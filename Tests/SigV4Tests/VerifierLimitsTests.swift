import GatehouseCore
import SigV4
import Testing

@Suite("Verifier limits, explanations and failure mapping")
struct VerifierLimitsTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDLIMITS", secretAccessKey: "limits-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("l", account: "000000000000")
    )

    static func signed(body: [UInt8] = [], headers: Int = 0) throws -> SigV4Request {
        var request = SigV4Request(method: "POST", path: "/p", headers: [.init("Host", "h")], body: body)
        for index in 0..<headers { request.headers.append(.init("X-Extra-\(index)", "v")) }
        return try SigV4Signer(
            credentials: credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: time).request
    }

    @Test("bodies and header counts over the limits are refused before any hashing")
    func limits() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", maxBodyBytes: 16, maxHeaderCount: 8))
        let big = verifier.verify(try Self.signed(body: Array(repeating: 1, count: 17)), now: Self.time) { _ in
            Self.stored
        }
        #expect(big.failure?.code == .requestTooLarge)
        let many = verifier.verify(try Self.signed(headers: 8), now: Self.time) { _ in Self.stored }
        #expect(many.failure?.code == .requestTooLarge)
        let fine = verifier.verify(try Self.signed(body: Array(repeating: 1, count: 16)), now: Self.time) { _ in
            Self.stored
        }
        #expect(fine.isValid)
    }

    @Test(
        "a canonical request longer than the verifier's stack scratch (1 KiB) verifies, and fails when changed",
        arguments: [900, 1_100, 5_000]
    )
    func longCanonicalRequest(valueLength: Int) throws {
        var request = SigV4Request(method: "GET", path: "/p", headers: [.init("Host", "h")])
        request.appendHeader("X-Long", String(repeating: "v", count: valueLength))
        let signed = try SigV4Signer(
            credentials: Self.credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: Self.time).request
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        #expect(verifier.verify(signed, now: Self.time) { _ in Self.stored }.isValid)
        var changed = signed
        changed.headers = changed.headers.map {
            $0.name == "X-Long" ? .init("X-Long", String(repeating: "v", count: valueLength - 1) + "w") : $0
        }
        #expect(verifier.verify(changed, now: Self.time) { _ in Self.stored }.failure?.code == .signatureDoesNotMatch)
    }

    @Test("request lines and headers over maxHeaderBytes are refused before they are copied or parsed")
    func headerBytes() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", maxHeaderBytes: 1_000))
        var request = SigV4Request(method: "POST", path: "/p", headers: [.init("Host", "h")])
        request.headers.append(.init("X-Padding", String(repeating: "p", count: 400)))
        let signed = try SigV4Signer(
            credentials: Self.credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: Self.time).request
        #expect(verifier.verify(signed, now: Self.time) { _ in Self.stored }.isValid)
        var padded = signed
        padded.headers[1].value = String(repeating: "p", count: 1_000)
        let refused = verifier.verify(padded, now: Self.time) { _ in Self.stored }
        #expect(refused.failure?.code == .requestTooLarge)
        #expect(refused.failure?.message.contains("1000 bytes") == true)
        // The default (64 KiB) lets an ordinary request through and stops a 70 KB header.
        let defaults = SigV4Verifier(configuration: .init(region: "us-east-1"))
        #expect(defaults.verify(signed, now: Self.time) { _ in Self.stored }.isValid)
        padded.headers[1].value = String(repeating: "p", count: 70_000)
        #expect(defaults.verify(padded, now: Self.time) { _ in Self.stored }.failure?.code == .requestTooLarge)
    }

    @Test("the canonical request and string to sign are attached only when asked for")
    func explanation() throws {
        var request = try Self.signed()
        request.path = "/q"
        let quiet = SigV4Verifier(configuration: .init(region: "us-east-1"))
            .verify(request, now: Self.time) { _ in Self.stored }.failure
        #expect(quiet?.code == .signatureDoesNotMatch)
        #expect(quiet?.canonicalRequest == nil)
        let explained = SigV4Verifier(
            configuration: .init(region: "us-east-1", includeCanonicalRequestInFailures: true)
        )
        .verify(request, now: Self.time) { _ in Self.stored }.failure
        #expect(explained?.canonicalRequest?.hasPrefix("POST\n/q\n") == true)
        #expect(explained?.stringToSign?.hasPrefix("AWS4-HMAC-SHA256\n20260115T100000Z\n") == true)
        #expect(explained?.detailedMessage.contains("The Canonical String for this request should have been") == true)
    }

    @Test("a failing credential store denies with a 500, never allows")
    func storeOutage() async throws {
        struct Broken: SigV4CredentialStore {
            struct Outage: Error {}
            func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential? {
                throw Outage()
            }
        }
        let result = await SigV4Verifier(configuration: .init(region: "us-east-1"))
            .verify(try Self.signed(), now: Self.time, credentials: Broken())
        #expect(result.failure?.code == .credentialStoreUnavailable)
        #expect(result.failure?.code.httpStatus == 500)
    }

    @Test("every failure code maps to an API Gateway error type and status")
    func mapping() {
        for code in SigV4Failure.Code.all {
            #expect(!code.errorType.isEmpty)
            #expect([403, 500].contains(code.httpStatus))
        }
        #expect(SigV4Failure.Code.missingAuthenticationToken.errorType == "MissingAuthenticationTokenException")
        #expect(SigV4Failure.Code.signatureDoesNotMatch.errorType == "InvalidSignatureException")
        #expect(SigV4Failure.Code.expiredToken.errorType == "ExpiredTokenException")
    }
}
