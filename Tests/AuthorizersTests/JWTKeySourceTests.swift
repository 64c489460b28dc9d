import GatehouseCore
import GatehouseCrypto
import TestSupport
import Testing

@testable import Authorizers

/// A key source that counts what it is asked and can be made to fail.
final class CountingKeySource: JWTKeySource {
    let set: JWKSet
    let failing: Bool
    let asked = LockedBox<[String?]>([])

    init(_ set: JWKSet, failing: Bool = false) {
        self.set = set
        self.failing = failing
    }

    func keys(for keyID: String?, now: ClockReading, timeout: Duration) async throws(JWTKeyError) -> JWKSet {
        asked.withLock { $0.append(keyID) }
        if failing { throw JWTKeyError("the key server is down") }
        return set
    }

    var kids: [String?] { asked.withLock { $0 } }
}

/// The async verify (``JWTVerifier/verify(_:keys:now:timeout:)``): the header is read — or found
/// in the memo — before the key source is asked, once, by `kid`; a source that cannot answer
/// refuses the token.
@Suite("JWT verification with a key source")
struct JWTKeySourceTests {
    static let now: ClockReading = 1_768_471_200  // 2026-01-15T10:00:00Z
    static let claims = #"{"iss":"https://issuer.example.com","aud":"my-api","sub":"u","exp":1768474800}"#
    static let secret = [UInt8](repeating: 0x5a, count: 32)
    static let ecKey: PrivateKey = try! PrivateKey.generate(.ec(.p256))

    static func verifier() -> JWTVerifier {
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = ["https://issuer.example.com"]
        configuration.audiences = ["my-api"]
        return JWTVerifier(configuration: configuration)
    }

    static func hs256(kid: String?) -> String {
        try! JWTMinter(algorithm: "HS256", key: secret).mint(claimsJSON: claims, keyID: kid)
    }

    static func es256(kid: String) -> String {
        try! JWTMinter(algorithm: "ES256", key: Array(ecKey.pem.revealed.utf8)).mint(claimsJSON: claims, keyID: kid)
    }

    static func ecJWKS(_ kids: [String]) -> [UInt8] {
        JWKSFixture.ecSet(try! ecKey.publicKey, kids: kids)
    }

    static let hsKeys = JWKSet(keys: [try! VerificationKey(secret: secret, algorithm: .hs256, keyID: "k1")])

    @Test func asksTheSourceOnceByTheHeadersKid() async throws {
        let source = CountingKeySource(Self.hsKeys)
        let verifier = Self.verifier()
        let verified = try await verifier.verify(Self.hs256(kid: "k1"), keys: source, now: Self.now).get()
        #expect(verified.subject == "u" && verified.keyID == "k1")
        #expect(source.kids == ["k1"])
        // Without a kid the source is asked with none.
        let unnamed = CountingKeySource(JWKSet(keys: [try VerificationKey(secret: Self.secret, algorithm: .hs256)]))
        _ = try await verifier.verify(Self.hs256(kid: nil), keys: unnamed, now: Self.now).get()
        #expect(unnamed.kids == [nil])
    }

    /// A header the memo holds is not parsed: the kid the source is asked for is the memo's. The
    /// test plants a memo entry whose kid differs from the header's own, which only a lookup
    /// that skipped the parse would report.
    @Test func aMemoHitIsNotParsed() async throws {
        let verifier = Self.verifier()
        let token = Self.hs256(kid: "real")
        let header = Array(token.utf8.prefix { $0 != UInt8(ascii: ".") })
        header.withUnsafeBufferPointer { verifier.headerMemo.remember($0, algorithm: .hs256, keyID: "from-memo") }
        let source = CountingKeySource(
            JWKSet(keys: [try VerificationKey(secret: Self.secret, algorithm: .hs256, keyID: "from-memo")])
        )
        let verified = try await verifier.verify(token, keys: source, now: Self.now).get()
        #expect(source.kids == ["from-memo"])
        #expect(verified.keyID == "from-memo")
    }

    /// Verifying tokens that share a header fetches the issuer's keys once: the memo answers for
    /// the header, the remote set's cache for the keys.
    @Test func noFetchOnAMemoHit() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.jwks = Self.ecJWKS(["a"]) }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer)
        let verifier = Self.verifier()
        for second in 0..<5 {
            let result = await verifier.verify(Self.es256(kid: "a"), keys: remote, now: Self.now + .seconds(second))
            #expect((try? result.get()) != nil)
        }
        #expect(issuer.state.withLock { $0.fetches } == 1)
        let header = Array(Self.es256(kid: "a").utf8.prefix { $0 != UInt8(ascii: ".") })
        #expect(header.withUnsafeBufferPointer { verifier.headerMemo.lookup($0) } != nil)
    }

    /// A rotated key (a kid the cached set lacks) costs one refresh; a made-up kid right after
    /// costs none (the refresh interval) and is refused.
    @Test func oneRefreshOnAnUnknownKid() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.jwks = Self.ecJWKS(["a"]) }
        let remote = try RemoteJWKS(
            url: "https://issuer.test/jwks.json",
            transport: issuer,
            minimumRefreshInterval: 30
        )
        let verifier = Self.verifier()
        #expect((try? await verifier.verify(Self.es256(kid: "a"), keys: remote, now: Self.now).get()) != nil)
        issuer.state.withLock { $0.jwks = Self.ecJWKS(["a", "b"]) }
        let rotated = await verifier.verify(Self.es256(kid: "b"), keys: remote, now: Self.now + .seconds(31))
        #expect((try? rotated.get())?.keyID == "b")
        #expect(issuer.state.withLock { $0.fetches } == 2)
        let madeUp = await verifier.verify(Self.es256(kid: "made-up"), keys: remote, now: Self.now + .seconds(32))
        #expect(madeUp.failureCode == .keyNotFound)
        #expect(issuer.state.withLock { $0.fetches } == 2)
    }

    /// A source that cannot answer refuses the token — with its own code, never a pass — and a
    /// token that is not a JWS is refused before the source is asked.
    @Test func failsClosedWhenTheSourceFails() async throws {
        let failing = CountingKeySource(Self.hsKeys, failing: true)
        let result = await Self.verifier().verify(Self.hs256(kid: "k1"), keys: failing, now: Self.now)
        #expect(result.failureCode == .keysUnavailable)
        #expect(failing.kids == ["k1"])

        let issuer = FakeIssuer()
        issuer.state.withLock { $0.down = true }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer)
        let down = await Self.verifier().verify(Self.es256(kid: "a"), keys: remote, now: Self.now)
        #expect(down.failureCode == .keysUnavailable)

        let untouched = CountingKeySource(Self.hsKeys)
        for token in ["", "a.b", "not a token", "e30.e30.e30.e30"] {
            let refused = await Self.verifier().verify(token, keys: untouched, now: Self.now)
            #expect(refused.failureCode == .malformed, "\(token)")
        }
        #expect(untouched.kids.isEmpty)
    }

    /// The async path and the synchronous one give the same verdict for the same token and keys.
    @Test(
        arguments: [
            ("k1", 0), ("k1", 10_000), ("k2", 0), ("k1", -1_000_000),
        ] as [(String, Int64)]
    )
    func agreesWithTheSynchronousVerify(kid: String, offset: Int64) async {
        let verifier = Self.verifier()
        let token = Self.hs256(kid: kid)
        let sync = verifier.verify(token, keys: Self.hsKeys, now: (Self.now + .seconds(offset)).wall)
        let viaSource = await Self.verifier().verify(
            token,
            keys: CountingKeySource(Self.hsKeys),
            now: Self.now + .seconds(offset)
        )
        #expect(sync.failureCode == viaSource.failureCode)
        #expect((try? sync.get())?.subject == (try? viaSource.get())?.subject)
    }

    /// The bearer blueprint verifies through the key source: a key server that is down is the
    /// issuer's failure (500), a bad token the caller's (401).
    @Test func bearerFunctionMapsKeyOutagesTo500() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.down = true }
        let function = JWTBearerFunction(
            verifier: Self.verifier(),
            keys: .remote(try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer)),
            clock: ManualClock(Self.now)
        )
        let event = Array(
            #"{"type":"TOKEN","authorizationToken":"Bearer \#(Self.es256(kid: "a"))","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"}"#
                .utf8
        )
        await #expect {
            _ = try await function.invoke(event, timeout: .seconds(1))
        } throws: { error in
            if case .transport = error as? FunctionFailure { return true }
            return false
        }
        #expect(issuer.state.withLock { $0.fetches } == 1)
        let bad = Array(
            #"{"type":"TOKEN","authorizationToken":"Bearer x.y","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"}"#
                .utf8
        )
        await #expect {
            _ = try await function.invoke(bad, timeout: .seconds(1))
        } throws: { error in
            if case .raised("Unauthorized") = error as? FunctionFailure { return true }
            return false
        }
        #expect(issuer.state.withLock { $0.fetches } == 1)  // the malformed token asked for no keys
    }
}

extension Result where Failure == JWTError {
    var failureCode: JWTError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
