import IAMPolicy

/// Lint findings as a SARIF 2.1.0 log, the format code-scanning tools (GitHub code scanning among
/// them) read: one run, the rule table, one result per finding with its file and region.
enum SARIF {
    static func log(_ reports: [(String, PolicyLinter.Report)]) -> [String: Any] {
        let rules = LintRule.all
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.code, $0) })
        let results: [[String: Any]] = reports.flatMap { file, report in
            report.findings.map { finding in
                [
                    "ruleId": finding.rule.code,
                    "ruleIndex": index[finding.rule.code] ?? 0,
                    "level": finding.rule.severity == .error ? "error" : "warning",
                    "message": ["text": finding.message],
                    "locations": [
                        [
                            "physicalLocation": [
                                "artifactLocation": ["uri": file],
                                "region": ["startLine": max(1, finding.line), "startColumn": max(1, finding.column)],
                            ],
                            "logicalLocations": [["fullyQualifiedName": finding.path, "kind": "member"]],
                        ] as [String: Any]
                    ],
                ] as [String: Any]
            }
        }
        return [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "gatehouse policy validate",
                            "informationUri": "https://github.com/gatehouse/gatehouse",
                            "rules": rules.map { rule in
                                [
                                    "id": rule.code,
                                    "name": rule.name,
                                    "shortDescription": ["text": rule.summary],
                                    "defaultConfiguration": ["level": rule.severity == .error ? "error" : "warning"],
                                ] as [String: Any]
                            },
                        ] as [String: Any]
                    ],
                    "results": results,
                ] as [String: Any]
            ],
        ]
    }
}
