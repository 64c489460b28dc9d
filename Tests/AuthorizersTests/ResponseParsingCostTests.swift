import Authorizers
import IAMPolicy
import Testing

/// Authorizer responses and key sets go through the strict JSON parser; its cost is linear, so a
/// hostile response or key set up to its size limit is judged in bounded time (issue 16 A4, A5:
/// a 200 KB response took 4.9 GB, a 147 KB JWKS 2.7 GB, 1 MiB of short keys 55 s of CPU).
@Suite("Authorizer responses and key sets: parsing cost")
struct ResponseParsingCostTests {
    /// `{"<long key>": [0, 0, …]}` filling `limit` bytes.
    static func longKeyOverLongArray(limit: Int, keyLength: Int) -> [UInt8] {
        var text = "{\"principalId\": \"u\", \"" + String(repeating: "k", count: keyLength) + "\": ["
        let elements = (limit - text.utf8.count - 3) / 2
        text += Array(repeating: "0", count: elements).joined(separator: ",") + "]}"
        return Array(text.utf8)
    }

    /// `{"a0": 0, "a1": 0, …}` filling `limit` bytes.
    static func manyKeys(limit: Int) -> [UInt8] {
        var text = "{\"principalId\": \"u\""
        var index = 0
        while text.utf8.count < limit - 40 {
            text += ",\"" + String(index, radix: 36) + "\":0"
            index += 1
        }
        return Array((text + "}").utf8)
    }

    @Test(arguments: ["long-key", "many-keys", "many-keys-duplicate-last"])
    func authorizerResponsesUpToTheLimit(_ shape: String) throws {
        var bytes: [UInt8]
        switch shape {
        case "long-key": bytes = Self.longKeyOverLongArray(limit: AuthorizerResult.maxBytes, keyLength: 200_000)
        case "many-keys": bytes = Self.manyKeys(limit: AuthorizerResult.maxBytes)
        default:
            bytes = Self.manyKeys(limit: AuthorizerResult.maxBytes - 20)
            bytes.removeLast()
            bytes += Array(#","0":1}"#.utf8)
        }
        #expect(bytes.count <= AuthorizerResult.maxBytes)
        let configuration = try LambdaAuthorizerConfiguration(
            name: "a",
            kind: .token,
            identitySources: [.header("Authorization")]
        )
        let started = ContinuousClock.now
        // Not a valid response (no policy): refused, as a 500, after a linear parse.
        do {
            _ = try AuthorizerResult.parse(bytes, configuration: configuration)
            Issue.record("accepted a response without a policy")
        } catch {
            #expect(error.status == 500)
            if shape == "many-keys-duplicate-last" {
                #expect(error.reason.contains("appears twice"), "\(error.reason)")
            }
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test(arguments: ["long-key", "many-keys"])
    func keySetsUpToTheLimit(_ shape: String) {
        let bytes =
            shape == "long-key"
            ? Self.longKeyOverLongArray(limit: JWKSet.maxBytes, keyLength: 60_000)
            : Self.manyKeys(limit: JWKSet.maxBytes)
        let started = ContinuousClock.now
        #expect(throws: JWTKeyError.self) { try JWKSet.parse(bytes) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
