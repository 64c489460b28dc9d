import Foundation
import IAMPolicy
import IAMPolicyYAML
import Testing

struct LintCase: CustomTestStringConvertible, @unchecked Sendable {
    // JSON values, read once and never mutated.
    let fields: [String: Any]
    var testDescription: String { "\(fields["id"]!): \(fields["why"]!)" }

    static func all() throws -> [LintCase] { try IAMVectors.load("lint-cases.json").map(LintCase.init) }

    var kind: PolicyKind { fields["kind"] as! String == "resource" ? .resource : .identity }
}

@Suite("Linter (TestVectors/iam/lint-cases.json, Policies/examples)")
struct LintTests {
    @Test(arguments: try LintCase.all())
    func lint(_ testCase: LintCase) {
        let report = PolicyLinter.lint(Array((testCase.fields["document"] as! String).utf8), kind: testCase.kind)
        let codes = Set(report.findings.map(\.rule.code)).sorted()
        #expect(codes == testCase.fields["expect"] as! [String], "\(report.findings)")
        for finding in report.findings {
            #expect(finding.line >= 1 && finding.column >= 1 && finding.path.hasPrefix("$"), "\(finding)")
        }
    }

    /// Every example a user would start from is clean under `validate --strict`.
    @Test func examplesAreClean() throws {
        let folder = IAMVectors.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Policies/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 6)
        for file in files {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            let kind: PolicyKind = file.hasPrefix("resource-policy") ? .resource : .identity
            let report = PolicyLinter.lint(bytes, kind: kind)
            #expect(report.findings.isEmpty, "\(file): \(report.findings)")
            #expect(report.document != nil)
        }
    }

    @Test func rulesHaveUniqueStableCodes() {
        let codes = LintRule.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(LintRule.all.allSatisfy { $0.code.hasPrefix("IAM") && $0.code.count == 6 })
        #expect(LintRule.allowAll.code == "IAM112")
        #expect(LintRule.operatorKeyTypeMismatch.code == "IAM106")
    }
}

@Suite("YAML policy documents")
struct PolicyYAMLTests {
    @Test func yamlMatchesJSON() throws {
        let yaml = """
            Version: 2012-10-17
            Statement:
              - Sid: ReadPets
                Effect: Allow
                Action: [execute-api:Invoke]
                Resource: "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets/*"
                Condition:
                  IpAddress: {aws:SourceIp: 203.0.113.0/24}
                  NumericLessThan: {aws:MultiFactorAuthAge: 3600}
                  Bool: {aws:SecureTransport: true}
            """
        let document = try PolicyYAML.parse(yaml, kind: .identity)
        #expect(document.version == .v2012_10_17)
        #expect(document.statements.first?.conditions.count == 3)
        let set = CompiledPolicySet(IdentityPolicySet(identity: [NamedPolicy(name: "y", document: document)]))
        let request = AuthorizationRequest(
            action: "execute-api:Invoke",
            resource: "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets/1",
            context: RequestContext([
                "aws:SourceIp": .single("203.0.113.9"), "aws:MultiFactorAuthAge": .single("60"),
                "aws:SecureTransport": .single("true"),
            ])
        )
        #expect(set.evaluate(request).outcome == .allow)
    }

    @Test func errorsNameTheYAMLPlace() {
        let yaml = "Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Actoin: s3:GetObject\n    Resource: '*'\n"
        #expect(throws: PolicyError.self) { try PolicyYAML.parse(yaml, kind: .identity) }
        do {
            _ = try PolicyYAML.parse(yaml, kind: .identity)
        } catch {
            #expect(error.code == .unknownKey)
            #expect(error.line == 4)
            #expect(error.path == "$.Statement[0].Actoin")
        }
    }

    @Test(arguments: [
        "Statement: [&a {Effect: Allow}, *a]",
        "Version: 2012-10-17\nVersion: 2012-10-17\nStatement: []",
        "Statement: {Effect: Allow, Action: [",
        String(repeating: "[", count: 10_000),
        "\u{FEFF}: : :",
    ])
    func hostileYAMLIsAnError(_ yaml: String) {
        #expect(throws: PolicyError.self) { try PolicyYAML.parse(yaml, kind: .identity) }
    }
}
