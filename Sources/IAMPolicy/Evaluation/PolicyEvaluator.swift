/// A named policy document for evaluation.
public struct NamedPolicy: Sendable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}

/// The caller's own policies, by layer: identity policies, permissions boundary, session policy,
/// SCPs and RCPs. A resource-based policy is passed to ``PolicyEvaluator`` separately.
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

/// Evaluates requests (reference/iam.md §2): explicit deny in any policy wins; then, within one
/// account, (identity ∩ boundary ∩ session) ∪ resource-policy grant, ∩ SCPs; across accounts, both
/// the resource policy and the caller's own layers must allow.
///
/// Fail closed: a statement whose conditions cannot be evaluated never allows; if it is a Deny
/// whose principal, action and resource match, it denies.
public enum PolicyEvaluator {
    /// Identity-side evaluation only (no resource-based policy): identity, boundary, session, SCPs
    /// and RCP denies.
    public static func evaluate(_ request: AuthorizationRequest, against policies: IdentityPolicySet) -> Decision {
        evaluate(request, caller: nil, policies: policies, resourcePolicy: nil, resourceAccount: nil)
    }

    /// Full evaluation with a resource-based policy (such as an API's resource policy).
    ///
    /// - Parameters:
    ///   - caller: who calls; `nil` for identity-only evaluation of a named, non-federated caller.
    ///   - resourceAccount: the account owning the resource; `nil` means the caller's own account.
    public static func evaluate(
        _ request: AuthorizationRequest,
        caller: Caller?,
        policies: IdentityPolicySet,
        resourcePolicy: NamedPolicy?,
        resourceAccount: String?
    ) -> Decision {
        var diagnostics: [String] = []
        var layers: [(PolicyLayer, [NamedPolicy])] = [(.identity, policies.identity)]
        if let boundary = policies.permissionsBoundary { layers.append((.permissionsBoundary, [boundary])) }
        if let session = policies.sessionPolicy { layers.append((.session, [session])) }
        if !policies.serviceControlPolicies.isEmpty {
            layers.append((.serviceControl, policies.serviceControlPolicies))
        }
        layers.append((.resourceControl, policies.resourceControlPolicies))
        if let resourcePolicy { layers.append((.resource, [resourcePolicy])) }

        // 1. Explicit deny, in any policy; collect Allows by layer (and resource grants by kind).
        var denies: [StatementReference] = []
        var allowsByLayer: [PolicyLayer: [StatementReference]] = [:]
        var grants: [(StatementReference, PrincipalMatch)] = []
        for (layer, list) in layers {
            for (policyIndex, policy) in list.enumerated() {
                let policyName = policy.name.isEmpty ? String(policyIndex) : policy.name
                for (statementIndex, statement) in policy.document.statements.enumerated() {
                    let reference = StatementReference(
                        layer: layer,
                        policy: policyName,
                        statement: statement.sid ?? String(statementIndex)
                    )
                    var principalMatch: PrincipalMatch? = nil
                    if layer == .resource {
                        guard let element = statement.principal,
                            let match = PrincipalMatch.match(element, caller: caller ?? .anonymous)
                        else { continue }
                        principalMatch = match
                    }
                    switch applies(statement, to: request, version: policy.document.effectiveVersion) {
                    case .no:
                        continue
                    case .yes:
                        if statement.effect == .deny {
                            denies.append(reference)
                        } else if let principalMatch {
                            grants.append((reference, principalMatch))
                        } else {
                            allowsByLayer[layer, default: []].append(reference)
                        }
                    case .unevaluable(let reason):
                        diagnostics.append("\(reference) could not be evaluated: \(reason)")
                        if statement.effect == .deny { denies.append(reference) }
                    }
                }
            }
        }
        if !denies.isEmpty {
            return Decision(outcome: .explicitDeny, matchedStatements: denies, diagnostics: diagnostics)
        }

        func allows(_ layer: PolicyLayer) -> [StatementReference] { allowsByLayer[layer] ?? [] }
        func refused(_ reason: String) -> Decision {
            Decision(outcome: .implicitDeny, matchedStatements: [], diagnostics: diagnostics + [reason])
        }

        // Anonymous callers have no layers of their own: only a grant to `*` admits them.
        if caller?.kind == .anonymous {
            let open = grants.filter { $0.1 == .anyone }.map(\.0)
            return open.isEmpty
                ? refused("an anonymous caller needs a resource-policy Allow for `*`")
                : Decision(outcome: .allow, matchedStatements: open, diagnostics: diagnostics)
        }

        // 2. The caller's own layers.
        let boundaryOK = policies.permissionsBoundary == nil || !allows(.permissionsBoundary).isEmpty
        let sessionOK: Bool
        if policies.sessionPolicy != nil {
            sessionOK = !allows(.session).isEmpty
        } else {
            // A federated-user session without a session policy has no permissions (§2.2 step 7).
            sessionOK = caller?.kind != .federatedUser
        }
        let identityOK = !allows(.identity).isEmpty && boundaryOK && sessionOK
        let scpOK = policies.serviceControlPolicies.isEmpty || !allows(.serviceControl).isEmpty
        guard scpOK else { return refused("no applicable Allow in the scp layer") }

        var supporting = allows(.permissionsBoundary) + allows(.session) + allows(.serviceControl)
        let sameAccount = resourceAccount == nil || caller == nil || caller?.account == resourceAccount
        if sameAccount {
            // §2.3: which grants stand without the identity layer, and which the boundary and
            // session policy still limit.
            let standing = grants.filter { _, match in
                switch match {
                case .anyone, .exactIdentity: return true
                case .role, .federatingUser: return boundaryOK && sessionOK
                case .account: return false
                }
            }
            if identityOK {
                return Decision(
                    outcome: .allow,
                    matchedStatements: allows(.identity) + supporting,
                    diagnostics: diagnostics
                )
            }
            if !standing.isEmpty {
                supporting += standing.map(\.0)
                return Decision(outcome: .allow, matchedStatements: supporting, diagnostics: diagnostics)
            }
            return refused(
                missingLayer(identity: allows(.identity).isEmpty, boundaryOK: boundaryOK, sessionOK: sessionOK)
            )
        }
        // §2.4: across accounts both sides must allow.
        guard !grants.isEmpty else {
            return refused("a cross-account request needs a resource-policy Allow naming the caller")
        }
        guard identityOK else {
            return refused(
                missingLayer(identity: allows(.identity).isEmpty, boundaryOK: boundaryOK, sessionOK: sessionOK)
            )
        }
        return Decision(
            outcome: .allow,
            matchedStatements: allows(.identity) + supporting + grants.map(\.0),
            diagnostics: diagnostics
        )
    }

    private static func missingLayer(identity missing: Bool, boundaryOK: Bool, sessionOK: Bool) -> String {
        if missing { return "no applicable Allow in the identity layer" }
        if !boundaryOK { return "no applicable Allow in the boundary layer" }
        if !sessionOK { return "no applicable Allow in the session layer" }
        return "no applicable Allow"
    }

    enum Applicability {
        case yes
        case no
        case unevaluable(String)
    }

    /// A `Resource` entry as a glob. Under 2012-10-17, variables after the fifth `:` are
    /// substituted (as literal text); `nil` when one is unresolved — the entry then matches nothing.
    static func resourcePattern(_ pattern: String, version: PolicyDocument.Version, context: RequestContext) -> Glob? {
        guard version == .v2012_10_17, pattern.contains("${") else { return Glob(pattern) }
        var colons = 0
        var split = pattern.endIndex
        for index in pattern.indices where pattern[index] == ":" {
            colons += 1
            if colons == 5 {
                split = pattern.index(after: index)
                break
            }
        }
        guard let tail = PolicyTemplate(String(pattern[split...])).tokens(in: context),
            let head = PolicyTemplate(literalText: String(pattern[..<split])).tokens(in: context)
        else { return nil }
        return Glob(tokens: head + tail)
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
        for pattern in statement.resource.value
        where resourcePattern(pattern, version: version, context: request.context)?.matches(request.resource) == true {
            resourceMatches = true
            break
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
