import Foundation
import GatehouseCore
import GatehouseCrypto
import Testing

@testable import SigV4

/// One case of `TestVectors/sigv4/verifier-cases.json`.
struct VerifierCase: CustomTestStringConvertible, Sendable {
    let id: String
    let why: String
    let mode: String
    let sign: [String: AnySendable]
    let mutate: [[String: AnySendable]]
    let verify: [String: AnySendable]
    let expect: String

    var testDescription: String { "\(id): \(why)" }

    static func all() throws -> [VerifierCase] {
        let list = try TestVectors.json("sigv4/verifier-cases.json") as! [[String: Any]]
        return list.map { object in
            VerifierCase(
                id: object["id"] as! String,
                why: object["why"] as! String,
                mode: object["mode"] as! String,
                sign: (object["sign"] as! [String: Any]).mapValues(AnySendable.init),
                mutate: (object["mutate"] as! [[String: Any]]).map { $0.mapValues(AnySendable.init) },
                verify: (object["verify"] as! [String: Any]).mapValues(AnySendable.init),
                expect: object["expect"] as! String
            )
        }
    }
}

/// JSON values are immutable here; this box only carries them across the Sendable boundary.
struct AnySendable: @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
    var string: String? { value as? String }
    var bool: Bool? { value as? Bool }
    var int: Int? { (value as? NSNumber)?.intValue }
}

@Suite("Verifier cases (TestVectors/sigv4/verifier-cases.json)")
struct VerifierCaseTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let accessKeyId = "AKIDGATEHOUSETEST"
    static let secret = "gatehouse/test/secret+key/0123456789abcdef"
    static let token = "FQoGZXIvYXdzEXAMPLETOKEN/with+slash=="

    @Test("the case file covers every failure code except the store outage")
    func coversEveryCode() throws {
        let expected = Set(try VerifierCase.all().map(\.expect))
        // (InvalidPayload, a streaming body's verdict, is covered by StreamingPayloadTests.)
        for code in SigV4Failure.Code.all
        where code != .credentialStoreUnavailable && code != .requestTooLarge && code != .invalidPayload {
            #expect(expected.contains(code.name), "no case expects \(code.name)")
        }
    }

    @Test(arguments: try VerifierCase.all())
    func verifierCase(_ testCase: VerifierCase) async throws {
        let sign = testCase.sign
        let asymmetric = testCase.mode.hasPrefix("v4a")
        let presigned = testCase.mode.hasSuffix("query")
        let s3 = sign["s3"]?.bool ?? false
        let withToken = sign["token"]?.bool ?? false

        var request = SigV4Request(
            method: sign["method"]?.string ?? "GET",
            path: sign["path"]?.string ?? "/prod/items/123",
            query: "limit=10&sort=asc",
            headers: [
                .init("Host", "abc123.execute-api.us-east-1.amazonaws.com"),
                .init("Accept", "application/json"),
                .init("X-Request-Id", "5f0c2a4e-8b1d-4c3e-9a7f-2d6b1e0c9f13"),
            ],
            body: Array((sign["body"]?.string ?? "").utf8)
        )
        for pair in (sign["headers"]?.value as? [[String]]) ?? [] { request.headers.append(.init(pair[0], pair[1])) }

        let credentials = AWSCredentials(
            accessKeyId: Self.accessKeyId,
            secretAccessKey: Self.secret,
            sessionToken: withToken ? Self.token : nil
        )
        let location: SigningConfiguration.Location = presigned ? .query(expiresIn: 3600) : .header
        var configuration =
            s3
            ? SigningConfiguration.s3(
                region: "us-east-1",
                service: "execute-api",
                algorithm: asymmetric ? .sigV4a : .sigV4,
                location: location
            )
            : SigningConfiguration(
                region: "us-east-1",
                service: "execute-api",
                algorithm: asymmetric ? .sigV4a : .sigV4,
                location: location,
                addContentSHA256Header: sign["sign_body"]?.bool ?? false
            )
        if sign["unsigned_token"]?.bool == true { configuration.sessionTokenPlacement = .unsigned }
        var signed = try SigV4Signer(credentials: credentials, configuration: configuration).sign(
            request,
            at: Self.time
        ).request
        let untouched = signed

        for operation in testCase.mutate { try Self.apply(operation, to: &signed) }

        let verify = testCase.verify
        let stored: [SigV4StoredCredential]
        let principal = try Principal.user("test", account: "000000000000")
        switch verify["credentials"]?.string ?? "default" {
        case "unknown":
            stored = [
                SigV4StoredCredential(
                    credentials: AWSCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: Self.secret),
                    principal: principal
                )
            ]
        case "wrong_token":
            stored = [
                SigV4StoredCredential(
                    credentials: AWSCredentials(
                        accessKeyId: Self.accessKeyId,
                        secretAccessKey: Self.secret,
                        sessionToken: "other"
                    ),
                    principal: principal
                )
            ]
        case "no_token":
            stored = [
                SigV4StoredCredential(
                    credentials: AWSCredentials(accessKeyId: Self.accessKeyId, secretAccessKey: Self.secret),
                    principal: principal
                )
            ]
        case "extra_token":
            stored = [
                SigV4StoredCredential(
                    credentials: AWSCredentials(
                        accessKeyId: Self.accessKeyId,
                        secretAccessKey: Self.secret,
                        sessionToken: Self.token
                    ),
                    principal: principal
                )
            ]
        case "expired_token":
            stored = [
                SigV4StoredCredential(
                    credentials: credentials,
                    principal: principal,
                    expiration: AmzDate(secondsSince1970: Self.time.secondsSince1970 - 1)
                )
            ]
        default:
            stored = [SigV4StoredCredential(credentials: credentials, principal: principal)]
        }
        let verifierConfiguration = SigV4Verifier.Configuration(
            region: verify["region"]?.string ?? "us-east-1",
            service: verify["service"]?.string ?? "execute-api",
            s3Rules: verify["s3"]?.bool ?? false,
            clockSkewSeconds: verify["skew_seconds"]?.int,
            allowUnsignedSessionToken: verify["allow_unsigned_session_token"]?.bool ?? false
        )
        let verifier = SigV4Verifier(configuration: verifierConfiguration)
        let now = AmzDate(secondsSince1970: Self.time.secondsSince1970 + Int64(verify["now_offset"]?.int ?? 0))
        let result = await verifier.verify(signed, now: now, credentials: StaticCredentialStore(stored))

        // The same case through a verifier that has already verified the untouched request with
        // the signing credentials (so its memo holds the `Authorization` prefix, where the form
        // allows): every verdict must be the fresh verifier's, the store's answer being the
        // case's (a key revoked or changed after it was remembered).
        let warmed = SigV4Verifier(configuration: verifierConfiguration)
        let warmUp = await warmed.verify(
            untouched,
            now: Self.time,
            credentials: StaticCredentialStore([SigV4StoredCredential(credentials: credentials, principal: principal)])
        )
        let remembers = warmUp.isValid && !asymmetric && !presigned
        #expect(warmed.rememberedPrefixes == (remembers ? 1 : 0))
        let again = await warmed.verify(signed, now: now, credentials: StaticCredentialStore(stored))
        #expect(Self.outcome(again) == Self.outcome(result), "a remembered prefix changed the verdict")
        switch result {
        case .valid(let identity):
            #expect(testCase.expect == "OK", "verified, but expected \(testCase.expect)")
            #expect(identity.accessKeyId == Self.accessKeyId)
            #expect(identity.presigned == presigned)
        case .invalid(let failure):
            #expect(failure.code.name == testCase.expect, "\(failure)")
            // Messages never carry secrets.
            #expect(!failure.message.contains(Self.secret))
            #expect(!failure.message.contains(Self.token))
        case .payloadPending:
            Issue.record("no case has a streaming body, but the verdict is a pending payload")
        }
    }

    /// A verification as comparable values: the failure's code and message, or the identity.
    static func outcome(_ verification: SigV4Verification) -> [String] {
        switch verification {
        case .valid(let identity):
            return [
                "valid", identity.principal.arn, identity.accessKeyId, identity.scope, identity.signature,
                identity.signedHeaders.joined(separator: ";"), identity.signingDate.amzFormat,
                String(identity.hasSessionToken), String(identity.presigned),
            ]
        case .invalid(let failure):
            return ["invalid", failure.code.name, failure.message, failure.accessKeyId ?? "-"]
        case .payloadPending(let pending):
            return ["pending", pending.marker, pending.accessKeyId]
        }
    }

    static func apply(_ operation: [String: AnySendable], to request: inout SigV4Request) throws {
        let op = operation["op"]!.string!
        switch op {
        case "set_header":
            request.removeHeaders(named: operation["name"]!.string!)
            request.headers.append(.init(operation["name"]!.string!, operation["value"]!.string!))
        case "add_header":
            request.headers.append(.init(operation["name"]!.string!, operation["value"]!.string!))
        case "remove_header":
            request.removeHeaders(named: operation["name"]!.string!)
        case "replace_in_header":
            let name = operation["name"]!.string!
            let index = try #require(request.headers.firstIndex { $0.name.lowercased() == name.lowercased() })
            let before = request.headers[index].value
            request.headers[index].value = before.replacingOccurrences(
                of: operation["from"]!.string!,
                with: operation["to"]!.string!
            )
            #expect(request.headers[index].value != before, "mutation \(operation) changed nothing")
        case "replace_in_query":
            let before = request.query
            request.query = before.replacingOccurrences(of: operation["from"]!.string!, with: operation["to"]!.string!)
            #expect(request.query != before, "mutation \(operation) changed nothing")
        case "replace_in_path":
            request.path = request.path.replacingOccurrences(
                of: operation["from"]!.string!,
                with: operation["to"]!.string!
            )
        case "set_body":
            request.payload = .bytes(Array(operation["text"]!.string!.utf8))
        case "flip_signature_char":
            let index = operation["index"]!.int!
            func flip(_ signature: Substring) -> String {
                var chars = Array(signature)
                chars[index] = chars[index] == "0" ? "1" : "0"
                return String(chars)
            }
            if let headerIndex = request.headers.firstIndex(where: { $0.name == "Authorization" }) {
                let value = request.headers[headerIndex].value
                let range = try #require(value.range(of: "Signature="))
                request.headers[headerIndex].value =
                    String(value[..<range.upperBound]) + flip(value[range.upperBound...])
            } else {
                let range = try #require(request.query.range(of: "X-Amz-Signature="))
                let rest = request.query[range.upperBound...]
                let end = rest.firstIndex(of: "&") ?? rest.endIndex
                request.query = String(request.query[..<range.upperBound]) + flip(rest[..<end]) + String(rest[end...])
            }
        default:
            Issue.record("unknown operation \(op)")
        }
    }
}
