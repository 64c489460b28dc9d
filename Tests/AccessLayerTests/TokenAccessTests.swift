import AccessLayer
import Authorizers
import GatehouseCore
import HTTPTypes
import Testing

/// `JWT` (tokens minted with the repository's JWS signer) and `COGNITO_USER_POOLS`.
@Suite("Access layer: JWT and user pools")
struct TokenAccessTests {
    static let secret = Array("an-hs256-secret-of-thirty-two-b!".utf8)
    static let issuer = "https://issuer.example.com"

    static func token(
        expires: Int64 = Fixture.now.secondsSince1970 + 600,
        audience: String = "my-api",
        scope: String = "pets/read"
    ) -> String {
        let signer = try! JWTSigner(algorithm: .hs256, key: secret)
        return try! signer.sign(
            claimsJSON:
                #"{"sub":"user-42","iss":"\#(issuer)","aud":"\#(audience)","exp":\#(expires),"iat":\#(Fixture.now.secondsSince1970 - 10),"scope":"\#(scope)"}"#,
            keyID: "k1"
        )
    }

    static func method(api: AccessDenial.API = .rest, scopes: [String] = []) -> MethodAccess {
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = [issuer]
        configuration.audiences = ["my-api"]
        let keys = JWKSet(keys: [try! VerificationKey(secret: secret, algorithm: .hs256, keyID: "k1")])
        return MethodAccess(
            authorization: .jwt(
                JWTAuthorization(name: "issuer", verifier: JWTVerifier(configuration: configuration), keys: keys)
            ),
            authorizationScopes: scopes,
            api: api
        )
    }

    static func tampered(_ token: String) -> String {
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = String(parts[1].map { $0 == "A" ? "B" : $0 })  // the claims change, the signature does not
        if parts[1] == token.split(separator: ".")[1] { parts[1] = "e" + parts[1].dropFirst() }
        return parts.joined(separator: ".")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var header: String?
        var scopes: [String] = []
        var allowed: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid token, Bearer", header: "Bearer " + token(), allowed: true),
        Case(name: "valid token, raw", header: token(), allowed: true),
        Case(
            name: "valid token with the method's scope",
            header: "Bearer " + token(),
            scopes: ["pets/read"],
            allowed: true
        ),
        Case(name: "missing token", header: nil, allowed: false),
        Case(name: "empty Bearer", header: "Bearer ", allowed: false),
        Case(name: "expired", header: "Bearer " + token(expires: Fixture.now.secondsSince1970 - 1), allowed: false),
        Case(name: "tampered claims", header: "Bearer " + tampered(token()), allowed: false),
        Case(name: "wrong audience", header: "Bearer " + token(audience: "other"), allowed: false),
        Case(name: "lacks the method's scope", header: "Bearer " + token(), scopes: ["pets/write"], allowed: false),
    ]

    @Test(arguments: cases)
    func decides(_ testCase: Case) async throws {
        let request = Fixture.request(.get, "/pets/1", headers: testCase.header.map { [("Authorization", $0)] } ?? [])
        let decision = await Fixture.layer().decide(request, method: Self.method(scopes: testCase.scopes))
        if testCase.allowed {
            let grant = try #require(decision.grant, "\(decision.reason)")
            #expect(grant.token?.subject == "user-42")
            #expect(grant.scopes == ["pets/read"])
            #expect(grant.authorizationType == "JWT")
        } else {
            let denial = try #require(decision.denial)
            #expect(denial.status == 401)
            #expect(denial.body == #"{"message":"Unauthorized"}"#)
            #expect(denial.errorType == "UnauthorizedException")
            if let header = testCase.header, header.count > 10 { #expect(!denial.reason.contains(header.dropFirst(7))) }
        }
    }

    @Test("an HTTP API's refusal carries www-authenticate")
    func httpAPI() async throws {
        let request = Fixture.request(
            .get,
            "/pets/1",
            headers: [("Authorization", "Bearer " + Self.token(expires: Fixture.now.secondsSince1970 - 1))]
        )
        let denial = try #require(await Fixture.layer().decide(request, method: Self.method(api: .http)).denial)
        #expect(denial.status == 401)
        #expect(denial.headers.first?.name == "www-authenticate")
        #expect(denial.headers.first?.value.hasPrefix(#"Bearer scope="" error="invalid_token""#) == true)
    }

    @Test("a resource policy must allow a JWT caller")
    func resourcePolicy() async throws {
        var method = Self.method()
        method.resourcePolicy = try APIResourcePolicy(
            json: """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",
                "Resource":"\(Fixture.arn("GET", "pets/1"))"}]}
                """
        )
        let header = [("Authorization", "Bearer " + Self.token())]
        #expect(
            await Fixture.layer().decide(Fixture.request(.get, "/pets/1", headers: header), method: method).isAllowed
        )
        let denial = try #require(
            await Fixture.layer().decide(Fixture.request(.get, "/pets/2", headers: header), method: method).denial
        )
        #expect(denial.status == 403)
        #expect(denial.body.hasSuffix(#"because no resource-based policy allows the execute-api:Invoke action"}"#))
    }

    @Test("COGNITO_USER_POOLS without user pools is refused, never allowed")
    func cognitoUnavailable() async throws {
        let method = MethodAccess(
            authorization: .cognitoUserPools(providerARNs: ["arn:aws:cognito-idp:us-east-1:111122223333:userpool/p1"])
        )
        let request = Fixture.request(.get, "/pets/1", headers: [("Authorization", Self.token())])
        let denial = try #require(await Fixture.layer().decide(request, method: method).denial)
        #expect(denial.status == 500)
        #expect(denial.body == #"{"message":null}"#)
        #expect(denial.errorType == "AuthorizerConfigurationException")
        #expect(denial.reason.contains("COGNITO_USER_POOLS is not available"))
    }

    /// A user pool seam implementation for the test: verifies with the same key.
    struct Pool: UserPoolAuthenticator {
        func authenticate(
            token: String,
            providerARNs: [String],
            scopes: [String],
            now: ClockReading
        ) async throws(AccessDenial) -> VerifiedToken {
            let keys = JWKSet(keys: [
                try! VerificationKey(secret: TokenAccessTests.secret, algorithm: .hs256, keyID: "k1")
            ])
            switch JWTVerifier().verify(token, keys: keys, now: now.wall) {
            case .success(let verified): return verified
            case .failure(let error): throw error.denial()
            }
        }
    }

    @Test("COGNITO_USER_POOLS through a user pool authenticator")
    func cognitoSeam() async throws {
        let layer = AccessLayer(
            region: Fixture.region,
            credentials: Fixture.store,
            clock: ManualClock(wall: Fixture.now),
            userPools: Pool()
        )
        let method = MethodAccess(authorization: .cognitoUserPools(providerARNs: ["p1"]))
        let allowed = await layer.decide(
            Fixture.request(.get, "/pets/1", headers: [("Authorization", Self.token())]),
            method: method
        )
        #expect(allowed.grant?.token?.subject == "user-42")
        let refused = await layer.decide(
            Fixture.request(.get, "/pets/1", headers: [("Authorization", Self.tampered(Self.token()))]),
            method: method
        )
        #expect(refused.denial?.status == 401)
        #expect(await layer.decide(Fixture.request(.get, "/pets/1"), method: method).denial?.status == 401)
    }
}
