import Foundation
import GatehouseCore
import IAMPolicy
import TestSupport
import Testing

/// `TestVectors/iam/`, found from this file's path.
enum IAMVectors {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestVectors/iam")

    static func load(_ name: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(name))) as! [[String: Any]]
    }
}

struct LoadCase: CustomTestStringConvertible, @unchecked Sendable {
    // JSON values, read once and never mutated.
    let fields: [String: Any]
    var testDescription: String { "\(fields["id"]!): \(fields["why"]!)" }

    static func all() throws -> [LoadCase] { try IAMVectors.load("load-cases.json").map(LoadCase.init) }

    var kind: PolicyKind {
        switch fields["kind"] as! String {
        case "resource": return .resource
        case "resource control policy": return .resourceControl
        default: return .identity
        }
    }
}

@Suite("Policy documents: loading (TestVectors/iam/load-cases.json)")
struct PolicyLoadTests {
    @Test(arguments: try LoadCase.all())
    func load(_ testCase: LoadCase) {
        let document = testCase.fields["document"] as! String
        let expected = testCase.fields["expect"] as! String
        do {
            let policy = try PolicyDocument.parse(document, kind: testCase.kind)
            #expect(expected == "ok", "loaded, but expected \(expected)")
            #expect(!policy.statements.isEmpty)
        } catch {
            #expect(error.code.description == expected, "\(error)")
            if let path = testCase.fields["path"] as? String { #expect(error.path == path, "\(error)") }
            if let line = testCase.fields["line"] as? Int { #expect(error.line == line, "\(error)") }
            if let column = testCase.fields["column"] as? Int { #expect(error.column == column, "\(error)") }
        }
    }

    @Test("the model keeps what the document says")
    func model() throws {
        let policy = try PolicyDocument.parse(
            """
            {"Version": "2012-10-17", "Id": "p1", "Statement": [{
              "Sid": "ReadOnly", "Effect": "Deny", "NotAction": ["execute-api:Invoke", "execute-api:ManageConnections"],
              "NotResource": "arn:aws:execute-api:us-east-1:111122223333:abc/prod/*",
              "Principal": {"AWS": ["111122223333"], "Service": "lambda.amazonaws.com"},
              "Condition": {"ForAllValues:StringEqualsIgnoreCaseIfExists": {"aws:TagKeys": ["a", 1, true]}}}]}
            """,
            kind: .resource
        )
        #expect(policy.effectiveVersion == .v2012_10_17)
        #expect(policy.id == "p1")
        let statement = try #require(policy.statements.first)
        #expect(statement.sid == "ReadOnly")
        #expect(statement.effect == .deny)
        #expect(statement.action.negated && statement.action.value.count == 2)
        #expect(statement.resource.negated)
        guard case .entries(let principals)? = statement.principal?.value else {
            Issue.record("expected principal entries")
            return
        }
        #expect(
            Set(principals) == [
                .init(kind: .aws, value: "111122223333"), .init(kind: .service, value: "lambda.amazonaws.com"),
            ]
        )
        let condition = try #require(statement.conditions.first)
        #expect(condition.operator.description == "ForAllValues:StringEqualsIgnoreCaseIfExists")
        #expect(condition.values == ["a", "1", "true"])
        #expect(condition.location.line == 5)
    }

    @Test("invalid UTF-8, oversized and deep documents are errors, never traps")
    func hostileInput() {
        #expect(throws: PolicyError.self) {
            try PolicyDocument.parse(
                [UInt8]("{\"Statement\": \"".utf8) + [0xff, 0xfe] + [UInt8]("\"}".utf8),
                kind: .identity
            )
        }
        let huge = "{\"Statement\": \"" + String(repeating: "a", count: 1024 * 1024) + "\"}"
        do {
            _ = try PolicyDocument.parse(huge, kind: .identity)
            Issue.record("a 1 MiB document loaded")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    /// Every prefix of a valid document is an error that names a place inside the text.
    @Test("truncated documents: every prefix is a positioned error")
    func truncated() {
        let text =
            #"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": ["execute-api:Invoke"], "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}"#
        let bytes = Array(text.utf8)
        for length in 0..<bytes.count {
            do {
                _ = try PolicyDocument.parse(Array(bytes[..<length]), kind: .identity)
                Issue.record("a \(length)-byte prefix loaded")
            } catch {
                #expect(error.line == 1 && error.column >= 1 && error.column <= length + 1, "\(error)")
                #expect(error.path.hasPrefix("$"))
            }
        }
    }

    @Test(
        "wrong types name the element",
        arguments: [
            (#"{"Statement": 5}"#, "$.Statement"),
            (#"{"Statement": {"Effect": true, "Action": "a:b", "Resource": "*"}}"#, "$.Statement.Effect"),
            (#"{"Statement": {"Effect": "Allow", "Action": {"a": 1}, "Resource": "*"}}"#, "$.Statement.Action"),
            (#"{"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": [1]}}"#, "$.Statement.Resource[0]"),
            (
                #"{"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": {"StringEquals": {"k": {"x": 1}}}}}"#,
                "$.Statement.Condition.StringEquals.k"
            ),
            (#"[]"#, "$"),
        ]
    )
    func wrongTypes(_ text: String, _ path: String) {
        do {
            _ = try PolicyDocument.parse(text, kind: .identity)
            Issue.record("loaded: \(text)")
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }

    @Test("10,000-deep nesting and 1 MiB documents are bounded errors")
    func depthAndSize() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        do {
            _ = try PolicyDocument.parse(deep, kind: .identity)
            Issue.record("a 10,000-deep document loaded")
        } catch {
            #expect(error.code == .tooLarge)
        }
        let deepObject =
            #"{"Statement": "# + String(repeating: #"{"a": "#, count: 10_000) + "1"
            + String(repeating: "}", count: 10_001)
        #expect(throws: PolicyError.self) { try PolicyDocument.parse(deepObject, kind: .identity) }
        // Just under the limit: a long but legal document is parsed (and then judged by the grammar).
        let statement = #"{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}"#
        let many =
            #"{"Version": "2012-10-17", "Statement": ["#
            + Array(repeating: statement, count: 14_000).joined(separator: ",") + "]}"
        #expect(many.utf8.count < 1024 * 1024)
        #expect((try? PolicyDocument.parse(many, kind: .identity))?.statements.count == 14_000)
    }

    @Test("random and mutated documents never trap", arguments: [1 as UInt64, 2])
    func fuzz(seed: UInt64) {
        var random = SeededRandom(seed)
        func next() -> UInt64 { random.next() }
        let base = Array(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["a:b"],"Resource":"*","Condition":{"StringLike":{"k":["v\u00e9",1]}}}]}"#
                .utf8
        )
        let alphabet = Array(#"{}[]",:\u0"ab1-.eE+ "#.utf8)
        for _ in 0..<3_000 {
            var bytes = base
            for _ in 0..<Int(next() % 4 + 1) {
                let index = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[index] = alphabet[Int(next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: index)
                }
                if bytes.isEmpty { break }
            }
            _ = try? PolicyDocument.parse(bytes, kind: .identity)
        }
    }
}

@Suite("Wildcards and ARNs")
struct MatchingTests {
    struct GlobCase: CustomTestStringConvertible, @unchecked Sendable {
        let fields: [String: Any]
        var testDescription: String { "\(fields["pattern"]!) ~ \(fields["text"]!): \(fields["why"]!)" }
    }

    @Test(arguments: try IAMVectors.load("glob-cases.json").map(GlobCase.init))
    func glob(_ testCase: GlobCase) {
        let glob = Glob(
            testCase.fields["pattern"] as! String,
            caseInsensitive: testCase.fields["caseInsensitive"] as! Bool
        )
        #expect(glob.matches(testCase.fields["text"] as! String) == (testCase.fields["match"] as! Bool))
    }

    @Test func arns() throws {
        let arn = try #require(ARN("arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/items/1"))
        #expect(arn.service == "execute-api" && arn.region == "us-east-1" && arn.account == "111122223333")
        #expect(arn.resource == "abc123/prod/GET/items/1")
        #expect(ARN("arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod")?.account == "")
        #expect(ARN("arn:aws:s3:::bucket/key:with:colons")?.resource == "bucket/key:with:colons")
        #expect(ARN("arn:aws:s3") == nil)
        #expect(ARN("nope:aws:s3:::b") == nil)

        let invoke = ExecuteAPIARN(
            region: "us-east-1",
            account: "111122223333",
            apiId: "abc123",
            stage: "prod",
            method: "get",
            path: "/items/1"
        )
        #expect(invoke.description == "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/items/1")
        let root = ExecuteAPIARN(region: "us-east-1", account: "1", apiId: "a", stage: "s", method: "GET", path: "/")
        #expect(root.description == "arn:aws:execute-api:us-east-1:1:a/s/GET/")
        #expect(ExecuteAPIARN(invoke.description) == invoke)
        #expect(ExecuteAPIARN("arn:aws:s3:::b") == nil)
        #expect(
            ExecuteAPIARN.expandShorthand("execute-api:/prod/GET/pets", region: "us-east-1", account: "1", apiId: "abc")
                == "arn:aws:execute-api:us-east-1:1:abc/prod/GET/pets"
        )
        #expect(
            ExecuteAPIARN.expandShorthand("arn:aws:s3:::b", region: "r", account: "1", apiId: "a") == "arn:aws:s3:::b"
        )
    }
}
