public import GatehouseCore

/// The policy linter (reference/iam.md §1.3): load errors, then warnings with stable codes for the
/// mistakes people make. Findings point at a line, column and JSON path.
///
/// ```swift
/// let report = PolicyLinter.lint(Array(text.utf8), kind: .identity)
/// for finding in report.findings { print(finding) }
/// ```
public enum PolicyLinter {
    /// What linting one document found.
    public struct Report: Sendable {
        /// The loaded document; `nil` when it has a load error.
        public var document: PolicyDocument?
        public var findings: [LintFinding]

        public init(document: PolicyDocument?, findings: [LintFinding]) {
            self.document = document
            self.findings = findings
        }

        public var hasErrors: Bool { findings.contains { $0.rule.severity == .error } }
        public var hasWarnings: Bool { findings.contains { $0.rule.severity == .warning } }
    }

    /// Lints JSON bytes.
    public static func lint(_ bytes: [UInt8], kind: PolicyKind) -> Report {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            return Report(document: nil, findings: [finding(for: PolicyError(error))])
        }
        return lint(root, kind: kind, characterCount: nonWhitespaceCharacters(bytes))
    }

    /// Lints a parsed tree (from JSON or YAML); `characterCount` is the document's size as AWS
    /// counts it (characters other than whitespace).
    public static func lint(_ root: JSONNode, kind: PolicyKind, characterCount: Int) -> Report {
        let document: PolicyDocument
        do {
            document = try PolicyDocument.load(root, kind: kind)
        } catch {
            return Report(document: nil, findings: [finding(for: error)])
        }
        var checks = LintChecks(document: document, root: root, kind: kind)
        checks.run(characterCount: characterCount)
        return Report(
            document: document,
            findings: checks.findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        )
    }

    /// A load error as a finding.
    public static func finding(for error: PolicyError) -> LintFinding {
        LintFinding(
            rule: LintRule.forLoadError(error.code),
            message: error.message,
            line: error.line,
            column: error.column,
            path: error.path
        )
    }

    /// AWS's size measure: characters, whitespace excluded.
    public static func nonWhitespaceCharacters(_ bytes: [UInt8]) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            default: count += 1
            }
        }
        return count
    }

    /// AWS's size limits by policy kind, in characters without whitespace.
    static func sizeLimit(for kind: PolicyKind) -> (Int, String) {
        switch kind {
        case .resource: return (8_192, "an API Gateway resource policy")
        case .serviceControl: return (5_120, "a service control policy")
        case .resourceControl: return (5_120, "a resource control policy")
        case .session: return (2_048, "a session policy")
        default: return (6_144, "a managed policy")
        }
    }
}
