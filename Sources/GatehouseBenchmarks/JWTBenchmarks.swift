import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import HTTPTypes

/// The bearer-token benchmarks: verifying RS256, ES256 and HS256 tokens against cached keys, next
/// to the raw OpenSSL floors (`crypto.rsa2048.verify`, `crypto.p256.verify`) on the same signing
/// input; and a Lambda authorizer's cache hit (`authorizer.cache.hit`). The tokens and public keys
/// can be exported for `bench/peers.py` (PyJWT), which verifies the same tokens.
enum JWTBenchmarks {
    /// The benchmarks' fixed clock (a reading whose monotonic time runs with its wall time).
    static let now = ClockReading.fixed(Timestamp(secondsSince1970: 1_768_471_200))  // 2026-01-15T10:00:00Z
    static let claims =
        #"{"iss":"https://issuer.example.com","aud":"my-api","sub":"user-123","scope":"pets/read pets/write","iat":1768471000,"exp":1768474800}"#

    static func all(exportTo directory: String?) throws -> [Benchmark] {
        // Fixed keys (made for this benchmark, protecting nothing), so every run — and callgrind's
        // N-versus-2N difference — measures the same work.
        let rsa = try PrivateKey(pem: Array(benchRSAKey.utf8))
        let p256 = try PrivateKey(pem: Array(benchP256Key.utf8))
        let secret = [UInt8](repeating: 0x5a, count: 32)
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
            guard case .success = verifier.verify(token, keys: keys, now: now.wall) else {
                throw BenchmarkError("a JWT workload token does not verify")
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
        else { throw BenchmarkError("a crypto floor does not verify") }

        if let directory {
            try export(
                to: directory,
                [
                    "rs256": ["token": rs256, "public_pem": try rsa.publicKey.pem],
                    "es256": ["token": es256, "public_pem": try p256.publicKey.pem],
                    "hs256": ["token": hs256, "secret_b64": Base64.encode(secret)],
                    "now": Int(now.wall.secondsSince1970),
                ]
            )
        }
        let cacheHit = try authorizerCacheHit(conditional: false)
        let conditionalHit = try authorizerCacheHit(conditional: true)
        return [
            Benchmark("authorizer.cache.hit", cacheHit),
            Benchmark("authorizer.cache.hit.conditional", conditionalHit),
            Benchmark("jwt.verify.rs256") { blackHole(verifier.verify(rs256, keys: keys, now: now.wall)) },
            Benchmark("crypto.rsa2048.verify") {
                blackHole(rsaPublic.isValidSignature(rsaSignature, for: rsaInput, scheme: .rsaPKCS1(.sha256)))
            },
            Benchmark("jwt.verify.es256") { blackHole(verifier.verify(es256, keys: keys, now: now.wall)) },
            Benchmark("crypto.p256.verify") { blackHole(ecPublic.isValidSignature(derSignature, for: ecInput)) },
            Benchmark("jwt.verify.hs256") { blackHole(verifier.verify(hs256, keys: keys, now: now.wall)) },
        ]
    }

    /// A TOKEN authorizer whose response (a policy for the whole stage) is cached: each op reads
    /// the identity header, builds the key and finds the entry; a context-free policy's judgement
    /// for the method is remembered by the entry, a `conditional` one (an `IpAddress` condition)
    /// builds the request's condition context and is evaluated on every hit.
    private static func authorizerCacheHit(conditional: Bool) throws -> () -> Void {
        let configuration = try LambdaAuthorizerConfiguration(
            name: "bench",
            kind: .token,
            identitySources: [.header("Authorization")],
            resultTTLSeconds: 300
        )
        let condition = conditional ? #","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"# : ""
        let response = Array(
            (#"{"principalId":"user-123","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*""#
                + condition + #"}]},"context":{"tenant":"t1"}}"#).utf8
        )
        let authorizer = LambdaAuthorizer(
            configuration: configuration,
            function: NativeAuthorizerFunction { _ in response }
        )
        // Each request's strings are its own (made at run time, as a parsed request's are), so a
        // hit compares the token and method ARN byte for byte instead of finding the very
        // strings the entry was stored with.
        func request() -> AuthorizerRequest {
            func fresh(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }
            return AuthorizerRequest(
                HTTPRequest(
                    method: .get,
                    scheme: "https",
                    authority: fresh("abc123.execute-api.us-east-1.amazonaws.com"),
                    path: fresh("/prod/pets/42"),
                    headerFields: [.authorization: fresh("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
                ),
                route: AuthorizerRequest.Route(
                    region: "us-east-1",
                    accountId: "123456789012",
                    apiId: "abc123",
                    stage: "prod",
                    resource: "/pets/{id}",
                    pathPrefix: "/prod"
                ),
                peer: AuthorizerRequest.Peer(sourceIp: "203.0.113.7")
            )
        }
        // Fill the cache once through the full path, with another request than the measured one.
        let result = try AuthorizerResult.parse(response, configuration: configuration)
        let key = AuthorizerResultCache.Key(
            authorizer: "bench",
            stage: "prod",
            identityValues: [String(decoding: Array("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln".utf8), as: UTF8.self)]
        )
        authorizer.cache.store(result, for: key, ttlSeconds: 300, now: now.monotonic)
        _ = authorizer.prepare(request(), now: now)
        let measured = request()
        guard case .decided(let evaluation) = authorizer.prepare(measured, now: now), evaluation.cacheHit,
            case .success = evaluation.outcome
        else { throw BenchmarkError("the authorizer cache workload does not hit") }
        return { blackHole(authorizer.prepare(measured, now: now)) }
    }

    private static func p256PublicPoint(_ key: PrivateKey) throws -> [UInt8] {
        let jwk = try key.publicKey.jwkParameters
        guard let x = jwk["x"].flatMap({ Base64.decodeJWSSegment($0.utf8) }),
            let y = jwk["y"].flatMap({ Base64.decodeJWSSegment($0.utf8) })
        else { throw BenchmarkError("no P-256 point") }
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

    /// Writes `object` as `directory/jwt.json` (sorted keys, so the file is the same every run).
    private static func export(to directory: String, _ object: [String: Any]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("jwt.json")
        let data = try JSONSerialization.data(
            withJSONObject: object,
            options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        )
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw BenchmarkError("cannot write the token workload to `\(path)`")
        }
    }
}
