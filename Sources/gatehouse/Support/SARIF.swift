import IAMPolicy

/// Lint findings as a SARIF 2.1.0 log, the format code-scanning tools (GitHub code scanning among
/// them) read: one run, the rule table, one result per finding with its file and region.
enum SARIF {
    /// A file path as the URI reference SARIF's `artifactLocation.uri` must hold (SARIF 2.1.0
    /// §3.4.3, RFC 3986): an absolute path becomes a `file://` URI, a relative one a relative
    /// reference. Every byte but the unreserved characters and `/` is percent-encoded (UTF-8), so
    /// spaces, `#`, `%`, `?`, `:` (which would read as a scheme), non-ASCII and control characters
    /// all survive as data and the reference decodes back to the path.
    static func uri(forPath path: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

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
                                "artifactLocation": ["uri": uri(forPath: file)],
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
