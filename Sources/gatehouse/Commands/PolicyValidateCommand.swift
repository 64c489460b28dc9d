import ArgumentParser
import Foundation
import GatehouseCore
import IAMPolicy
import IAMPolicyYAML

struct PolicyValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Lint policy files: grammar errors, and warnings with stable codes for common mistakes.",
        discussion: """
            Each finding names the file, line, column and JSON path, with a stable code: IAM0xx are \
            load errors (IAM rejects the document), IAM1xx warnings (see --rules). Exit status: 0 \
            clean, 1 errors (or, with --strict, warnings), 2 a usage error.

            Policy text is printed safely: control, format (bidi) and line-separator characters from \
            policies or file names appear as \\u{XX} escapes in text output and as \\uXXXX in JSON; \
            SARIF names each file by a percent-encoded URI reference (file:// for absolute paths).

            Examples:
              gatehouse policy validate Policies/examples/*.json
              gatehouse policy validate --strict --kind resource api-policy.json
              gatehouse policy validate --output sarif policies/*.yaml > policies.sarif
              gatehouse policy validate --rules
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case identity, resource, boundary, scp, rcp, session

        var policyKind: PolicyKind {
            switch self {
            case .identity: return .identity
            case .resource: return .resource
            case .boundary: return .permissionsBoundary
            case .scp: return .serviceControl
            case .rcp: return .resourceControl
            case .session: return .session
            }
        }
    }

    @Argument(help: "Policy files (JSON, or YAML by extension).")
    var files: [String] = []
    @Option(
        help: """
            The policy type for every file. Default: resource when a statement names a Principal, else identity.
            """
    )
    var kind: Kind?
    @Flag(help: "Fail on warnings too.")
    var strict = false
    @Option(help: "text, json or sarif (SARIF 2.1.0, for code-scanning tools).")
    var output: Output = .text
    @Flag(help: "List every rule with its code and exit.")
    var rules = false

    func run() async throws {
        if rules {
            for rule in LintRule.all {
                print(
                    "\(rule.code)  \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))"
                        + "\(rule.name): \(rule.summary)"
                )
            }
            return
        }
        guard !files.isEmpty else { throw ValidationError("name at least one policy file (or --rules)") }
        var reports: [(String, PolicyLinter.Report)] = []
        for file in files {
            let bytes = try readFile(file, option: "policy file", limit: FileLimit.policy)
            reports.append((file, lint(bytes, file: file)))
        }
        switch output {
        case .text:
            var total = 0
            for (file, report) in reports {
                for finding in report.findings {
                    total += 1
                    // File names, messages and paths carry policy text: escaped, one finding a line.
                    print(
                        TerminalText.escape(
                            "\(file):\(finding.line):\(finding.column): \(finding.rule.severity.rawValue)"
                                + "[\(finding.rule.code) \(finding.rule.name)]: \(finding.message) (at \(finding.path))"
                        )
                    )
                }
            }
            let errors = reports.reduce(0) { $0 + $1.1.findings.filter { $0.rule.severity == .error }.count }
            printError("\(files.count) file(s): \(errors) error(s), \(total - errors) warning(s)")
        case .json:
            print(
                JSONLines.pretty(
                    reports.flatMap { file, report in
                        report.findings.map { finding in
                            [
                                "file": file, "code": finding.rule.code, "rule": finding.rule.name,
                                "severity": finding.rule.severity.rawValue, "message": finding.message,
                                "line": finding.line, "column": finding.column, "path": finding.path,
                            ] as [String: Any]
                        }
                    }
                )
            )
        case .sarif:
            print(JSONLines.pretty(SARIF.log(reports)))
        }
        let failed = reports.contains { $0.1.hasErrors || (strict && $0.1.hasWarnings) }
        if failed { throw ExitCode(ExitStatus.negative) }
    }

    private func lint(_ bytes: [UInt8], file: String) -> PolicyLinter.Report {
        let kind = self.kind?.policyKind ?? Self.guessKind(bytes, yaml: PolicyFiles.isYAML(file))
        if PolicyFiles.isYAML(file) {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return PolicyLinter.Report(
                    document: nil,
                    findings: [
                        PolicyLinter.finding(
                            for: PolicyError(.invalidJSON, "not UTF-8", at: JSONLocation(line: 1, column: 1, path: "$"))
                        )
                    ]
                )
            }
            return PolicyYAML.lint(text, kind: kind)
        }
        return PolicyLinter.lint(bytes, kind: kind)
    }

    /// A document whose statements name a `Principal`/`NotPrincipal` is a resource policy.
    static func guessKind(_ bytes: [UInt8], yaml: Bool) -> PolicyKind {
        let root: JSONNode?
        if yaml {
            root = String(validating: bytes, as: UTF8.self).flatMap { try? PolicyYAML.tree($0) }
        } else {
            root = try? JSONParser.parse(bytes)
        }
        guard case .object(let members)? = root?.value,
            let statements = members.first(where: { $0.key == "Statement" })?.value
        else { return .identity }
        let list: [JSONNode]
        if case .array(let elements) = statements.value { list = elements } else { list = [statements] }
        let named = list.contains { node in
            guard case .object(let members) = node.value else { return false }
            return members.contains { $0.key == "Principal" || $0.key == "NotPrincipal" }
        }
        return named ? .resource : .identity
    }
}
