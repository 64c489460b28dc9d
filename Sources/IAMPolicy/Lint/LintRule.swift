/// One check the linter makes, with its stable code (reference/iam.md §1.3). Codes never change
/// meaning: tools and suppressions may rely on them. `IAM0xx` are load errors (the document is
/// rejected); `IAM1xx` are warnings (fatal under `--strict`).
public struct LintRule: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public let code: String
    /// A short kebab-case name, such as `allow-all`.
    public let name: String
    public let severity: Severity
    /// What the rule catches and what to do instead, in one or two sentences.
    public let summary: String

    public var description: String { "\(code) \(name)" }

    init(_ code: String, _ name: String, _ severity: Severity, _ summary: String) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
    }

    /// The load error rule for a ``PolicyError`` code.
    public static func forLoadError(_ code: PolicyError.Code) -> LintRule {
        switch code {
        case .invalidJSON: return invalidJSON
        case .tooLarge: return tooLarge
        case .duplicateKey: return duplicateKey
        case .unknownKey: return unknownKey
        case .wrongType: return wrongType
        case .missingElement: return missingElement
        case .conflictingElements: return conflictingElements
        default: return invalidValue
        }
    }

    // Load errors.
    public static let invalidJSON = LintRule(
        "IAM001",
        "invalid-json",
        .error,
        "The document is not valid JSON (or YAML) in UTF-8."
    )
    public static let tooLarge = LintRule(
        "IAM002",
        "too-large",
        .error,
        "The document exceeds 1 MiB or 32 levels of nesting."
    )
    public static let duplicateKey = LintRule(
        "IAM003",
        "duplicate-key",
        .error,
        "A key appears twice in one object; IAM rejects the document."
    )
    public static let unknownKey = LintRule(
        "IAM004",
        "unknown-key",
        .error,
        "A key the policy grammar does not have (element names are case-sensitive)."
    )
    public static let wrongType = LintRule("IAM005", "wrong-type", .error, "A value of the wrong JSON type.")
    public static let missingElement = LintRule(
        "IAM006",
        "missing-element",
        .error,
        "A required element is absent, or a string or list is empty."
    )
    public static let conflictingElements = LintRule(
        "IAM007",
        "conflicting-elements",
        .error,
        "Both elements of a pair, such as Action and NotAction."
    )
    public static let invalidValue = LintRule(
        "IAM008",
        "invalid-value",
        .error,
        "A value the grammar does not allow: Version, Effect, an action, a principal, an operator or a condition value."
    )

    // Warnings.
    public static let missingVersion = LintRule(
        "IAM101",
        "missing-version",
        .warning,
        "No Version: the document is read as 2008-10-17. Add \"Version\": \"2012-10-17\"."
    )
    public static let variablesNeedVersion = LintRule(
        "IAM102",
        "variables-need-version",
        .warning,
        "`${…}` appears but Version is not 2012-10-17, so it is literal text, not a policy variable."
    )
    public static let sidCharacters = LintRule(
        "IAM103",
        "sid-characters",
        .warning,
        "IAM allows only A-Z, a-z and 0-9 in a Sid."
    )
    public static let duplicateSid = LintRule(
        "IAM104",
        "duplicate-sid",
        .warning,
        "Two statements share a Sid; decisions name statements by Sid."
    )
    public static let idInIdentityPolicy = LintRule(
        "IAM105",
        "id-in-identity-policy",
        .warning,
        "IAM rejects an Id element in identity-based policies."
    )
    public static let operatorKeyTypeMismatch = LintRule(
        "IAM106",
        "operator-key-type-mismatch",
        .warning,
        "The operator cannot compare the key's type (StringEquals on aws:SourceIp never matches an address range)."
    )
    public static let unknownGlobalKey = LintRule(
        "IAM107",
        "unknown-global-key",
        .warning,
        "An `aws:` condition key AWS does not define (check the spelling)."
    )
    public static let unknownAction = LintRule(
        "IAM108",
        "unknown-action",
        .warning,
        "An execute-api or apigateway action that does not exist (other services are not checked)."
    )
    public static let qualifierOnSingleValuedKey = LintRule(
        "IAM109",
        "qualifier-on-single-valued-key",
        .warning,
        "ForAnyValue/ForAllValues on a single-valued key; use the plain operator."
    )
    public static let forAllValuesInAllow = LintRule(
        "IAM110",
        "forallvalues-in-allow",
        .warning,
        "ForAllValues in an Allow is true when the key is missing or empty; add a Null check or use ForAnyValue."
    )
    public static let allowWithNotElement = LintRule(
        "IAM111",
        "allow-with-not-element",
        .warning,
        "Allow with NotAction, NotResource or NotPrincipal grants everything not listed, in every service."
    )
    public static let allowAll = LintRule(
        "IAM112",
        "allow-all",
        .warning,
        "Allow of every action on every resource without a condition."
    )
    public static let notPrincipalWithoutAccount = LintRule(
        "IAM113",
        "notprincipal-without-account",
        .warning,
        "NotPrincipal names an identity without its account (and, for a session, its role), so they are denied too "
            + "(a NotPrincipal Deny also always denies callers with a permissions boundary)."
    )
    public static let unsubstitutedVariable = LintRule(
        "IAM114",
        "unsubstituted-variable",
        .warning,
        "`${…}` where IAM never substitutes: Action, Principal, a condition key, Bool values, a Resource's first five segments."
    )
    public static let resourceCrossesColon = LintRule(
        "IAM115",
        "resource-crosses-colon",
        .warning,
        "The Resource pattern has fewer than six segments, so its `*` must match across `:`; write every segment."
    )
    public static let wildcardServiceSegment = LintRule(
        "IAM116",
        "wildcard-service-segment",
        .warning,
        "A wildcard in an ARN's service segment matches every service."
    )
    public static let sizeLimit = LintRule(
        "IAM117",
        "size-limit",
        .warning,
        "The document exceeds AWS's size limit for its kind (whitespace not counted)."
    )
    public static let nonCanonicalOperator = LintRule(
        "IAM118",
        "non-canonical-operator",
        .warning,
        "An operator or qualifier not in its documented case."
    )
    public static let redundantStatement = LintRule(
        "IAM119",
        "redundant-statement",
        .warning,
        "Another statement with the same effect and no condition already covers this one."
    )
    public static let shadowedStatement = LintRule(
        "IAM120",
        "shadowed-statement",
        .warning,
        "An unconditional Deny in the same policy covers every action and resource of this Allow: it never grants."
    )

    /// Every rule, in code order (for SARIF rule tables and documentation).
    public static let all: [LintRule] = [
        invalidJSON, tooLarge, duplicateKey, unknownKey, wrongType, missingElement, conflictingElements, invalidValue,
        missingVersion, variablesNeedVersion, sidCharacters, duplicateSid, idInIdentityPolicy, operatorKeyTypeMismatch,
        unknownGlobalKey, unknownAction, qualifierOnSingleValuedKey, forAllValuesInAllow, allowWithNotElement, allowAll,
        notPrincipalWithoutAccount, unsubstitutedVariable, resourceCrossesColon, wildcardServiceSegment, sizeLimit,
        nonCanonicalOperator, redundantStatement, shadowedStatement,
    ]
}
