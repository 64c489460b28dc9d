/// A named policy document for evaluation.
public struct NamedPolicy: Sendable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}

/// The policies in force for one principal's request, by layer.
///
/// This evaluator covers the principal's side of reference/iam.md §2.2: identity policies,
/// permissions boundary, session policy, SCPs, and RCP denies. Resource-based policies (and so
/// principal matching, same- vs cross-account grants, §2.3–2.4) are not evaluated yet: a caller
/// that has one must not use this type to decide.
public struct IdentityPolicySet: Sendable {
    public var identity: [NamedPolicy]
    /// `nil` when no boundary is set (then it does not restrict).
    public var permissionsBoundary: NamedPolicy?
    /// `nil` for a session without a session policy (then it does not restrict).
    public var sessionPolicy: NamedPolicy?
    /// Empty when no SCPs are in force; otherwise one must allow (one flat list is one level).
    public var serviceControlPolicies: [NamedPolicy]
    /// Customer RCPs are Deny-only, so they act only through explicit deny.
    public var resourceControlPolicies: [NamedPolicy]

    public init(
        identity: [NamedPolicy],
        permissionsBoundary: NamedPolicy? = nil,
        sessionPolicy: NamedPolicy? = nil,
        serviceControlPolicies: [NamedPolicy] = [],
        resourceControlPolicies: [NamedPolicy] = []
    ) {
        self.identity = identity
        self.permissionsBoundary = permissionsBoundary
        self.sessionPolicy = sessionPolicy
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
    }
}

/// One request to authorize: an action on a resource, with its condition context.
public struct AuthorizationRequest: Sendable {
    public var action: String
    public var resource: String
    public var context: RequestContext

    public init(action: String, resource: String, context: RequestContext = RequestContext()) {
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// Evaluates a request against an ``IdentityPolicySet`` (reference/iam.md §2.1–2.2, §2.5):
/// explicit deny in any layer wins; otherwise identity must allow, and the boundary, session
/// policy and SCPs (when present) must each allow too.
///
/// Fail closed: a statement whose conditions cannot be evaluated never allows; if it is a Deny
/// whose action and resource match, it denies.
public enum PolicyEvaluator {
    public static func evaluate(_ request: AuthorizationRequest, against policies: IdentityPolicySet) -> Decision {
        var diagnostics: [String] = []
        var layers: [(PolicyLayer, [NamedPolicy])] = [(.identity, policies.identity)]
        if let boundary = policies.permissionsBoundary { layers.append((.permissionsBoundary, [boundary])) }
        if let session = policies.sessionPolicy { layers.append((.session, [session])) }
        if !policies.serviceControlPolicies.isEmpty {
            layers.append((.serviceControl, policies.serviceControlPolicies))
        }
        layers.append((.resourceControl, policies.resourceControlPolicies))

        // 1. Explicit deny, in any layer.
        var denies: [StatementReference] = []
        var allowsByLayer: [PolicyLayer: [StatementReference]] = [:]
        for (layer, list) in layers {
            for (policyIndex, policy) in list.enumerated() {
                let policyName = policy.name.isEmpty ? String(policyIndex) : policy.name
                for (statementIndex, statement) in policy.document.statements.enumerated() {
                    let reference = StatementReference(
                        layer: layer,
                        policy: policyName,
                        statement: statement.sid ?? String(statementIndex)
                    )
                    switch applies(statement, to: request, version: policy.document.effectiveVersion) {
                    case .no:
                        continue
                    case .yes:
                        if statement.effect == .deny {
                            denies.append(reference)
                        } else {
                            allowsByLayer[layer, default: []].append(reference)
                        }
                    case .unevaluable(let reason):
                        diagnostics.append("\(reference) could not be evaluated: \(reason)")
                        // Fail closed: an unevaluable Deny whose action and resource match denies.
                        if statement.effect == .deny { denies.append(reference) }
                    }
                }
            }
        }
        if !denies.isEmpty {
            return Decision(outcome: .explicitDeny, matchedStatements: denies, diagnostics: diagnostics)
        }
        // 2. Every layer in force must allow (RCPs are Deny-only and do not need an Allow).
        var matched: [StatementReference] = []
        for (layer, _) in layers where layer != .resourceControl {
            guard let allows = allowsByLayer[layer], !allows.isEmpty else {
                diagnostics.append("no applicable Allow in the \(layer.rawValue) layer")
                return Decision(outcome: .implicitDeny, matchedStatements: [], diagnostics: diagnostics)
            }
            matched += allows
        }
        return Decision(outcome: .allow, matchedStatements: matched, diagnostics: diagnostics)
    }

    enum Applicability {
        case yes
        case no
        case unevaluable(String)
    }

    /// §2.1: the action matches (or NotAction does not), the resource matches (or NotResource does
    /// not), and every condition holds. Principal elements are not evaluated here (identity-side
    /// policies have none).
    static func applies(
        _ statement: Statement,
        to request: AuthorizationRequest,
        version: PolicyDocument.Version
    ) -> Applicability {
        let actionMatches = statement.action.value.contains { Glob($0, caseInsensitive: true).matches(request.action) }
        guard actionMatches != statement.action.negated else { return .no }
        var resourceMatches = false
        for pattern in statement.resource.value {
            if version == .v2012_10_17 && pattern.contains("${") {
                // Variables are substituted only under 2012-10-17, and that is not implemented yet.
                return .unevaluable("policy variables in `Resource` are not evaluated yet")
            }
            if Glob(pattern).matches(request.resource) {
                resourceMatches = true
                break
            }
        }
        guard resourceMatches != statement.resource.negated else { return .no }
        switch ConditionEvaluator.evaluate(
            statement.conditions,
            in: request.context,
            variablesAreLiteral: version != .v2012_10_17
        ) {
        case .satisfied: return .yes
        case .notSatisfied: return .no
        case .unevaluable(let reason): return .unevaluable(reason)
        }
    }
}
