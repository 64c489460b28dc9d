import GatehouseCore

/// The warning checks of ``PolicyLinter`` over one loaded document and its located tree.
struct LintChecks {
    let document: PolicyDocument
    let root: JSONNode
    let kind: PolicyKind
    private(set) var findings: [LintFinding] = []

    init(document: PolicyDocument, root: JSONNode, kind: PolicyKind) {
        self.document = document
        self.root = root
        self.kind = kind
    }

    private mutating func report(_ rule: LintRule, _ message: String, at location: JSONLocation) {
        findings.append(
            LintFinding(rule: rule, message: message, line: location.line, column: location.column, path: location.path)
        )
    }

    private static func members(_ node: JSONNode) -> [(key: String, value: JSONNode)] {
        if case .object(let members) = node.value { return members }
        return []
    }

    private static func member(_ node: JSONNode, _ key: String) -> JSONNode? {
        members(node).first { $0.key == key }?.value
    }

    private static func strings(_ node: JSONNode) -> [(String, JSONNode)] {
        switch node.value {
        case .string(let text): return [(text, node)]
        case .array(let elements):
            return elements.compactMap { element in
                if case .string(let text) = element.value { return (text, element) }
                return nil
            }
        default: return []
        }
    }

    private var statementNodes: [JSONNode] {
        guard let node = Self.member(root, "Statement") else { return [] }
        if case .array(let elements) = node.value { return elements }
        return [node]
    }

    mutating func run(characterCount: Int) {
        checkDocument(characterCount: characterCount)
        var sids: [String: Int] = [:]
        for (index, (statement, node)) in zip(document.statements, statementNodes).enumerated() {
            if let sid = statement.sid, let sidNode = Self.member(node, "Sid") {
                if sid.isEmpty
                    || !sid.unicodeScalars.allSatisfy({
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                    })
                {
                    report(
                        .sidCharacters,
                        "the Sid `\(sid)` has characters other than A-Z, a-z and 0-9",
                        at: sidNode.location
                    )
                }
                if let first = sids[sid] {
                    report(.duplicateSid, "the Sid `\(sid)` is also statement \(first)'s", at: sidNode.location)
                } else {
                    sids[sid] = index
                }
            }
            checkElements(statement, node)
            checkConditions(statement, node)
        }
        checkCoverage()
    }

    private mutating func checkDocument(characterCount: Int) {
        if document.version == nil {
            report(
                .missingVersion,
                "no `Version`: the document is read as 2008-10-17; add \"Version\": \"2012-10-17\"",
                at: root.location
            )
        }
        if document.effectiveVersion != .v2012_10_17, let node = Self.firstVariableMarker(in: root) {
            report(
                .variablesNeedVersion,
                "`${…}` is literal text here because Version is not 2012-10-17; policy variables need it",
                at: node.location
            )
        }
        if kind == .identity || kind == .permissionsBoundary || kind == .session, let id = Self.member(root, "Id") {
            report(.idInIdentityPolicy, "IAM rejects `Id` in identity-based policies; remove it", at: id.location)
        }
        let (limit, what) = PolicyLinter.sizeLimit(for: kind)
        if characterCount > limit {
            report(
                .sizeLimit,
                "\(characterCount) characters (whitespace excluded); \(what) may hold \(limit)",
                at: root.location
            )
        }
    }

    /// The first string (or key) holding `${`.
    private static func firstVariableMarker(in node: JSONNode) -> JSONNode? {
        switch node.value {
        case .string(let text): return PolicyTemplate.mayHoldVariables(text) ? node : nil
        case .array(let elements):
            for element in elements { if let found = firstVariableMarker(in: element) { return found } }
        case .object(let members):
            for (key, value) in members {
                if PolicyTemplate.mayHoldVariables(key) { return value }
                if let found = firstVariableMarker(in: value) { return found }
            }
        default: break
        }
        return nil
    }

    private mutating func checkElements(_ statement: Statement, _ node: JSONNode) {
        let allow = statement.effect == .allow
        let substitutes = document.effectiveVersion == .v2012_10_17
        for (element, negated) in [
            ("NotAction", statement.action.negated), ("NotResource", statement.resource.negated),
            ("NotPrincipal", statement.principal?.negated == true),
        ] where allow && negated {
            report(
                .allowWithNotElement,
                "Allow with `\(element)` grants everything it does not list; list what to allow instead",
                at: Self.member(node, element)?.location ?? statement.location
            )
        }
        if allow && !statement.action.negated && !statement.resource.negated && statement.conditions.isEmpty
            && statement.action.value.contains(where: { $0 == "*" || $0 == "*:*" })
            && statement.resource.value.contains("*")
        {
            report(.allowAll, "Allow of every action on every resource; grant what is needed", at: statement.location)
        }

        let actionKey = statement.action.negated ? "NotAction" : "Action"
        for (action, actionNode) in Self.strings(Self.member(node, actionKey) ?? node) {
            if substitutes && PolicyTemplate.mayHoldVariables(action) {
                report(
                    .unsubstitutedVariable,
                    "`\(action)`: variables are never substituted in actions",
                    at: actionNode.location
                )
            }
            let lowered = action.lowercased()
            guard let colon = lowered.firstIndex(of: ":") else { continue }
            let service = String(lowered[..<colon])
            let name = String(lowered[lowered.index(after: colon)...])
            if let known = ConditionKeyCatalog.knownActions[service], !name.contains("*"), !name.contains("?"),
                !PolicyTemplate.mayHoldVariables(name),
                !known.contains(name)
            {
                report(.unknownAction, "`\(action)` is not an action of \(service)", at: actionNode.location)
            }
        }

        let resourceKey = statement.resource.negated ? "NotResource" : "Resource"
        for (resource, resourceNode) in Self.strings(Self.member(node, resourceKey) ?? node)
        where resource != "*" && resource.hasPrefix("arn:") {
            let segments = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if segments.count < 6 && (resource.contains("*") || resource.contains("?")) {
                report(
                    .resourceCrossesColon,
                    "`\(resource)` has \(segments.count) segments, so its wildcard must match across `:`; write all six",
                    at: resourceNode.location
                )
            }
            if segments.count >= 3 && (segments[2].contains("*") || segments[2].contains("?")) {
                report(.wildcardServiceSegment, "`\(resource)` matches every service", at: resourceNode.location)
            }
            if substitutes && segments.count == 6 && segments.prefix(5).contains(where: { $0.contains("${") }) {
                report(
                    .unsubstitutedVariable,
                    "`\(resource)`: variables are substituted only after the fifth `:`",
                    at: resourceNode.location
                )
            }
        }

        if let principal = statement.principal {
            let principalNode = Self.member(node, principal.negated ? "NotPrincipal" : "Principal") ?? node
            if case .entries(let entries) = principal.value {
                if substitutes, let entry = entries.first(where: { PolicyTemplate.mayHoldVariables($0.value) }) {
                    report(
                        .unsubstitutedVariable,
                        "`\(entry.value)`: variables are never substituted in principals",
                        at: principalNode.location
                    )
                }
                if principal.negated { checkNotPrincipal(entries, at: principalNode.location) }
            }
        }
    }

    /// AWS: a NotPrincipal naming an identity must name its account too (and a session's role),
    /// or the Deny covers them.
    private mutating func checkNotPrincipal(_ entries: [PrincipalEntry], at location: JSONLocation) {
        let values = Set(entries.filter { $0.kind == .aws }.map(\.value))
        for value in values {
            guard let arn = ARN(value), !arn.account.isEmpty, !(arn.service == "iam" && arn.resource == "root") else {
                continue
            }
            let accountListed =
                values.contains(arn.account) || values.contains("arn:\(arn.partition):iam::\(arn.account):root")
            if !accountListed {
                report(
                    .notPrincipalWithoutAccount,
                    "NotPrincipal names `\(value)` but not its account `arn:\(arn.partition):iam::\(arn.account):root`",
                    at: location
                )
            }
            if arn.service == "sts", arn.resource.hasPrefix("assumed-role/") {
                let role = arn.resource.split(separator: "/", omittingEmptySubsequences: false).dropFirst().first ?? ""
                let roleListed = values.contains { other in
                    guard let otherARN = ARN(other), otherARN.service == "iam", otherARN.resource.hasPrefix("role/")
                    else {
                        return false
                    }
                    return otherARN.resource.split(separator: "/").last == role
                }
                if !roleListed {
                    report(
                        .notPrincipalWithoutAccount,
                        "NotPrincipal names the session `\(value)` but not its role `\(role)`",
                        at: location
                    )
                }
            }
        }
    }

    private mutating func checkConditions(_ statement: Statement, _ node: JSONNode) {
        guard let block = Self.member(node, "Condition") else { return }
        let substitutes = document.effectiveVersion == .v2012_10_17
        for (name, operatorNode) in Self.members(block) {
            guard let op = ConditionOperator(name) else { continue }
            if op.description != name {
                report(
                    .nonCanonicalOperator,
                    "`\(name)` is written `\(op.description)` in AWS's documentation",
                    at: operatorNode.location
                )
            }
            for (key, valuesNode) in Self.members(operatorNode) {
                let location = valuesNode.location
                if substitutes && PolicyTemplate.mayHoldVariables(key) {
                    report(
                        .unsubstitutedVariable,
                        "`\(key)`: variables are never substituted in condition keys",
                        at: location
                    )
                }
                if op.base == .bool, substitutes,
                    Self.strings(valuesNode).contains(where: { PolicyTemplate.mayHoldVariables($0.0) })
                {
                    report(
                        .unsubstitutedVariable,
                        "`\(name)` values are not substituted (reference/iam.md §7)",
                        at: location
                    )
                }
                if op.qualifier == .forAllValues && statement.effect == .allow {
                    report(
                        .forAllValuesInAllow,
                        "`\(name)` on `\(key)` is true when the key is missing or empty; add `Null` false or use ForAnyValue",
                        at: location
                    )
                }
                guard let known = ConditionKeyCatalog.lookup(key) else {
                    if key.lowercased().hasPrefix("aws:") {
                        report(.unknownGlobalKey, "`\(key)` is not an AWS global condition key", at: location)
                    }
                    continue
                }
                if ConditionKeyCatalog.mismatch(op.base, known.type) {
                    report(
                        .operatorKeyTypeMismatch,
                        "`\(op.base.rawValue)` cannot compare `\(key)`, which is \(known.type.rawValue == "ip" ? "an IP address" : "a \(known.type.rawValue) value")",
                        at: location
                    )
                }
                if op.qualifier != nil && !known.multivalued {
                    report(
                        .qualifierOnSingleValuedKey,
                        "`\(key)` is single-valued; use `\(op.base.rawValue)` without `\(op.qualifier!.rawValue):`",
                        at: location
                    )
                }
            }
        }
    }

    /// Redundant statements (covered by another of the same effect without conditions) and Allows
    /// shadowed by an unconditional Deny of the same policy.
    private mutating func checkCoverage() {
        let statements = document.statements
        for (index, statement) in statements.enumerated() {
            // A Deny that covers an Allow is the stronger finding: the Allow never grants.
            if statement.effect == .allow,
                let (otherIndex, other) = statements.enumerated().first(where: {
                    $0.element.effect == .deny && Self.covers($0.element, statement)
                })
            {
                report(
                    .shadowedStatement,
                    "statement \(Self.name(statement, index)) never grants: the Deny \(Self.name(other, otherIndex)) covers it",
                    at: statement.location
                )
                continue
            }
            for (otherIndex, other) in statements.enumerated()
            where otherIndex != index && other.effect == statement.effect && Self.covers(other, statement) {
                // Two identical statements: report the later one only.
                if Self.covers(statement, other) && otherIndex > index { continue }
                report(
                    .redundantStatement,
                    "statement \(Self.name(statement, index)) adds nothing: \(Self.name(other, otherIndex)) already covers it",
                    at: statement.location
                )
                break
            }
        }
    }

    private static func name(_ statement: Statement, _ index: Int) -> String {
        statement.sid.map { "`\($0)`" } ?? "#\(index)"
    }

    /// Whether `cover` (unconditional) applies wherever `covered` does. Conservative: only plain
    /// Action/Resource lists, `*`-only wildcards, and principals no narrower than the covered one.
    private static func covers(_ cover: Statement, _ covered: Statement) -> Bool {
        guard cover.conditions.isEmpty, !cover.action.negated, !covered.action.negated, !cover.resource.negated,
            !covered.resource.negated
        else { return false }
        switch (cover.principal, covered.principal) {
        case (nil, nil): break
        case (let principal?, _?) where !principal.negated:
            if case .anyone = principal.value { break }
            return false
        default: return false
        }
        func patternCovers(_ outer: String, _ inner: String, caseInsensitive: Bool) -> Bool {
            if outer == "*" { return true }
            guard !outer.contains("?"), !inner.contains("?") else { return outer == inner }
            return Glob(outer, caseInsensitive: caseInsensitive).matches(inner)
        }
        let actions = covered.action.value.allSatisfy { inner in
            cover.action.value.contains { patternCovers($0, inner, caseInsensitive: true) }
        }
        let resources = covered.resource.value.allSatisfy { inner in
            cover.resource.value.contains { patternCovers($0, inner, caseInsensitive: false) }
        }
        return actions && resources
    }
}
