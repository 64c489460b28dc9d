import Authorizers
import GatehouseCore
import GatehouseCrypto
import IAMPolicy
import Testing

/// API Gateway's audience rule (reference/gateway.md §JWT authorizers; AWS: "API Gateway validates
/// `client_id` only if `aud` is not present"): `aud`, when present, decides alone; `client_id` is
/// read only for a token without `aud`. Swept over every shape of `aud` × every state of
/// `client_id`, on the flat reader and on the full parser, in the verifier and in `jwtBearer`.
@Suite("JWT audience: aud decides, client_id only without aud")
struct JWTAudienceTests {
    /// `aud` spellings, each with its flat form, a form the flat reader declines (an escape), and
    /// what it is: `nil` absent, `.match`, `.differs`, `.invalid`.
    enum Audience { case absent, match, differs, invalid }

    static let audiences: [(flat: String?, full: String?, kind: Audience)] = [
        (nil, nil, .absent),
        (#""aud":"api""#, #""aud":"\u0061pi""#, .match),
        (#""aud":"other""#, #""aud":"oth\u0065r""#, .differs),
        (#""aud":"API""#, #""aud":"\u0041PI""#, .differs),
        (#""aud":"api ""#, #""aud":"api\u0020""#, .differs),
        (#""aud":["x","api"]"#, #""aud":["x","\u0061pi"]"#, .match),
        (#""aud":["api"]"#, #""aud":["\u0061pi"]"#, .match),
        (#""aud":["x","y"]"#, #""aud":["x","\u0079"]"#, .differs),
        (#""aud":[]"#, #""aud":[],"n":{}"#, .differs),
        (#""aud":7"#, #""aud":7,"n":{}"#, .invalid),
        (#""aud":null"#, #""aud":null,"n":{}"#, .invalid),
        (#""aud":true"#, #""aud":true,"n":{}"#, .invalid),
        (#""aud":["api",7]"#, #""aud":["\u0061pi",7]"#, .invalid),
        (#""aud":["api",null]"#, #""aud":["\u0061pi",null]"#, .invalid),
        (nil, #""aud":{"api":true}"#, .invalid),
        (nil, #""aud":[["api"]]"#, .invalid),
    ]

    /// `client_id` states: absent, matching, another, not a string.
    static let clientIDs: [(flat: String?, full: String?, matches: Bool)] = [
        (nil, nil, false),
        (#""client_id":"api""#, #""client_id":"\u0061pi""#, true),
        (#""client_id":"other""#, #""client_id":"oth\u0065r""#, false),
        (#""client_id":7"#, #""client_id":7"#, false),
        (#""client_id":["api"]"#, #""client_id":["\u0061pi"]"#, false),
    ]

    /// What AWS answers: `nil` accepted.
    static func expected(_ audience: Audience, clientIDMatches: Bool) -> JWTError.Code? {
        switch audience {
        case .match: return nil
        case .differs: return .wrongAudience
        case .invalid: return .invalidClaim
        case .absent: return clientIDMatches ? nil : .wrongAudience
        }
    }

    static func claims(_ parts: [String?]) -> String {
        let members =
            [#""iss":"https://issuer.test""#, #""sub":"alice""#, #""exp":1768474800"#] + parts.compactMap { $0 }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func hs256(_ claims: String) -> String {
        Fixture.raw(header: #"{"alg":"HS256","kid":"HS256"}"#, claims: claims) { input in
            HMAC.authenticationCode(.sha256, key: Fixture.hmacSecret, message: input)
        }
    }

    @Test(arguments: 0..<(audiences.count * clientIDs.count))
    func truthTable(_ index: Int) {
        let audience = Self.audiences[index / Self.clientIDs.count]
        let clientID = Self.clientIDs[index % Self.clientIDs.count]
        let expected = Self.expected(audience.kind, clientIDMatches: clientID.matches)
        let verifier = Fixture.verifier()
        // A spelling only the full parser reads exists for every case; the flat one for most.
        var spellings: [String] = []
        if audience.kind == .absent || audience.flat != nil {
            spellings.append(Self.claims([audience.flat, clientID.flat]))
        }
        spellings.append(Self.claims([audience.full, clientID.full]))
        // Order must not matter: client_id before aud.
        spellings.append(Self.claims([clientID.full, audience.full]))
        for claims in spellings {
            let result = verifier.verify(Self.hs256(claims), keys: Fixture.keys, now: Fixture.now)
            #expect(Fixture.code(result) == expected, "\(claims)")
        }
        // Several accepted audiences: the rule is the same whichever of them the claims name.
        let several = Fixture.verifier { $0.audiences = ["web", "api"] }
        let claims = Self.claims([audience.full, clientID.full])
        #expect(Fixture.code(several.verify(Self.hs256(claims), keys: Fixture.keys, now: Fixture.now)) == expected)
    }

    /// The regression: a wrong `aud` with the right `client_id` was accepted.
    @Test func rightClientIDNeverRescuesAWrongAudience() {
        let token = Self.hs256(Self.claims([#""aud":"someone-else""#, #""client_id":"api""#]))
        #expect(Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == .wrongAudience)
        let cognitoAccess = Self.hs256(Self.claims([#""client_id":"api""#, #""token_use":"access""#]))
        #expect(Fixture.code(Fixture.verifier().verify(cognitoAccess, keys: Fixture.keys, now: Fixture.now)) == nil)
    }

    /// `jwtBearer` verifies with the same rule: a wrong `aud` with the right `client_id` is
    /// `Unauthorized`, an access token with only `client_id` is allowed.
    @Test(arguments: [
        ([#""aud":"someone-else""#, #""client_id":"api""#], false),
        ([#""aud":["x"]"#, #""client_id":"api""#], false),
        ([#""aud":[]"#, #""client_id":"api""#], false),
        ([#""aud":null"#, #""client_id":"api""#], false),
        ([#""client_id":"api""#], true),
        ([#""aud":"api""#, #""client_id":"other""#], true),
        ([String](), false),
    ])
    func jwtBearerUsesTheSameRule(_ parts: [String], _ allowed: Bool) async {
        let function = JWTBearerFunction(
            verifier: Fixture.verifier(),
            keys: .fixed(Fixture.keys),
            clock: ManualClock(wall: Fixture.now)
        )
        let token = Self.hs256(Self.claims(parts))
        let event =
            #"{"type":"TOKEN","authorizationToken":"Bearer \#(token)","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"}"#
        do {
            let response = try await function.invoke(Array(event.utf8), timeout: .seconds(1))
            #expect(allowed, "allowed: \(parts)")
            #expect(String(decoding: response, as: UTF8.self).contains(#""Allow""#))
        } catch {
            #expect(!allowed, "refused: \(parts)")
            #expect(error == .raised("Unauthorized"))
        }
    }
}
