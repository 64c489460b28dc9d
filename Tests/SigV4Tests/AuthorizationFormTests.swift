import TestSupport
import Testing

@testable import SigV4

/// The parser's shortcut for the `Authorization` form SDKs write agrees with its general parse.
@Suite("Authorization header: the common form and the general parse")
struct AuthorizationFormTests {
    /// What a parse yields, compared as values.
    private enum Outcome: Equatable {
        case parsed(accessKeyId: String, scope: String, signedHeaders: [String], signature: String, signsHost: Bool)
        case failed(String)
    }

    private static func parse(_ authorization: String) -> Outcome {
        let request = SigV4Request(
            method: "GET",
            path: "/",
            headers: [
                .init("Host", "example.amazonaws.com"),
                .init("X-Amz-Date", "20260115T100000Z"),
                .init("Authorization", authorization),
            ]
        )
        do {
            let parsed = try request.withHead { (head) throws(SigV4Failure) in
                try AuthorizationParser.parse(request, head: head)
            }
            return .parsed(
                accessKeyId: parsed.accessKeyId,
                scope: parsed.scopeString,
                signedHeaders: parsed.signedHeaderNameStrings,
                signature: parsed.signatureString,
                signsHost: parsed.signsHost
            )
        } catch {
            return .failed(error.code.name)
        }
    }

    @Test(
        "Written as SDKs write it, or with extra spaces after the commas (the general parse), the same parts",
        arguments: [1 as UInt64, 2, 3]
    )
    func commonFormMatchesGeneralParse(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        // No spaces or tabs (the general parse trims them, so the two layouts would differ by
        // design); everything else that is awkward: separators, `=`, `/`, `;`, upper case.
        let alphabet = Array("abcxyzAZ019-_/;=,.".utf8)
        func token(_ length: Int) -> String {
            String(decoding: (0..<length).map { _ in alphabet[rng.below(alphabet.count)] }, as: UTF8.self)
        }
        for round in 0..<2_000 {
            let plain = round % 3 == 0
            let credential =
                plain
                ? "AKID\(round)/20260115/us-east-1/execute-api/aws4_request"
                : "\(token(rng.below(12)))/20260115/\(token(rng.below(10)))/\(token(rng.below(6)))/aws4_request"
            let names = plain ? "host;x-amz-date" : token(1 + rng.below(20))
            let signature = plain ? String(repeating: "ab", count: 32) : token(rng.below(70))
            let algorithm = rng.below(8) == 0 ? "AWS4-ECDSA-P256-SHA256" : "AWS4-HMAC-SHA256"
            let common = "\(algorithm) Credential=\(credential), SignedHeaders=\(names), Signature=\(signature)"
            let spaced = "\(algorithm) Credential=\(credential),  SignedHeaders=\(names),\tSignature=\(signature)"
            #expect(Self.parse(common) == Self.parse(spaced), "\(common)")
        }
    }

    @Test("Near misses of the common form still parse the general way, or fail with its messages")
    func nearMisses() {
        let parts = "Credential=AKID/20260115/us-east-1/execute-api/aws4_request"
        let signature = String(repeating: "0f", count: 32)
        let expected = Self.parse("AWS4-HMAC-SHA256 \(parts), SignedHeaders=host;x-amz-date, Signature=\(signature)")
        guard case .parsed = expected else {
            Issue.record("the common form did not parse: \(expected)")
            return
        }
        for variant in [
            " AWS4-HMAC-SHA256 \(parts), SignedHeaders=host;x-amz-date, Signature=\(signature)",
            "AWS4-HMAC-SHA256 \(parts),SignedHeaders=host;x-amz-date,Signature=\(signature)",
            "AWS4-HMAC-SHA256 \(parts) , SignedHeaders=host;x-amz-date , Signature=\(signature) ",
            "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, \(parts), Signature=\(signature)",
            "AWS4-HMAC-SHA256 Signature=\(signature), SignedHeaders=host;x-amz-date, \(parts)",
        ] {
            #expect(Self.parse(variant) == expected, "\(variant)")
        }
        #expect(
            Self.parse("AWS4-HMAC-SHA256 \(parts), SignedHeaders=host;x-amz-date, Signature=\(signature), Extra=1")
                == .failed("IncompleteSignature")
        )
        #expect(
            Self.parse("AWS4-HMAC-SHA256 \(parts), SignedHeaders=, Signature=\(signature)")
                == .failed("IncompleteSignature")
        )
    }
}
