import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy
import TestSupport
import Testing

/// Keys made once per test run; tokens carry explicit times against a fixed clock.
enum Fixture {
    static let now: Timestamp = 1_768_471_200  // 2026-01-15T10:00:00Z
    static let hmacSecret = [UInt8](repeating: 0x5a, count: 64)
    static let rsa = try! PrivateKey.generate(.rsa(bits: 2048))
    static let p256 = try! PrivateKey.generate(.ec(.p256))
    static let p384 = try! PrivateKey.generate(.ec(.p384))
    static let p521 = try! PrivateKey.generate(.ec(.p521))
    static let ed25519 = try! PrivateKey.generate(.ed25519)

    static func privateKey(for algorithm: JWTAlgorithm) -> PrivateKey? {
        switch algorithm {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: return rsa
        case .es256: return p256
        case .es384: return p384
        case .es512: return p521
        case .edDSA: return ed25519
        default: return nil
        }
    }

    /// Every algorithm's key, each bound to its algorithm, kid = the algorithm's name.
    static let keys: JWKSet = {
        JWKSet(
            keys: JWTAlgorithm.allCases.map { algorithm in
                if let key = privateKey(for: algorithm) {
                    return try! VerificationKey(
                        publicKey: key.publicKey,
                        algorithm: algorithm,
                        keyID: algorithm.rawValue
                    )
                }
                return try! VerificationKey(secret: hmacSecret, algorithm: algorithm, keyID: algorithm.rawValue)
            }
        )
    }()

    static func claims(_ extra: String = "") -> String {
        #"{"iss":"https://issuer.test","aud":"api","sub":"alice","iat":1768471000,"exp":1768474800"# + extra + "}"
    }

    /// A token signed by Gatehouse's own primitives (libjwt for HS/RS/ES, OpenSSL for PS/EdDSA).
    static func token(_ algorithm: JWTAlgorithm, claims: String = claims(), kid: String? = nil) -> String {
        let kid = kid ?? algorithm.rawValue
        if JWTMinter.algorithms.contains(algorithm.rawValue) {
            let key = privateKey(for: algorithm).map { Array($0.pem.revealed.utf8) } ?? hmacSecret
            return try! JWTMinter(algorithm: algorithm.rawValue, key: key).mint(claimsJSON: claims, keyID: kid)
        }
        return raw(header: #"{"alg":"\#(algorithm.rawValue)","kid":"\#(kid)"}"#, claims: claims) { input in
            try! privateKey(for: algorithm)!.signature(for: input, scheme: algorithm.scheme!)
        }
    }

    /// A token with any header, signed by `sign`.
    static func raw(header: String, claims: String, sign: ([UInt8]) -> [UInt8]) -> String {
        let input = Base64.encodeURL(Array(header.utf8)) + "." + Base64.encodeURL(Array(claims.utf8))
        return input + "." + Base64.encodeURL(sign(Array(input.utf8)))
    }

    static func verifier(_ adjust: (inout JWTVerifier.Configuration) -> Void = { _ in }) -> JWTVerifier {
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = ["https://issuer.test"]
        configuration.audiences = ["api"]
        adjust(&configuration)
        return JWTVerifier(configuration: configuration)
    }

    static func code(_ result: Result<VerifiedToken, JWTError>) -> JWTError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }
}

@Suite("JWT verification")
struct JWTVerifierTests {
    @Test(arguments: JWTAlgorithm.allCases)
    func everyAlgorithmRoundTrips(_ algorithm: JWTAlgorithm) throws {
        let result = Fixture.verifier().verify(Fixture.token(algorithm), keys: Fixture.keys, now: Fixture.now)
        let verified = try result.get()
        #expect(verified.algorithm == algorithm)
        #expect(verified.subject == "alice")
    }

    @Test(arguments: ["none", "None", "NONE", "nOnE"])
    func algNoneInEverySpelling(_ spelling: String) {
        let header = Base64.encodeURL(Array(#"{"alg":"\#(spelling)","kid":"HS256"}"#.utf8))
        let payload = Base64.encodeURL(Array(Fixture.claims().utf8))
        for token in ["\(header).\(payload).", "\(header).\(payload).c2ln"] {
            #expect(Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == .algNone)
        }
    }

    /// An HS256 token MAC'd with the RSA public key's PEM: the key named is RS256-bound.
    @Test func algorithmConfusionIsRefused() throws {
        let pem = Array(try Fixture.rsa.publicKey.pem.utf8)
        let forged = Fixture.raw(header: #"{"alg":"HS256","kid":"RS256"}"#, claims: Fixture.claims()) {
            HMAC.authenticationCode(.sha256, key: pem, message: $0)
        }
        #expect(
            Fixture.code(Fixture.verifier().verify(forged, keys: Fixture.keys, now: Fixture.now))
                == .algorithmNotAllowed
        )
        // Against the PEM alone (bound to RS256), likewise.
        let pemOnly = try JWKSet.pem(pem, algorithm: .rs256)
        #expect(
            Fixture.code(Fixture.verifier().verify(forged, keys: pemOnly, now: Fixture.now)) == .algorithmNotAllowed
        )
    }

    /// libjwt 1.10.2 — the project's minting library — accepts both attacks when asked to verify;
    /// Gatehouse never asks it, and its own verifier refuses both.
    @Test func libjwtFallsForBothAttacksAndTheWrapperBlocksThem() throws {
        let none =
            Base64.encodeURL(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64.encodeURL(Array(Fixture.claims().utf8))
            + "."
        #expect(LibJWTProbe.libjwtAccepts(none, key: []))
        #expect(Fixture.code(Fixture.verifier().verify(none, keys: Fixture.keys, now: Fixture.now)) == .algNone)

        let pem = Array(try Fixture.rsa.publicKey.pem.utf8)
        let confused = Fixture.raw(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: Fixture.claims()) {
            HMAC.authenticationCode(.sha256, key: pem, message: $0)
        }
        #expect(LibJWTProbe.libjwtAccepts(confused, key: pem))
        let pemKeys = try JWKSet.pem(pem, algorithm: .rs256)
        #expect(Fixture.code(Fixture.verifier().verify(confused, keys: pemKeys, now: Fixture.now)) != nil)

        // The minting wrapper: no empty keys, no `none`, no algorithm the key cannot make.
        #expect(throws: CryptoError.self) { try JWTMinter(algorithm: "HS256", key: []) }
        #expect(throws: CryptoError.self) { try JWTMinter(algorithm: "none", key: Fixture.hmacSecret) }
        #expect(throws: CryptoError.self) {
            try JWTMinter(algorithm: "ES256", key: Array(Fixture.rsa.pem.revealed.utf8))
        }
        #expect(throws: CryptoError.self) { try JWTMinter(algorithm: "RS256", key: pem) }  // a public key cannot mint
    }

    @Test(
        arguments: [
            (#","exp":1768471100"#, JWTError.Code.expired),
            (#","nbf":1768474000"#, .notYetValid),
            (#","iat":1768474000"#, .issuedInFuture),
            (#","exp":"soon""#, .invalidClaim),
        ]
    )
    func timeClaims(_ override: String, _ code: JWTError.Code) {
        // Later members replace earlier ones only in our test claims; build them without duplicates.
        var claims = #"{"iss":"https://issuer.test","aud":"api","sub":"alice""#
        if !override.contains("\"exp\"") { claims += #","exp":1768474800"# }
        claims += override + "}"
        let token = Fixture.token(.hs256, claims: claims)
        #expect(Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == code)
    }

    @Test func leewayAndClaims() {
        let expired = Fixture.token(
            .es256,
            claims: #"{"iss":"https://issuer.test","aud":["x","api"],"exp":1768471170}"#
        )
        #expect(Fixture.code(Fixture.verifier().verify(expired, keys: Fixture.keys, now: Fixture.now)) == .expired)
        #expect(
            Fixture.code(Fixture.verifier { $0.leeway = 60 }.verify(expired, keys: Fixture.keys, now: Fixture.now))
                == nil
        )

        let token = Fixture.token(.rs256)
        #expect(
            Fixture.code(
                Fixture.verifier { $0.issuers = ["https://other"] }.verify(token, keys: Fixture.keys, now: Fixture.now)
            ) == .wrongIssuer
        )
        #expect(
            Fixture.code(
                Fixture.verifier { $0.audiences = ["web"] }.verify(token, keys: Fixture.keys, now: Fixture.now)
            ) == .wrongAudience
        )
        #expect(
            Fixture.code(
                Fixture.verifier { $0.tokenUse = "access" }.verify(token, keys: Fixture.keys, now: Fixture.now)
            ) == .wrongTokenUse
        )
        #expect(
            Fixture.code(
                Fixture.verifier { $0.requiredScopes = ["pets/read"] }.verify(
                    token,
                    keys: Fixture.keys,
                    now: Fixture.now
                )
            ) == .missingScope
        )
        #expect(
            Fixture.code(
                Fixture.verifier { $0.algorithms = [.es256] }.verify(token, keys: Fixture.keys, now: Fixture.now)
            ) == .algorithmNotAllowed
        )

        let cognito = Fixture.token(
            .rs256,
            claims:
                #"{"iss":"https://issuer.test","client_id":"api","token_use":"access","scope":"pets/read pets/write","exp":1768474800}"#
        )
        let accepted = Fixture.verifier {
            $0.tokenUse = "access"
            $0.requiredScopes = ["pets/write"]
        }
        #expect(Fixture.code(accepted.verify(cognito, keys: Fixture.keys, now: Fixture.now)) == nil)
    }

    /// Registered names are matched as whole words: a claim or header member one byte away
    /// (longer, shorter, another last byte, another case) is not the one checked.
    @Test(arguments: [
        (#"{"iss":"https://issuer.test","aud":"api","exq":1768474800}"#, JWTError.Code.invalidClaim),
        (#"{"iss":"https://issuer.test","aud":"api","Exp":1768474800}"#, .invalidClaim),
        (#"{"iss":"https://issuer.test","aud":"api","expp":1768474800}"#, .invalidClaim),
        (#"{"iss":"https://issuer.test","audi":"api","exp":1768474800}"#, .wrongAudience),
        (#"{"iss":"https://issuer.test","client_ie":"api","exp":1768474800}"#, .wrongAudience),
        (#"{"iss":"https://issuer.test","client_i":"api","exp":1768474800}"#, .wrongAudience),
        (#"{"isS":"https://issuer.test","aud":"api","exp":1768474800}"#, .wrongIssuer),
    ])
    func nearMissClaimNames(_ claims: String, _ code: JWTError.Code) {
        let token = Fixture.token(.hs256, claims: claims)
        #expect(Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == code)
        let cognito = Fixture.token(
            .hs256,
            claims: #"{"iss":"https://issuer.test","aud":"api","token_usd":"access","exp":1768474800}"#
        )
        let wantsAccess = Fixture.verifier { $0.tokenUse = "access" }
        #expect(Fixture.code(wantsAccess.verify(cognito, keys: Fixture.keys, now: Fixture.now)) == .wrongTokenUse)
        let unsigned = Fixture.raw(header: #"{"alG":"HS256","kid":"HS256"}"#, claims: Fixture.claims()) { _ in [1] }
        #expect(Fixture.code(Fixture.verifier().verify(unsigned, keys: Fixture.keys, now: Fixture.now)) == .malformed)
    }

    @Test func headersThatMustNotMatter() {
        // jku/x5u/jwk point elsewhere; the token is signed by a key we do not trust.
        let attacker = try! PrivateKey.generate(.ec(.p256))
        let jwk = (try! attacker.publicKey.jwkParameters).map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        for extra in [
            #""jku":"https://evil.test/jwks.json""#, #""x5u":"https://evil.test/cert.pem""#, #""jwk":{\#(jwk)}"#,
        ] {
            let token = Fixture.raw(header: #"{"alg":"ES256","kid":"ES256",\#(extra)}"#, claims: Fixture.claims()) {
                try! attacker.signature(for: $0, scheme: .ecdsa(.sha256))
            }
            #expect(
                Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == .badSignature
            )
        }
        for kid in ["../../etc/passwd", #"x" or "1"="1"#, "HS256\u{0}"] {
            let escaped = kid.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\u{0}", with: "\\u0000")
            let token = Fixture.raw(header: #"{"alg":"HS256","kid":"\#(escaped)"}"#, claims: Fixture.claims()) {
                HMAC.authenticationCode(.sha256, key: Fixture.hmacSecret, message: $0)
            }
            #expect(
                Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == .keyNotFound
            )
        }
        let critical = Fixture.raw(
            header: #"{"alg":"HS256","kid":"HS256","crit":["b64"],"b64":false}"#,
            claims: Fixture.claims()
        ) {
            HMAC.authenticationCode(.sha256, key: Fixture.hmacSecret, message: $0)
        }
        #expect(
            Fixture.code(Fixture.verifier().verify(critical, keys: Fixture.keys, now: Fixture.now)) == .unknownCritical
        )
    }

    @Test func malformedAndHugeTokens() {
        let good = Fixture.token(.hs256)
        let parts = good.split(separator: ".").map(String.init)
        let cases: [(String, JWTError.Code)] = [
            ("", .malformed), ("a.b", .malformed), ("a.b.c.d.e", .malformed),
            ("\(parts[0]).\(parts[1]).\(parts[2])!", .malformed),
            ("\(parts[0]).\(parts[1])=.\(parts[2])", .malformed),
            ("\(Base64.encodeURL(Array("not json".utf8))).\(parts[1]).\(parts[2])", .malformed),
            (
                "\(parts[0]).\(Base64.encodeURL(Array(#"{"sub":"mallory","exp":1768474800}"#.utf8))).\(parts[2])",
                .badSignature
            ),
            (String(good.dropLast(3)), .badSignature),
            (good + String(repeating: "A", count: 17 * 1024), .tooLarge),
        ]
        for (token, code) in cases {
            #expect(
                Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now)) == code,
                "\(token.prefix(40))"
            )
        }
    }

    @Test("mutated tokens never trap and never verify", arguments: [1 as UInt64, 2, 3])
    func fuzz(seed: UInt64) {
        var random = SeededRandom(seed)
        func next() -> UInt64 { random.next() }
        let base = Array(Fixture.token(.hs256).utf8)
        let alphabet = Array("._-=+/ {}\"eyJAz09".utf8)
        for _ in 0..<2_000 {
            var bytes = base
            for _ in 0..<Int(next() % 3 + 1) {
                let index = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[index] = alphabet[Int(next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: index)
                }
            }
            let token = String(decoding: bytes, as: UTF8.self)
            if case .success = Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now) {
                // Only a mutation that left the signed bytes intact may verify.
                #expect(token.hasPrefix(String(decoding: base.prefix(base.count - 44), as: UTF8.self)))
            }
        }
    }

    @Test func jwksSkipsUnusableKeysWithReasons() throws {
        let rsa = try Fixture.rsa.publicKey.jwkParameters
        let json = """
            {"keys": [
              {"kty": "RSA", "kid": "enc", "use": "enc", "n": "\(rsa["n"]!)", "e": "\(rsa["e"]!)"},
              {"kty": "RSA", "kid": "wrong-alg", "alg": "ES256", "n": "\(rsa["n"]!)", "e": "\(rsa["e"]!)"},
              {"kty": "oct", "kid": "short", "alg": "HS256", "k": "c2hvcnQ"},
              {"kty": "XYZ", "kid": "odd"},
              {"kty": "RSA", "kid": "good", "n": "\(rsa["n"]!)", "e": "\(rsa["e"]!)"}
            ]}
            """
        let set = try JWKSet.parse(Array(json.utf8))
        #expect(set.keys.map(\.keyID) == ["good"])
        #expect(set.keys.first?.algorithm == .rs256)
        #expect(set.skipped.count == 4)
        #expect(throws: JWTKeyError.self) { try JWKSet.parse(Array(#"{"keys": []}"#.utf8)) }
        #expect(throws: JWTKeyError.self) { try JWKSet.parse(Array("not json".utf8)) }
    }
}

/// Tokens whose header or claims the flat reader declines (escapes, nested objects, non-ASCII)
/// take the full parser; both paths must decide every check the same way.
@Suite("JWT verification: flat and full readers agree")
struct JWTReaderAgreementTests {
    static func hs256(header: String = #"{"alg":"HS256","kid":"HS256"}"#, claims: String) -> String {
        Fixture.raw(header: header, claims: claims) { input in
            HMAC.authenticationCode(.sha256, key: Fixture.hmacSecret, message: input)
        }
    }

    /// Each claims set in a flat spelling and in one the flat reader declines, with the outcome.
    static let cases: [(flat: String, full: String, expected: JWTError.Code?)] = [
        (Fixture.claims(), Fixture.claims(#","groups":{"admin":true}"#), nil),
        (
            #"{"iss":"https://issuer.test","aud":"api","exp":1768474800}"#,
            #"{"iss":"https:\/\/issuer.test","aud":"api","exp":1768474800}"#, nil
        ),
        (
            #"{"iss":"https://other.test","aud":"api","exp":1768474800}"#,
            #"{"iss":"https:\/\/other.test","aud":"api","exp":1768474800}"#, .wrongIssuer
        ),
        (
            #"{"iss":"https://issuer.test","aud":["x","api"],"exp":1768474800}"#,
            #"{"iss":"https://issuer.test","aud":["x","\u0061pi"],"exp":1768474800}"#, nil
        ),
        (
            #"{"iss":"https://issuer.test","aud":"nope","exp":1768474800}"#,
            #"{"iss":"https://issuer.test","aud":"nop\u0065","exp":1768474800}"#, .wrongAudience
        ),
        (
            #"{"iss":"https://issuer.test","aud":7,"exp":1768474800}"#,
            #"{"iss":"https://issuer.test","aud":7,"exp":1768474800,"n":{"a":1}}"#, .invalidClaim
        ),
        (
            #"{"iss":"https://issuer.test","aud":"api","exp":1768471100}"#,
            #"{"iss":"https://issuer.test","aud":"api","exp":1768471100,"name":"Zoë"}"#, .expired
        ),
        (
            #"{"iss":"https://issuer.test","aud":"api","exp":"1768474800"}"#,
            #"{"iss":"https://issuer.test","aud":"api","exp":"1768474800","x":[{}]}"#, .invalidClaim
        ),
        (
            #"{"iss":"https://issuer.test","client_id":"api","exp":1.7684748e9}"#,
            #"{"iss":"https://issuer.test","client_id":"\u0061pi","exp":1.7684748e9}"#, nil
        ),
        (
            #"{"iss":"https://issuer.test","aud":"api","exp":1768474800,"exp":1}"#,
            #"{"iss":"https://issuer.test","aud":"api","exp":1768474800,"exp":1,"o":{}}"#, .malformed
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func bothReadersDecideAlike(_ index: Int) {
        let (flat, full, expected) = Self.cases[index]
        let verifier = Fixture.verifier()
        let flatResult = verifier.verify(Self.hs256(claims: flat), keys: Fixture.keys, now: Fixture.now)
        let fullResult = verifier.verify(Self.hs256(claims: full), keys: Fixture.keys, now: Fixture.now)
        #expect(Fixture.code(flatResult) == expected, "flat: \(flat)")
        #expect(Fixture.code(fullResult) == expected, "full: \(full)")
        for case .success(let token) in [flatResult, fullResult] {
            guard case .string(let issuer)? = token.claim("iss") else {
                Issue.record("no iss string")
                continue
            }
            #expect(issuer == "https://issuer.test")
            #expect(token.claims.first?.key == "iss")
        }
    }

    @Test func escapedHeadersAreRead() {
        let verifier = Fixture.verifier()
        for header in [
            #"{"alg":"HS256","kid":"HS256","typ":"JWT"}"#, #"{"alg":"HS256","kid":"HS\u0032\u00356"}"#,
            #"{"alg":"HS256","kid":"HS256","x":{"y":1}}"#,
        ] {
            let token = Self.hs256(header: header, claims: Fixture.claims())
            guard case .success(let verified) = verifier.verify(token, keys: Fixture.keys, now: Fixture.now) else {
                Issue.record("\(header) did not verify")
                continue
            }
            // The header is read again on demand, from whichever reader took it.
            #expect(verified.header.map(\.key).prefix(2) == ["alg", "kid"], "\(header)")
            #expect(verified.keyID == "HS256" && verified.algorithm == .hs256)
        }
        let none = Self.hs256(header: #"{"alg":"n\u006fne"}"#, claims: Fixture.claims())
        #expect(Fixture.code(verifier.verify(none, keys: Fixture.keys, now: Fixture.now)) == .algNone)
        // Claims compare as bytes on both paths: a canonically equivalent issuer is another issuer.
        let decomposed = Self.hs256(
            claims: #"{"iss":"https://issu\u0065\u0301r.test","aud":"api","exp":1768474800}"#
        )
        let composedVerifier = Fixture.verifier { $0.issuers = ["https://issu\u{E9}r.test"] }
        #expect(Fixture.code(composedVerifier.verify(decomposed, keys: Fixture.keys, now: Fixture.now)) == .wrongIssuer)
        let unknown = Self.hs256(header: #"{"alg":"HS257","kid":"HS256"}"#, claims: Fixture.claims())
        #expect(Fixture.code(verifier.verify(unknown, keys: Fixture.keys, now: Fixture.now)) == .algorithmNotAllowed)
    }
}

/// libjwt writes ES signatures as fixed-width `r || s`, and one in 256 of them starts with 0x30 —
/// DER's tag. The minter once took those for DER and failed (about one ES token in 256, a flaky
/// test and a flaky benchmark). Tokens are minted until two such signatures have appeared.
@Suite("JWT minting: ECDSA signatures of every shape")
struct ECDSAMintingTests {
    @Test func everySignatureVerifies() throws {
        let minter = try JWTMinter(algorithm: "ES256", key: Array(Fixture.p256.pem.revealed.utf8))
        let verifier = Fixture.verifier()
        var tagLike = 0
        var index = 0
        while tagLike < 2 && index < 20_000 {
            index += 1
            let token = try minter.mint(claimsJSON: Fixture.claims(), keyID: "ES256")
            let signature = Base64.decodeJWSSegment(token.split(separator: ".")[2].utf8) ?? []
            #expect(signature.count == 64, "token \(index)")
            if signature.first == 0x30 { tagLike += 1 }
            #expect(Fixture.code(verifier.verify(token, keys: Fixture.keys, now: Fixture.now)) == nil, "token \(index)")
        }
        #expect(tagLike == 2)  // after ~512 tokens on average; 20,000 without two is beyond chance
    }
}
