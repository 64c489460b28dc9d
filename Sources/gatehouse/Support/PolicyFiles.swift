import GatehouseCore
import IAMPolicy
import IAMPolicyYAML

/// Reading policy files (JSON, or YAML by extension), callers and simulate cases; rendering
/// decisions and explanations.
enum PolicyFiles {
    /// Whether a path names a YAML document.
    static func isYAML(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    static func load(_ path: String, kind: PolicyKind) throws -> PolicyDocument {
        let bytes = try readFile(path, option: "policy file", limit: FileLimit.policy)
        do {
            if isYAML(path) {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw PolicyError(.invalidJSON, "not UTF-8", at: JSONLocation(line: 1, column: 1, path: "$"))
                }
                return try PolicyYAML.parse(text, kind: kind)
            }
            return try PolicyDocument.parse(bytes, kind: kind)
        } catch let error as PolicyError {
            throw CLIError("\(path):\(error.line):\(error.column): \(error.path): \(error.message) [\(error.code)]")
        }
    }

    static func caller(_ text: String, federatingUser: String? = nil) throws -> Caller {
        if text == "anonymous" { return .anonymous }
        guard let caller = Caller(arn: text, federatingUserArn: federatingUser) else {
            throw CLIError(
                "`\(text)` is not a caller: use an IAM user, role-session (arn:aws:sts::…:assumed-role/…/…), federated-user or root ARN, or `anonymous`"
            )
        }
        return caller
    }

    /// Same account or not (reference/iam.md §2.4): as given, else ``Caller/owns(resource:resourceAccount:)``.
    static func sameAccount(caller: Caller, resource: String, resourceAccount: String?, given: Bool?) -> Bool {
        given ?? caller.owns(resource: resource, resourceAccount: resourceAccount)
    }

    /// A resource policy with `execute-api:/…` shorthand is expanded for the API the request's
    /// invoke ARN names, as API Gateway does when the policy is saved (reference/iam.md §6.1).
    static func expandShorthand(_ policy: NamedPolicy?, for resource: String) -> NamedPolicy? {
        guard var policy, policy.document.usesExecuteAPIShorthand, let arn = ExecuteAPIARN(resource) else {
            return policy
        }
        policy.document = policy.document.expandingExecuteAPIShorthand(
            partition: arn.partition,
            region: arn.region,
            account: arn.account,
            apiId: arn.apiId
        )
        return policy
    }

    /// One `policy simulate` case (a located JSON tree), decided.
    static func simulate(_ item: JSONNode, explain: Bool) throws -> [String: Any] {
        // Every field read by exact type (`JSONObjectReader`): a wrong-typed `principal` is an
        // error, never an anonymous caller; an unknown or misspelt field is an error too.
        var top = try JSONObjectReader(item.value)
        let policies = try top.optionalObject("policies")?.members ?? []
        var request = try top.object("request")
        try top.finish()
        let known: Set<String> = ["identity", "resource", "boundary", "scp", "rcp", "session"]
        if let unknown = policies.first(where: { !known.contains($0.key) }) {
            throw CLIError(
                "`policies.\(unknown.key)` is not a policy type (use \(known.sorted().joined(separator: ", ")))"
            )
        }
        func documents(_ key: String, _ kind: PolicyKind) throws -> [NamedPolicy] {
            guard let list = policies.first(where: { $0.key == key })?.value else { return [] }
            guard case .array(let array) = list.value else {
                throw CLIError("`policies.\(key)` must be an array of documents")
            }
            return try array.enumerated().map { index, document in
                NamedPolicy(name: "\(key)[\(index)]", document: try PolicyDocument.load(document, kind: kind))
            }
        }
        let action = try request.string("action")
        let resource = try request.string("resource")
        let principal = try request.optionalString("principal")
        let federatingUser = try request.optionalString("federatingUser")
        let given = try request.optionalBool("sameAccount")
        let resourceAccount = try request.optionalString("resourceAccount")
        let contextMembers = try request.optionalObject("context")?.members
        try request.finish()
        var pairs: [(String, RequestContext.Value)] = []
        if let contextMembers {
            for (key, value) in contextMembers {
                if case .array(let list) = value.value {
                    pairs.append((key, .multiple(try list.map { try contextText($0, key: key) })))
                } else {
                    pairs.append((key, .single(try contextText(value, key: key))))
                }
            }
        }
        // Key names are case-insensitive: two spellings of one key are refused, never one silently kept.
        let context: RequestContext
        do {
            context = try RequestContext(uniqueKeys: pairs)
        } catch {
            throw CLIError("`request.context`: \(error)")
        }
        // No principal is an anonymous caller (reference/iam.md §10).
        let caller = try principal.map { try self.caller($0, federatingUser: federatingUser) } ?? .anonymous
        // A caller has at most one permissions boundary and one session policy, and a request
        // meets one resource policy: a second document is an input error, never silently ignored.
        func single(_ key: String, _ kind: PolicyKind, _ what: String) throws -> NamedPolicy? {
            let list = try documents(key, kind)
            guard list.count <= 1 else {
                throw CLIError(
                    "`policies.\(key)` holds \(list.count) documents: \(what), so give at most one (merge the statements into one document)"
                )
            }
            return list.first
        }
        let set = CompiledPolicySet(
            IdentityPolicySet(
                identity: try documents("identity", .identity),
                permissionsBoundary: try single(
                    "boundary",
                    .permissionsBoundary,
                    "a caller has one permissions boundary"
                ),
                sessionPolicy: try single("session", .session, "a session has one session policy"),
                serviceControlPolicies: try documents("scp", .serviceControl),
                resourceControlPolicies: try documents("rcp", .resourceControl)
            ),
            resourcePolicy: expandShorthand(
                try single("resource", .resource, "a resource has one resource-based policy"),
                for: resource
            )
        )
        let authorization = AuthorizationRequest(action: action, resource: resource, context: context)
        let same = sameAccount(caller: caller, resource: resource, resourceAccount: resourceAccount, given: given)
        if explain { return render(set.explain(authorization, caller: caller, sameAccount: same)) }
        return render(set.evaluate(authorization, caller: caller, sameAccount: same))
    }

    /// A JSON context value as IAM sees it: text, with numbers and booleans as written.
    private static func contextText(_ node: JSONNode, key: String) throws -> String {
        switch node.value {
        case .string(let text), .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: throw CLIError("context key `\(key)`: values are strings, numbers, booleans or lists of them")
        }
    }

    static func render(_ decision: Decision) -> [String: Any] {
        [
            "decision": decision.outcome.rawValue,
            "matchedStatements": decision.matchedStatements.map(\.description),
            "diagnostics": decision.diagnostics,
        ]
    }

    static func render(_ explanation: Explanation) -> [String: Any] {
        var object = render(explanation.decision)
        object["explanation"] =
            [
                "rule": explanation.rule,
                "statements": explanation.statements.map { statement in
                    [
                        "statement": statement.reference.description,
                        "effect": statement.effect.rawValue,
                        "verdict": statement.verdict.rawValue,
                        "reasons": statement.reasons,
                        "line": statement.location.line,
                        "column": statement.location.column,
                    ] as [String: Any]
                },
            ] as [String: Any]
        return object
    }

    /// `--explain` as text: the decision, its rule, then every statement with its reasons.
    static func text(_ explanation: Explanation) -> String {
        var lines = [explanation.decision.outcome.rawValue, "rule: \(explanation.rule)"]
        for reference in explanation.decision.matchedStatements { lines.append("decided by \(reference)") }
        for diagnostic in explanation.decision.diagnostics { lines.append("note: \(diagnostic)") }
        for statement in explanation.statements {
            lines.append(
                "\(statement.reference) (\(statement.effect.rawValue), line \(statement.location.line)): "
                    + statement.verdict.text
            )
            for reason in statement.reasons { lines.append("    \(reason)") }
        }
        // Every part can hold policy or request text: escaped, so a line is always one line.
        return lines.map(TerminalText.escape).joined(separator: "\n")
    }
}

extension StatementExplanation.Verdict {
    var text: String {
        switch self {
        case .applies: return "applies"
        case .doesNotApply: return "does not apply"
        case .unevaluable: return "cannot be evaluated (fails closed)"
        }
    }
}
