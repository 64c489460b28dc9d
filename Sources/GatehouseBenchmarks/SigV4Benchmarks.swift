import GatehouseCore
import GatehouseCrypto
import HTTPTypes
import SigV4

/// The SigV4 and crypto benchmarks, on the workload of reference/sigv4.md §9.
enum SigV4Benchmarks {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = AmzDate(iso8601: "2026-01-15T10:00:00Z")!

    static var request: SigV4Request {
        SigV4Request(
            method: "GET",
            path: "/prod/items/123",
            query: "limit=10&sort=asc",
            headers: [
                .init("Host", "abc123.execute-api.us-east-1.amazonaws.com"),
                .init("Accept", "application/json"),
                .init("X-Request-Id", "5f0c2a4e-8b1d-4c3e-9a7f-2d6b1e0c9f13"),
            ]
        )
    }

    /// `request` signed, as swift-http-types' currency type, the way Hummingbird hands it to a
    /// server: `Host` moved into `:authority`, the other fields in order.
    static func httpRequest(_ signed: SigV4Request) -> HTTPRequest {
        var http = HTTPRequest(method: .get, scheme: "https", authority: nil, path: signed.target)
        for header in signed.headers {
            if header.name.lowercased() == "host" {
                http.authority = header.value
            } else if let name = HTTPField.Name(header.name) {
                http.headerFields.append(HTTPField(name: name, value: header.value))
            }
        }
        return http
    }

    static func all() async throws -> [Benchmark] {
        let request = self.request
        let credentialStore = StaticCredentialStore([
            SigV4StoredCredential(credentials: credentials, principal: try .user("bench", account: "000000000000"))
        ])
        // A server holds its lookup function once; the benchmark does the same.
        let lookup: @Sendable (String) -> SigV4StoredCredential? = { credentialStore.lookup($0) }

        let signer = try SigV4Signer(
            credentials: credentials,
            configuration: SigningConfiguration(region: "us-east-1", service: "execute-api")
        )
        let signed = try signer.sign(request, at: date).request
        let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))
        let uncachedVerifier = SigV4Verifier(
            configuration: .init(region: "us-east-1"),
            keyCache: SigningKeyCache(capacity: 0)
        )
        guard verifier.verify(signed, now: date, lookup: lookup).isValid,
            uncachedVerifier.verify(signed, now: date, lookup: lookup).isValid
        else { throw BenchmarkError("the signed workload does not verify") }

        // `sigv4.verify.cached.http` converts the HTTPRequest and verifies with the synchronous
        // lookup; `sigv4.verify.cached.async` is the entry point the gateway calls: the same
        // conversion, then the async verification that awaits the credential store.
        let http = httpRequest(signed)
        guard verifier.verify(SigV4Request(http), now: date, lookup: lookup).isValid,
            await verifier.verify(SigV4Request(http), now: date, credentials: credentialStore).isValid
        else { throw BenchmarkError("the signed workload does not verify from an HTTPRequest") }

        let signerA = try SigV4Signer(
            credentials: credentials,
            configuration: SigningConfiguration(region: "us-east-1", service: "execute-api", algorithm: .sigV4a)
        )
        let signedA = try signerA.sign(request, at: date).request
        guard verifier.verify(signedA, now: date, lookup: lookup).isValid else {
            throw BenchmarkError("the SigV4a workload does not verify")
        }

        let bytes289 = [UInt8](repeating: 0x61, count: 289)
        let bytes142 = [UInt8](repeating: 0x62, count: 142)
        let hmacKey = HMACSHA256Key(key: [UInt8](repeating: 7, count: 32))
        let evpKey = EVPHMACReference(key: [UInt8](repeating: 7, count: 32))!

        return [
            Benchmark("sigv4.sign") { blackHole(try? signer.sign(request, at: date)) },
            Benchmark("sigv4.verify.cached") { blackHole(verifier.verify(signed, now: date, lookup: lookup)) },
            Benchmark("sigv4.verify.cached.http") {
                blackHole(verifier.verify(SigV4Request(http), now: date, lookup: lookup))
            },
            Benchmark.awaiting("sigv4.verify.cached.async") {
                blackHole(await verifier.verify(SigV4Request(http), now: date, credentials: credentialStore))
            },
            Benchmark("sigv4.verify.uncached") {
                blackHole(uncachedVerifier.verify(signed, now: date, lookup: lookup))
            },
            Benchmark("sigv4a.sign") { blackHole(try? signerA.sign(request, at: date)) },
            Benchmark("sigv4a.verify") { blackHole(verifier.verify(signedA, now: date, lookup: lookup)) },
            Benchmark("crypto.sha256.289B") { blackHole(SHA256.hash(bytes289)) },
            Benchmark("crypto.hmac.142B") { blackHole(hmacKey.authenticationCode(for: bytes142)) },
            Benchmark("crypto.hmac.142B.evp") {
                blackHole(unsafe bytes142.withUnsafeBytes { unsafe evpKey.authenticationCode(for: $0) })
            },
        ]
    }
}
