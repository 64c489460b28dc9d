import Authorizers
import GatehouseCore
import Synchronization
import Testing

/// Time at the authorizers' seams: wall time judges tokens and the policy context, monotonic time
/// ages the result cache and a remote key set — so a wall clock that steps changes the first and
/// never the second — and expiry decisions are the ones plain `Double` seconds gave.
@Suite("Authorizers: wall and monotonic time")
struct AuthorizerClockTests {
    /// The rule `JWTVerifier` applied to `now: Double` before time became a `Timestamp`.
    static func oldVerdict(now: Double, exp: Double?, nbf: Double?, iat: Double?, leeway: Double) -> JWTError.Code? {
        if let exp, now >= exp + leeway { return .expired }
        if let nbf, now + leeway < nbf { return .notYetValid }
        if let iat, iat > now + leeway { return .issuedInFuture }
        return nil
    }

    /// Every claim around every boundary, at whole and fractional clocks: the verdict through a
    /// `Timestamp` is the `Double` rule's (fractions exact in binary, so the two readings of the
    /// clock are the same number).
    @Test(arguments: [0, 0.25, 0.5, 0.75] as [Double], [0, 30] as [Double])
    func jwtExpiryDecisionsAreUnchanged(fraction: Double, leeway: Double) throws {
        let base = 1_768_471_200.0
        let verifier = Fixture.verifier { $0.leeway = leeway }
        var checked = 0
        for clockOffset in [-31.0, -30, -1, 0, 1, 29, 30, 31] {
            let now = base + clockOffset + fraction
            let timestamp = try #require(Timestamp(timeIntervalSince1970: now))
            #expect(timestamp.timeIntervalSince1970 == now)
            for claim in ["exp", "nbf", "iat"] {
                for claimOffset in [-1.0, -0.5, 0, 0.5, 1] {
                    let value = base + claimOffset
                    // `exp` present always (the verifier requires one); far away unless under test.
                    let exp = claim == "exp" ? value : base + 86_400
                    let nbf = claim == "nbf" ? value : nil
                    let iat = claim == "iat" ? value : nil
                    var claims = #"{"iss":"https://issuer.test","aud":"api","sub":"alice","exp":\#(exp)"#
                    if let nbf { claims += #","nbf":\#(nbf)"# }
                    if let iat { claims += #","iat":\#(iat)"# }
                    claims += "}"
                    let token = Fixture.token(.hs256, claims: claims)
                    let verdict = Fixture.code(verifier.verify(token, keys: Fixture.keys, now: timestamp))
                    let expected = Self.oldVerdict(now: now, exp: exp, nbf: nbf, iat: iat, leeway: leeway)
                    #expect(verdict == expected, "\(claim)=\(value) now=\(now) leeway=\(leeway)")
                    checked += 1
                }
            }
        }
        #expect(checked == 8 * 3 * 5)
    }

    /// The cache TTL runs on the monotonic clock: stepping the wall clock back a day or forward a
    /// day neither keeps an entry past its TTL nor ends it early.
    @Test(arguments: [-86_400, -3_600, 0, 3_600, 86_400] as [Int64])
    func resultCacheIgnoresWallClockSteps(step: Int64) async {
        let function = LambdaFixture.scopedToMethod()
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(ttl: 60), function: function)
        let clock = ManualClock(wall: Timestamp(secondsSince1970: 1_768_471_200))
        _ = await authorizer.authorize(LambdaFixture.request(), now: clock.now())
        clock.setWall(clock.wallNow + .seconds(step))
        clock.advance(by: .seconds(59))
        let within = await authorizer.authorize(LambdaFixture.request(), now: clock.now())
        #expect(within.cacheHit, "a wall step of \(step) s ended the entry early")
        clock.advance(by: .seconds(1))
        let after = await authorizer.authorize(LambdaFixture.request(), now: clock.now())
        #expect(!after.cacheHit, "a wall step of \(step) s kept the entry past its TTL")
        #expect(function.calls.load(ordering: .relaxed) == 2)
    }

    /// The same TTL boundaries as `Double` seconds gave (`now < stored + ttl`), at sub-second
    /// monotonic readings.
    @Test(
        arguments: [(59_999_999_999, true), (60_000_000_000, false), (60_000_000_001, false), (0, true)]
            as [(Int64, Bool)]
    )
    func cacheBoundaryIsTheTTL(elapsedNanoseconds: Int64, hit: Bool) {
        let cache = AuthorizerResultCache()
        let key = AuthorizerResultCache.Key(authorizer: "a", stage: "prod", identityValue: "t")
        let result = try! AuthorizerResult.parse(
            Array(
                #"{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}}"#
                    .utf8
            ),
            configuration: LambdaFixture.token(ttl: 60)
        )
        let stored = MonotonicInstant(nanosecondsSinceOrigin: 5_000_000_000)
        cache.store(result, for: key, ttlSeconds: 60, now: stored)
        let later = MonotonicInstant(nanosecondsSinceOrigin: stored.nanosecondsSinceOrigin + elapsedNanoseconds)
        #expect((cache.lookup(key, now: later) != nil) == hit)
    }

    /// The event's request time is the request's instant: milliseconds since 1970 (rounded down)
    /// and the CLF text of its second.
    @Test(
        arguments: [
            (1_768_471_200_999, "15/Jan/2026:10:00:00 +0000"), (0, "01/Jan/1970:00:00:00 +0000"),
            (951_825_599_000, "29/Feb/2000:11:59:59 +0000"), (2_147_483_648_000, "19/Jan/2038:03:14:08 +0000"),
        ] as [(Int64, String)]
    )
    func eventTimeComesFromTheInstant(milliseconds: Int64, text: String) throws {
        var request = LambdaFixture.request()
        request.time = Timestamp(millisecondsSince1970: milliseconds)
        let event = AuthorizerEvent.make(
            try LambdaAuthorizerConfiguration(
                name: "r",
                kind: .request,
                identitySources: [try IdentitySource("method.request.header.Authorization")],
                resultTTLSeconds: 0
            ),
            request: request,
            identityValues: ["Bearer good"]
        )
        let json = event.serialized
        #expect(json.contains(#""requestTimeEpoch":\#(milliseconds)"#), "\(json)")
        #expect(json.contains(#""requestTime":"\#(text)""#), "\(json)")
    }

    /// A remote key set ages on the monotonic clock: readings whose wall time jumps a day do not
    /// refetch within `max-age`, and monotonic time alone expires the keys.
    @Test func remoteKeysAgeOnMonotonicTime() async throws {
        let issuer = FakeIssuer()
        issuer.state.withLock { $0.jwks = FakeIssuer.jwks(["a"]) }
        let remote = try RemoteJWKS(url: "https://issuer.test/jwks.json", transport: issuer, minimumRefreshInterval: 30)
        let clock = ManualClock(wall: Timestamp(secondsSince1970: 1_768_471_200))
        _ = try await remote.keys(for: "a", now: clock.now())
        clock.setWall(clock.wallNow + .seconds(86_400))
        clock.advance(by: .seconds(59))
        _ = try await remote.keys(for: "a", now: clock.now())
        #expect(issuer.state.withLock { $0.fetches } == 1)
        clock.setWall(clock.wallNow - .seconds(2 * 86_400))
        clock.advance(by: .seconds(1))  // max-age=60 passed on the monotonic clock
        _ = try await remote.keys(for: "a", now: clock.now())
        #expect(issuer.state.withLock { $0.fetches } == 2)
    }

    /// The blueprint reads its injected clock per invocation: a token valid at one wall time is
    /// refused once the manual clock passes its `exp`.
    @Test func bearerFunctionReadsItsClock() async throws {
        let clock = ManualClock(wall: Fixture.now)
        let function = JWTBearerFunction(
            verifier: Fixture.verifier(),
            keys: .fixed(Fixture.keys),
            clock: clock
        )
        let claims = #"{"iss":"https://issuer.test","aud":"api","sub":"alice","exp":1768471260}"#
        let event = Array(
            #"{"type":"TOKEN","authorizationToken":"Bearer \#(Fixture.token(.hs256, claims: claims))","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"}"#
                .utf8
        )
        _ = try await function.invoke(event, timeout: .seconds(1))
        clock.advance(by: .seconds(60))
        await #expect(throws: FunctionFailure.self) { try await function.invoke(event, timeout: .seconds(1)) }
    }
}
