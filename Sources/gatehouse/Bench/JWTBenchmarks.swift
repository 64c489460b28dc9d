import Authorizers
import Foundation
import GatehouseCrypto

/// The bearer-token benchmarks: verifying RS256, ES256 and HS256 tokens against cached keys, next
/// to the raw OpenSSL floors (`crypto.rsa2048.verify`, `crypto.p256.verify`) on the same signing
/// input; and a Lambda authorizer's cache hit (`authorizer.cache.hit`). `--export-workload DIR` writes the tokens and public keys for `bench/peers.py` (PyJWT).
enum JWTBenchmarks {
    static let now = 1_768_471_200.0  // 2026-01-15T10:00:00Z
    static let claims =
        #"{"iss":"https://issuer.example.com","aud":"my-api","sub":"user-123","scope":"pets/read pets/write","iat":1768471000,"exp":1768474800}"#

    static func all(exportTo directory: String?) throws -> [(String, () -> Void)] {
        let rsa = try PrivateKey.generate(.rsa(bits: 2048))
        let p256 = try PrivateKey.generate(.ec(.p256))
        let secret = SecureRandom.bytes(count: 32)
        let rs256 = try JWTMinter(algorithm: "RS256", key: Array(rsa.pem.revealed.utf8)).mint(
            claimsJSON: claims,
            keyID: "rs"
        )
        let es256 = try JWTMinter(algorithm: "ES256", key: Array(p256.pem.revealed.utf8)).mint(
            claimsJSON: claims,
            keyID: "es"
        )
        let hs256 = try JWTMinter(algorithm: "HS256", key: secret).mint(claimsJSON: claims, keyID: "hs")
        let keys = JWKSet(keys: [
            try VerificationKey(publicKey: rsa.publicKey, algorithm: .rs256, keyID: "rs"),
            try VerificationKey(publicKey: p256.publicKey, algorithm: .es256, keyID: "es"),
            try VerificationKey(secret: secret, algorithm: .hs256, keyID: "hs"),
        ])
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = ["https://issuer.example.com"]
        configuration.audiences = ["my-api"]
        let verifier = JWTVerifier(configuration: configuration)
        for token in [rs256, es256, hs256] {
            guard case .success = verifier.verify(token, keys: keys, now: now) else {
                throw CLIError("bench: a JWT workload token does not verify")
            }
        }

        // The floors: the same signing input and signature, straight to OpenSSL.
        let rsaParts = rs256.split(separator: ".")
        let rsaInput = Array("\(rsaParts[0]).\(rsaParts[1])".utf8)
        let rsaSignature = Base64.decodeJWSSegment(rsaParts[2].utf8)!
        let rsaPublic = try rsa.publicKey
        let ecInput = Array("\(es256.split(separator: ".")[0]).\(es256.split(separator: ".")[1])".utf8)
        let ecPublic = try P256PublicKey(uncompressedPoint: try p256PublicPoint(p256))
        let ecPrivate = p256
        let derSignature = try derFromRaw(try ecPrivate.signature(for: ecInput, scheme: .ecdsa(.sha256)))
        guard rsaPublic.isValidSignature(rsaSignature, for: rsaInput, scheme: .rsaPKCS1(.sha256)),
            ecPublic.isValidSignature(derSignature, for: ecInput)
        else { throw CLIError("bench: a crypto floor does not verify") }

        if let directory {
            try export(
                to: directory,
                [
                    "rs256": ["token": rs256, "public_pem": try rsa.publicKey.pem],
                    "es256": ["token": es256, "public_pem": try p256.publicKey.pem],
                    "hs256": ["token": hs256, "secret_b64": Base64.encode(secret)],
                    "now": Int(now),
                ]
            )
        }
        let cacheHit = try authorizerCacheHit()
        return [
            ("authorizer.cache.hit", cacheHit),
            ("jwt.verify.rs256", { blackHole(verifier.verify(rs256, keys: keys, now: now)) }),
            (
                "crypto.rsa2048.verify",
                { blackHole(rsaPublic.isValidSignature(rsaSignature, for: rsaInput, scheme: .rsaPKCS1(.sha256))) }
            ),
            ("jwt.verify.es256", { blackHole(verifier.verify(es256, keys: keys, now: now)) }),
            ("crypto.p256.verify", { blackHole(ecPublic.isValidSignature(derSignature, for: ecInput)) }),
            ("jwt.verify.hs256", { blackHole(verifier.verify(hs256, keys: keys, now: now)) }),
        ]
    }

    /// A TOKEN authorizer whose response (a policy for the whole stage) is cached: each op reads
    /// the identity header, builds the key, finds the entry and judges the policy for the method.
    private static func authorizerCacheHit() throws -> () -> Void {
        let configuration = try LambdaAuthorizerConfiguration(
            name: "bench",
            kind: .token,
            identitySources: [.header("Authorization")],
            resultTTLSeconds: 300
        )
        let response = Array(
            #"{"principalId":"user-123","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"}]},"context":{"tenant":"t1"}}"#
                .utf8
        )
        let authorizer = LambdaAuthorizer(
            configuration: configuration,
            function: NativeAuthorizerFunction { _ in response }
        )
        let request = AuthorizerRequest(
            methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42",
            httpMethod: "GET",
            resource: "/pets/{id}",
            path: "/pets/42",
            headers: [
                ("Host", "abc123.execute-api.us-east-1.amazonaws.com"),
                ("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
            ],
            stage: "prod",
            apiId: "abc123",
            accountId: "123456789012"
        )
        // Fill the cache once through the full path.
        let result = try AuthorizerResult.parse(response, configuration: configuration)
        let key = AuthorizerResultCache.key(
            authorizer: "bench",
            stage: "prod",
            identityValues: ["Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"]
        )
        authorizer.cache.store(result, for: key, ttlSeconds: 300, now: now)
        guard case .decided(let evaluation) = authorizer.prepare(request, now: now), evaluation.cacheHit,
            case .success = evaluation.outcome
        else { throw CLIError("bench: the authorizer cache workload does not hit") }
        return { blackHole(authorizer.prepare(request, now: now)) }
    }

    private static func p256PublicPoint(_ key: PrivateKey) throws -> [UInt8] {
        let jwk = try key.publicKey.jwkParameters
        guard let x = jwk["x"].flatMap({ Base64.decodeJWSSegment($0.utf8) }),
            let y = jwk["y"].flatMap({ Base64.decodeJWSSegment($0.utf8) })
        else { throw CLIError("bench: no P-256 point") }
        return [0x04] + x + y
    }

    /// r || s → DER, for the floor that hands OpenSSL its own format.
    private static func derFromRaw(_ raw: [UInt8]) throws -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop { $0 == 0 })
            if value.isEmpty { value = [0] }
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(raw[0..<32]) + integer(raw[32..<64])
        return [0x30, UInt8(body.count)] + body
    }

    private static func export(to directory: String, _ object: [String: Any]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("jwt.json")
        guard FileManager.default.createFile(atPath: path, contents: Data(JSONLines.pretty(object).utf8)) else {
            throw CLIError("--export-workload: cannot write `\(path)`")
        }
    }
}
