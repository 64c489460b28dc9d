import GatehouseCore
import TestSupport
import Testing

@testable import SigV4

/// A verifier remembers the verified `Authorization` prefixes (``AuthorizationMemo``); a hit
/// must change only the time a verification takes, never its verdict.
@Suite("Authorization memo")
struct AuthorizationMemoTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDMEMO", secretAccessKey: "memo-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let principal = try! Principal.user("memo", account: "000000000000")
    static let store = StaticCredentialStore([SigV4StoredCredential(credentials: credentials, principal: principal)])

    static func request(_ path: String = "/prod/items/1", extra: [SigV4Request.Header] = []) -> SigV4Request {
        SigV4Request(
            method: "GET",
            path: path,
            query: "limit=10",
            headers: [.init("Host", "abc123.execute-api.us-east-1.amazonaws.com"), .init("Accept", "*/*")] + extra
        )
    }

    static func signed(
        _ request: SigV4Request,
        credentials: AWSCredentials = credentials,
        at time: AmzDate = time
    ) throws -> SigV4Request {
        try SigV4Signer(credentials: credentials, configuration: .init(region: "us-east-1", service: "execute-api"))
            .sign(request, at: time).request
    }

    static func verify(
        _ verifier: SigV4Verifier,
        _ request: SigV4Request,
        store: StaticCredentialStore = store,
        at time: AmzDate = time
    ) -> [String] {
        VerifierCaseTests.outcome(verifier.verify(request, now: time) { store.lookup($0) })
    }

    /// The `Authorization` value of `request` replaced by `value`.
    static func with(authorization value: String, _ request: SigV4Request) -> SigV4Request {
        var copy = request
        copy.removeHeaders(named: "authorization")
        copy.appendHeader("Authorization", value)
        return copy
    }

    @Test("requests sharing a prefix verify through it, with the verdicts of a verifier that remembers nothing")
    func sharedPrefix() throws {
        let warmed = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let fresh = SigV4Verifier(configuration: .init(region: "us-east-1"), keyCache: SigningKeyCache(capacity: 0))
        #expect(fresh.rememberedPrefixes == 0)
        for index in 0..<20 {
            let request = try Self.signed(Self.request("/prod/items/\(index)"))
            #expect(Self.verify(warmed, request) == Self.verify(fresh, request))
            #expect(Self.verify(warmed, request).first == "valid")
        }
        // Twenty requests, one client, one day, one set of signed names: one prefix.
        #expect(warmed.rememberedPrefixes == 1)
        #expect(fresh.rememberedPrefixes == 0)
    }

    @Test("a forged signature is refused and not remembered")
    func forged() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let genuine = try Self.signed(Self.request())
        let value = genuine.firstValue(of: "authorization")!
        let forged = Self.with(authorization: String(value.dropLast(64)) + String(repeating: "0", count: 64), genuine)
        #expect(Self.verify(verifier, forged)[1] == "SignatureDoesNotMatch")
        #expect(verifier.rememberedPrefixes == 0)
        #expect(Self.verify(verifier, genuine).first == "valid")
        #expect(verifier.rememberedPrefixes == 1)
        // Remembered now: the forgery is still refused, with the same answer.
        #expect(Self.verify(verifier, forged)[1] == "SignatureDoesNotMatch")
    }

    @Test("a remembered prefix with another signature tail takes the ordinary parse and its verdict", arguments: 0..<6)
    func tails(variant: Int) throws {
        let warmed = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let fresh = SigV4Verifier(configuration: .init(region: "us-east-1"), keyCache: SigningKeyCache(capacity: 0))
        let genuine = try Self.signed(Self.request())
        #expect(Self.verify(warmed, genuine).first == "valid")
        let value = genuine.firstValue(of: "authorization")!
        let signature = String(value.suffix(64))
        let prefix = String(value.dropLast(64))
        let tail: String
        switch variant {
        case 0: tail = signature + " "  // a trailing space: the general parse trims it
        case 1: tail = String(signature.dropLast()) + ","
        case 2: tail = String(signature.dropLast())  // 63 digits
        case 3: tail = signature + "0"  // 65 digits
        case 4: tail = signature.uppercased()
        default: tail = String(signature.prefix(30)) + ", Extra=" + String(signature.suffix(26))
        }
        let changed = Self.with(authorization: prefix + tail, genuine)
        #expect(Self.verify(warmed, changed) == Self.verify(fresh, changed))
    }

    @Test("a revoked key is refused and a rotated secret is not verified with the remembered key")
    func revokedAndRotated() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let oldSigned = try Self.signed(Self.request())
        #expect(Self.verify(verifier, oldSigned).first == "valid")
        #expect(verifier.rememberedPrefixes == 1)

        let revoked = StaticCredentialStore([])
        #expect(Self.verify(verifier, oldSigned, store: revoked)[1] == "UnrecognizedClient")

        let rotated = AWSCredentials(accessKeyId: Self.credentials.accessKeyId, secretAccessKey: "rotated-secret")
        let rotatedStore = StaticCredentialStore([
            SigV4StoredCredential(credentials: rotated, principal: Self.principal)
        ])
        // The old signature, same prefix: the store's new secret is what counts.
        #expect(Self.verify(verifier, oldSigned, store: rotatedStore)[1] == "SignatureDoesNotMatch")
        let newSigned = try Self.signed(Self.request(), credentials: rotated)
        #expect(Self.verify(verifier, newSigned, store: rotatedStore).first == "valid")
        #expect(Self.verify(verifier, oldSigned)[0] == "valid")
    }

    @Test("the date header, the window and the signed-header rules are still checked on a hit")
    func perRequestChecks() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let signed = try Self.signed(Self.request())
        #expect(Self.verify(verifier, signed).first == "valid")
        // Outside the window.
        let later = AmzDate(secondsSince1970: Self.time.secondsSince1970 + 301)
        #expect(Self.verify(verifier, signed, at: later)[1] == "SignatureExpired")
        // A date on another day than the scope's.
        var otherDay = signed
        otherDay.removeHeaders(named: "x-amz-date")
        otherDay.appendHeader("X-Amz-Date", "20260116T100000Z")
        #expect(Self.verify(verifier, otherDay, at: Self.time)[1] == "CredentialDateMismatch")
        // An unsigned x-amz-* header.
        var unsigned = signed
        unsigned.appendHeader("X-Amz-Meta-Extra", "1")
        #expect(Self.verify(verifier, unsigned)[1] == "UnsignedHeader")
        // A signed header taken away.
        var missing = signed
        missing.removeHeaders(named: "accept")
        #expect(Self.verify(verifier, missing)[1] == "SignedHeaderMissing")
        // A bad date.
        var bad = signed
        bad.removeHeaders(named: "x-amz-date")
        bad.appendHeader("X-Amz-Date", "2026-01-15")
        #expect(Self.verify(verifier, bad)[1] == "InvalidDate")
    }

    @Test("each day, key and set of signed names is its own prefix; a verifier's memo is its own")
    func distinctPrefixes() throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let nextDay = AmzDate(secondsSince1970: Self.time.secondsSince1970 + 86_400)
        let other = AWSCredentials(accessKeyId: "AKIDMEMO2", secretAccessKey: "other-secret")
        let both = StaticCredentialStore([
            SigV4StoredCredential(credentials: Self.credentials, principal: Self.principal),
            SigV4StoredCredential(credentials: other, principal: Self.principal),
        ])
        #expect(Self.verify(verifier, try Self.signed(Self.request()), store: both).first == "valid")
        #expect(
            Self.verify(verifier, try Self.signed(Self.request(), at: nextDay), store: both, at: nextDay).first
                == "valid"
        )
        #expect(
            Self.verify(verifier, try Self.signed(Self.request(), credentials: other), store: both).first == "valid"
        )
        #expect(
            Self.verify(verifier, try Self.signed(Self.request(extra: [.init("X-Extra", "1")])), store: both).first
                == "valid"
        )
        // Four prefixes; they land in 64 slots, so a collision may hold fewer.
        #expect((1...4).contains(verifier.rememberedPrefixes))
        // Remembered with another verifier's configuration: nothing carries over.
        let elsewhere = SigV4Verifier(configuration: .init(region: "eu-west-1"))
        #expect(Self.verify(elsewhere, try Self.signed(Self.request()), store: both)[1] == "InvalidRegion")
        #expect(elsewhere.rememberedPrefixes == 0)
    }

    @Test("many clients at once, sharing slots: every verdict right", .timeLimit(.minutes(1)))
    func concurrent() async throws {
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let clients = (0..<100).map { AWSCredentials(accessKeyId: "AKIDMANY\($0)", secretAccessKey: "secret-\($0)") }
        let store = StaticCredentialStore(
            clients.map { SigV4StoredCredential(credentials: $0, principal: Self.principal) }
        )
        var requests: [(SigV4Request, Bool)] = []
        var random = SeededRandom(seed: 7)
        for index in 0..<400 {
            var request = try Self.signed(
                Self.request("/p/\(index)"),
                credentials: clients[random.below(clients.count)]
            )
            let genuine = random.below(4) != 0
            if !genuine {
                let value = request.firstValue(of: "authorization")!
                request = Self.with(
                    authorization: String(value.dropLast(1)) + (value.hasSuffix("0") ? "1" : "0"),
                    request
                )
            }
            requests.append((request, genuine))
        }
        let all = requests
        await withTaskGroup(of: Bool.self) { group in
            for chunk in 0..<8 {
                group.addTask {
                    var right = true
                    for (index, (request, genuine)) in all.enumerated() where index % 8 == chunk {
                        right = right && (Self.verify(verifier, request, store: store).first == "valid") == genuine
                    }
                    return right
                }
            }
            for await right in group { #expect(right) }
        }
        #expect(verifier.rememberedPrefixes <= AuthorizationMemo.slotCount)
    }
}
