import TestSupport
import Testing

@testable import SigV4

/// credential_process output goes through the strict JSON parser: a key printed twice is refused
/// with a message naming it (Foundation's `JSONDecoder` kept one of the two silently, so which
/// secret was used depended on the decoder), and messages never quote a value.
@Suite("credential_process: strict JSON (duplicate keys)")
struct CredentialProcessJSONTests {
    static let process = CredentialProcess(command: "true", profile: "p", environment: [:], timeout: .seconds(5))
    static let documented = ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]
    static let values = [
        "Version": "1", "AccessKeyId": "\"AKIDPROC\"", "SecretAccessKey": "\"proc-secret\"",
        "SessionToken": "\"proc-token\"", "Expiration": "\"2030-01-01T00:00:00Z\"",
    ]

    static func parse(_ text: String) -> Result<CredentialResolver.Resolved, SigV4Error> {
        Result { () throws(SigV4Error) in
            try process.parse(Array(text.utf8), now: CredentialProcessTests.now)
        }
    }

    /// The regression, through the real command path: the same `SecretAccessKey` twice is refused.
    @Test func duplicateSecretThroughTheCommand() async throws {
        let output =
            #"{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SecretAccessKey": "other-secret"}"#
        let resolver = try CredentialProcessTests.printing(output)
        do {
            _ = try await CredentialProcessTests.resolve(resolver)
            Issue.record("accepted a repeated SecretAccessKey")
        } catch {
            #expect(error.code == .invalidCredentials)
            #expect(error.message.contains("`SecretAccessKey` twice"), "\(error)")
            #expect(error.message.contains("credential_process of profile `p`"), "\(error)")
            #expect(!error.message.contains("proc-secret") && !error.message.contains("other-secret"))
        }
    }

    /// Every documented key repeated, at every position, with the same or another value, spelt
    /// plainly or with `\u` escapes (the same bytes once unescaped): refused, naming the key.
    @Test(arguments: documented)
    func everyDocumentedKeyTwice(key: String) {
        let escaped = "\\u00" + String(key.utf8.first!, radix: 16) + key.dropFirst()
        let keys = Self.documented
        for position in 0...keys.count {
            for spelling in [key, escaped] {
                for value in [Self.values[key]!, "\"x-proc-secret\"", "null", "2"] {
                    var members = keys.map { "\"\($0)\": \(Self.values[$0]!)" }
                    members.insert("\"\(spelling)\": \(value)", at: position)
                    let text = "{" + members.joined(separator: position % 2 == 0 ? ", " : ",\n  ") + "}"
                    switch Self.parse(text) {
                    case .success: Issue.record("accepted \(key) twice: \(text)")
                    case .failure(let error):
                        #expect(error.code == .invalidCredentials)
                        #expect(error.message.contains("the key `\(key)` twice"), "\(error)")
                        #expect(error.message.contains("line "), "\(error)")
                        for secret in ["proc-secret", "proc-token", "AKIDPROC"] {
                            #expect(!error.message.contains(secret), "\(error)")
                        }
                    }
                }
            }
        }
    }

    /// Other keys: ignored as the AWS CLI ignores them, but a repeated one (at any depth) is still
    /// refused — without naming it (an unknown key could be a secret printed in the wrong place).
    @Test(arguments: [
        #""Extra": 1, "Extra": 2"#,
        #""proc-secret-key": 1, "proc-secret-key": 1"#,
        #""Nested": {"a": 1, "a": 2}"#,
        #""List": [{"b": [], "b": {}}]"#,
    ])
    func unknownKeysTwice(members: String) {
        let text = #"{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "# + members + "}"
        switch Self.parse(text) {
        case .success: Issue.record("accepted \(text)")
        case .failure(let error):
            #expect(error.message.contains("printed a key twice"), "\(error)")
            #expect(!error.message.contains("proc-secret"), "\(error)")
        }
    }

    /// Keys compare as bytes: a precomposed and a decomposed `é`, `K` and the Kelvin sign, or
    /// another case are different keys (accepted, ignored); the documented keys match exactly.
    @Test(arguments: [("\u{E9}", "e\u{301}"), ("K", "\u{212A}"), ("Extra", "extra")])
    func differentBytesAreDifferentKeys(first: String, second: String) throws {
        let text =
            #"{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "\#(first)": 1, "\#(second)": 2}"#
        let resolved = try Self.parse(text).get()
        #expect(resolved.credentials.accessKeyId == "AKIDPROC")
        // `accessKeyId` spelt with different case is not `AccessKeyId`: it is missing.
        let wrongCase = #"{"Version": 1, "accessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret"}"#
        guard case .failure(let error) = Self.parse(wrongCase) else {
            Issue.record("a lowercase accessKeyId was taken for AccessKeyId")
            return
        }
        #expect(error.message.contains("did not print `AccessKeyId`"), "\(error)")
    }

    /// AWS CLI semantics otherwise: `Version` a number equal to 1 (`1.0` and `1e0` too, as
    /// Python's `1.0 == 1`), null `SessionToken`/`Expiration` mean absent, other keys ignored.
    @Test func awsSemantics() throws {
        for version in ["1", "1.0", "1e0", "10e-1"] {
            let text =
                #"{"Version": \#(version), "AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": null, "Expiration": null, "Other": [1, {"x": true}]}"#
            let resolved = try Self.parse(text).get()
            #expect(resolved.credentials.sessionToken == nil)
            #expect(resolved.expiration == nil)
        }
        for version in ["2", "0", "1.5", "-1", "true", "\"1\"", "null", "[1]"] {
            let text = #"{"Version": \#(version), "AccessKeyId": "A", "SecretAccessKey": "S"}"#
            guard case .failure(let error) = Self.parse(text) else {
                Issue.record("accepted Version \(version)")
                continue
            }
            #expect(error.message.contains("Version"), "\(error)")
        }
    }

    /// Hostile output: invalid UTF-8, lone surrogates, deep nesting, truncation — refused with a
    /// position, in bounded time even at the 1 MiB cap.
    @Test func hostileOutput() {
        let base = #"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S""#
        let cases: [[UInt8]] = [
            Array((base + #", "T": ""#).utf8) + [0xFF] + Array("\"}".utf8),
            Array((base + #", "T": "\uD800"}"#).utf8),
            Array(
                (base + ", \"T\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}")
                    .utf8
            ),
            Array(base.utf8),
            Array(
                (base + ", " + String(repeating: " ", count: CredentialProcess.maxOutputBytes - base.utf8.count - 10)
                    + "}").utf8
            ),
        ]
        let started = ContinuousClock.now
        for bytes in cases {
            let result = Result { () throws(SigV4Error) in
                try Self.process.parse(bytes, now: CredentialProcessTests.now)
            }
            guard case .failure(let error) = result else {
                Issue.record("accepted \(bytes.prefix(80))")
                continue
            }
            #expect(error.message.contains("line "), "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
