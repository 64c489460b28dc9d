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

    static func all() throws -> [(String, () -> Void)] {
        let request = self.request
        let credentialStore = StaticCredentialStore([
            SigV4StoredCredential(credentials: credentials, principal: "arn:aws:iam::000000000000:user/bench")
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
        else { throw CLIError("bench: the signed workload does not verify") }

        // The signed request as swift-http-types' currency type, as Hummingbird hands it to a
        // server: `sigv4.verify.cached.http` converts it and verifies, the work a gateway does.
        var http = HTTPRequest(method: .get, scheme: "https", authority: nil, path: signed.target)
        for header in signed.headers {
            if header.name.lowercased() == "host" {
                http.authority = header.value
            } else if let name = HTTPField.Name(header.name) {
                http.headerFields.append(HTTPField(name: name, value: header.value))
            }
        }
        guard verifier.verify(SigV4Request(http), now: date, lookup: lookup).isValid else {
            throw CLIError("bench: the signed workload does not verify from an HTTPRequest")
        }

        let signerA = try SigV4Signer(
            credentials: credentials,
            configuration: SigningConfiguration(region: "us-east-1", service: "execute-api", algorithm: .sigV4a)
        )
        let signedA = try signerA.sign(request, at: date).request
        guard verifier.verify(signedA, now: date, lookup: lookup).isValid else {
            throw CLIError("bench: the SigV4a workload does not verify")
        }

        let bytes289 = [UInt8](repeating: 0x61, count: 289)
        let bytes142 = [UInt8](repeating: 0x62, count: 142)
        let hmacKey = HMACSHA256Key(key: [UInt8](repeating: 7, count: 32))
        let evpKey = EVPHMACReference(key: [UInt8](repeating: 7, count: 32))!

        return [
            ("sigv4.sign", { blackHole(try? signer.sign(request, at: date)) }),
            ("sigv4.verify.cached", { blackHole(verifier.verify(signed, now: date, lookup: lookup)) }),
            (
                "sigv4.verify.cached.http",
                { blackHole(verifier.verify(SigV4Request(http), now: date, lookup: lookup)) }
            ),
            ("sigv4.verify.uncached", { blackHole(uncachedVerifier.verify(signed, now: date, lookup: lookup)) }),
            ("sigv4a.sign", { blackHole(try? signerA.sign(request, at: date)) }),
            ("sigv4a.verify", { blackHole(verifier.verify(signedA, now: date, lookup: lookup)) }),
            ("crypto.sha256.289B", { blackHole(SHA256.hash(bytes289)) }),
            ("crypto.hmac.142B", { blackHole(hmacKey.authenticationCode(for: bytes142)) }),
            (
                "crypto.hmac.142B.evp",
                { blackHole(bytes142.withUnsafeBytes { evpKey.authenticationCode(for: $0) }) }
            ),
        ]
    }
}
