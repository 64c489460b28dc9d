import GatehouseCrypto
import Testing

@Suite("JWK thumbprints (RFC 7638)")
struct JWKThumbprintTests {
    /// RFC 7638 §3.1's RSA key and RFC 8037 §A.3's Ed25519 key, with the thumbprints the RFCs give.
    @Test(arguments: [
        (
            [
                "kty": "RSA", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29",
                "n":
                    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            ],
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        ),
        (
            ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"],
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        ),
    ])
    func rfcVectors(_ members: [String: String], _ expected: String) {
        #expect(JWKThumbprint.sha256(members) == expected)
    }

    @Test("unknown key types and missing members have no thumbprint")
    func incomplete() {
        #expect(JWKThumbprint.sha256(["kty": "oct", "k": "c2VjcmV0"]) == nil)
        #expect(JWKThumbprint.sha256(["kty": "RSA", "n": "AQAB"]) == nil)
        #expect(JWKThumbprint.sha256(["kty": "EC", "crv": "P-256", "x": "AA"]) == nil)
        #expect(JWKThumbprint.sha256(["crv": "Ed25519", "x": "AA"]) == nil)
    }

    /// Every kind of key Gatehouse makes: the thumbprint is stable, hashes only the required
    /// members, and differs between keys.
    @Test(arguments: [KeyKind.rsa(bits: 2048), .ec(.p256), .ec(.p384), .ec(.p521), .ed25519])
    func generatedKeys(_ kind: KeyKind) throws {
        let key = try PrivateKey.generate(kind).publicKey
        let thumbprint = key.jwkThumbprint
        #expect(thumbprint.count == 43)
        var members = key.jwkParameters
        members["kid"] = "ignored"
        members["use"] = "sig"
        #expect(JWKThumbprint.sha256(members) == thumbprint)
        #expect(try PrivateKey.generate(kind).publicKey.jwkThumbprint != thumbprint)
    }
}
