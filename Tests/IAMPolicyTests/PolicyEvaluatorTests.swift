import Foundation
import IAMPolicy
import Testing

struct EvaluationCase: CustomTestStringConvertible, @unchecked Sendable {
    // JSON values, read once and never mutated.
    let fields: [String: Any]
    var testDescription: String { "\(fields["id"]!): \(fields["why"]!)" }

    static func all() throws -> [EvaluationCase] {
        try IAMVectors.load("evaluation-cases.json").map(EvaluationCase.init)
    }

    func document(_ object: Any, kind: PolicyKind) throws -> PolicyDocument {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try PolicyDocument.parse(Array(data), kind: kind)
    }

    func policySet() throws -> IdentityPolicySet {
        let policies = fields["policies"] as! [String: [Any]]
        func named(_ layer: String, _ kind: PolicyKind) throws -> [NamedPolicy] {
            try (policies[layer] ?? []).enumerated().map {
                NamedPolicy(name: String($0.offset), document: try document($0.element, kind: kind))
            }
        }
        return IdentityPolicySet(
            identity: try named("identity", .identity),
            permissionsBoundary: try named("boundary", .permissionsBoundary).first,
            sessionPolicy: try named("session", .session).first,
            serviceControlPolicies: try named("scp", .serviceControl),
            resourceControlPolicies: try named("rcp", .resourceControl)
        )
    }

    var resourcePolicy: NamedPolicy? {
        get throws {
            guard let list = (fields["policies"] as! [String: [Any]])["resource"], let first = list.first else {
                return nil
            }
            return NamedPolicy(name: "0", document: try document(first, kind: .resource))
        }
    }

    /// `nil` for identity-only cases.
    var caller: Caller? {
        get throws {
            guard let text = fields["caller"] as? String else { return nil }
            if text == "anonymous" { return .anonymous }
            return try #require(Caller(arn: text, federatingUserArn: fields["federatingUser"] as? String))
        }
    }

    func decide(_ policies: IdentityPolicySet) throws -> Decision {
        guard try caller != nil || resourcePolicy != nil else {
            return PolicyEvaluator.evaluate(request, against: policies)
        }
        let set = CompiledPolicySet(policies, resourcePolicy: try resourcePolicy)
        guard let caller = try caller else {
            return set.evaluate(request, caller: nil, resourceAccount: fields["resourceAccount"] as? String)
        }
        // Same account from `resourceAccount`, else the ARNs (reference/iam.md §2.4, §10).
        let request = self.request
        let same = caller.owns(resource: request.resource, resourceAccount: fields["resourceAccount"] as? String)
        return set.evaluate(request, caller: caller, sameAccount: same)
    }

    var request: AuthorizationRequest {
        let request = fields["request"] as! [String: Any]
        var context = RequestContext()
        for (key, value) in request["context"] as! [String: Any] {
            context[key] = (value as? [String]).map(RequestContext.Value.multiple) ?? .single(value as! String)
        }
        return AuthorizationRequest(
            action: request["action"] as! String,
            resource: request["resource"] as! String,
            context: context
        )
    }
}

@Suite("Policy evaluation (TestVectors/iam/evaluation-cases.json)")
struct PolicyEvaluatorTests {
    @Test(arguments: try EvaluationCase.all())
    func evaluation(_ testCase: EvaluationCase) throws {
        let decision = try testCase.decide(try testCase.policySet())
        #expect(decision.outcome.rawValue == testCase.fields["expect"] as! String, "\(decision)")
        if let matched = testCase.fields["matched"] as? [String] {
            #expect(decision.matchedStatements.map(\.description) == matched)
        }
    }

    /// The issue's properties, over every case: order never matters; adding a Deny or removing an
    /// Allow never turns a refusal into Allow.
    @Test("properties: order, added Deny, removed Allow", arguments: try EvaluationCase.all())
    func properties(_ testCase: EvaluationCase) throws {
        let policies = try testCase.policySet()
        let base = try testCase.decide(policies)

        var reversed = policies
        reversed.identity = policies.identity.reversed().map { policy in
            var policy = policy
            policy.document.statements.reverse()
            return policy
        }
        reversed.serviceControlPolicies.reverse()
        #expect(try testCase.decide(reversed).outcome == base.outcome)

        var withDeny = policies
        let extraDeny = try PolicyDocument.parse(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}"#,
            kind: .identity
        )
        withDeny.identity.append(NamedPolicy(name: "extra", document: extraDeny))
        let afterDeny = try testCase.decide(withDeny).outcome
        if base.outcome != .allow { #expect(afterDeny != .allow) }

        // A Deny that matches the request always wins, whatever else allows.
        var withMatchingDeny = policies
        let action = testCase.request.action.replacingOccurrences(of: "\"", with: "")
        let matchingDeny = try PolicyDocument.parse(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "\#(action)", "Resource": "*"}}"#,
            kind: .identity
        )
        withMatchingDeny.identity.append(NamedPolicy(name: "deny", document: matchingDeny))
        #expect(try testCase.decide(withMatchingDeny).outcome == .explicitDeny)

        // Removing every Allow from the SCPs and the boundary never turns a refusal into Allow.
        var withoutGuardrailAllows = policies
        for index in withoutGuardrailAllows.serviceControlPolicies.indices {
            withoutGuardrailAllows.serviceControlPolicies[index].document.statements.removeAll { $0.effect == .allow }
        }
        withoutGuardrailAllows.permissionsBoundary?.document.statements.removeAll { $0.effect == .allow }
        if base.outcome != .allow { #expect(try testCase.decide(withoutGuardrailAllows).outcome != .allow) }

        for index in policies.identity.indices {
            var withoutAllow = policies
            withoutAllow.identity[index].document.statements.removeAll { $0.effect == .allow }
            let after = try testCase.decide(withoutAllow).outcome
            if base.outcome != .allow { #expect(after != .allow) }
        }
    }
}
