import GatehouseCore

/// Why a request was decided as it was: every statement of every policy with whether its
/// principal, action, resource and each condition matched (reference/iam.md §2.5), and the rule
/// that combined them. What `gatehouse policy eval --explain` prints.
public struct Explanation: Sendable {
    public var decision: Decision
    /// Every statement, in policy order (not only the candidates the index would pick).
    public var statements: [StatementExplanation]
    /// The combining rule that decided, in one sentence.
    public var rule: String
}

extension CompiledPolicySet {
    /// Decides the request and explains every statement. Slower than ``evaluate(_:caller:sameAccount:)``
    /// (it checks everything, builds text); meant for people, not the request path.
    public func explain(_ request: AuthorizationRequest, caller: Caller?, sameAccount: Bool) -> Explanation {
        let decision = evaluate(request, caller: caller, sameAccount: sameAccount)
        let lowered = request.action.lowercased()
        var explained: [StatementExplanation] = []
        for statement in statements {
            explained.append(
                statement.explain(request, loweredAction: lowered, caller: caller, callerHasBoundary: hasBoundary)
            )
        }
        return Explanation(decision: decision, statements: explained, rule: Self.rule(for: decision))
    }

    private static func rule(for decision: Decision) -> String {
        switch decision.outcome {
        case .explicitDeny:
            return "an applicable Deny wins over every Allow (reference/iam.md §2.2 step 1)"
        case .allow where decision.diagnostics.contains(CompiledPolicySet.rootImplicitAllow):
            return "no applicable Deny, and \(CompiledPolicySet.rootImplicitAllow) (reference/iam.md §2.2)"
        case .allow:
            let layers = Set(decision.matchedStatements.map(\.layer.rawValue)).sorted().joined(separator: ", ")
            return "no applicable Deny, and every layer that must allow did (\(layers))"
        case .implicitDeny:
            return (decision.diagnostics.last ?? "nothing allowed") + " — an implicit deny"
        }
    }
}

extension CompiledStatement {
    func explain(
        _ request: AuthorizationRequest,
        loweredAction: String,
        caller: Caller?,
        callerHasBoundary: Bool
    ) -> StatementExplanation {
        var reasons: [String] = []
        var applies = true
        var unevaluable = false

        if layer == .resource {
            if let element = principal,
                let match = PrincipalMatch.match(
                    element,
                    caller: caller ?? .anonymous,
                    effect: effect,
                    callerHasBoundary: callerHasBoundary
                )
            {
                if element.negated {
                    reasons.append(
                        effect == .deny && callerHasBoundary
                            ? "principal: NotPrincipal with Deny covers every caller with a permissions boundary"
                            : "principal: NotPrincipal does not exempt the caller (a Deny exempts only a caller "
                                + "listed with its account, and a session with its role too)"
                    )
                } else {
                    reasons.append("principal: names the caller (\(match))")
                }
            } else if principal?.negated == true {
                reasons.append("principal: NotPrincipal leaves the caller out")
                applies = false
            } else {
                reasons.append("principal: does not name the caller")
                applies = false
            }
        }

        var lowered = loweredAction
        let actionMatched = lowered.withUTF8 { unsafe actionMatches($0, foldASCII: false) }
        let actionElement = actionsNegated ? "NotAction" : "Action"
        let actionList = actions.map { "`\($0.description)`" }.joined(separator: ", ")
        reasons.append(
            "\(actionElement) [\(actionList)]: "
                + (actionMatched ? "matches `\(request.action)`" : "does not match `\(request.action)`")
        )
        applies = applies && actionMatched

        let resourceMatched = resourceMatches(request.resource, context: request.context)
        let resourceElement = resourcesNegated ? "NotResource" : "Resource"
        let resourceList = statement.resource.value.map { "`\($0)`" }.joined(separator: ", ")
        reasons.append(
            "\(resourceElement) [\(resourceList)]: "
                + (resourceMatched ? "matches `\(request.resource)`" : "does not match `\(request.resource)`")
        )
        applies = applies && resourceMatched

        for condition in conditions {
            let written =
                "\(condition.operator) \(condition.condition.key) [\(condition.condition.values.joined(separator: ", "))]"
            let present = request.context.value(lowercasedKey: condition.lowercasedKey)
            let seen: String
            switch present {
            case nil: seen = "key absent"
            case .single(let value)?: seen = "request value `\(value)`"
            case .multiple(let values)?: seen = "request values [\(values.joined(separator: ", "))]"
            }
            switch ConditionEvaluator.evaluate(condition, in: request.context) {
            case .satisfied:
                reasons.append("condition \(written): holds (\(seen))")
            case .notSatisfied:
                reasons.append("condition \(written): does not hold (\(seen))")
                applies = false
            case .unevaluable(let reason):
                reasons.append("condition \(written): cannot be evaluated — \(reason)")
                unevaluable = true
            }
        }
        let verdict: StatementExplanation.Verdict =
            !applies ? .doesNotApply : unevaluable ? .unevaluable : .applies
        return StatementExplanation(
            reference: reference,
            effect: effect,
            verdict: verdict,
            reasons: reasons,
            location: statement.location
        )
    }
}
