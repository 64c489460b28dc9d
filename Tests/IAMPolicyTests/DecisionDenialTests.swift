import GatehouseCore
import IAMPolicy
import Testing

/// A policy decision becomes the refusal reference/iam.md §6.5 prescribes: which text follows
/// from the outcome and from the policy that made it.
@Suite struct DecisionDenialTests {
    static let account = "111122223333"
    static let caller = "arn:aws:iam::111122223333:user/alice"
    static let method = "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/pets"

    static func policy(_ json: String, _ kind: PolicyKind) throws -> NamedPolicy {
        NamedPolicy(name: "\(kind)", document: try PolicyDocument.parse(Array(json.utf8), kind: kind))
    }

    static func statement(_ effect: String, principal: Bool) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","#
            + (principal ? #""Principal":"*","# : "")
            + #""Action":"execute-api:Invoke","Resource":"\#(method)"}]}"#
    }

    /// identity effect, resource effect (nil: none), method's policy, expected text ending.
    static let cases: [(String?, String?, AccessDenial.DecidingPolicy, String?)] = [
        ("Allow", nil, .identity, nil),
        (nil, nil, .identity, "on resource: arn:aws:execute-api:us-east-1:********3333:api/prod/GET/pets"),
        ("Deny", nil, .identity, "GET/pets with an explicit deny in an identity-based policy"),
        ("Allow", "Deny", .identity, "GET/pets with an explicit deny in a resource-based policy"),
        ("Deny", "Deny", .identity, "GET/pets with an explicit deny in a resource-based policy"),
        (nil, nil, .resource, "because no resource-based policy allows the execute-api:Invoke action"),
        (
            "Deny", nil, .authorizer,
            "User is not authorized to access this resource with an explicit deny in an identity-based policy"
        ),
        (nil, nil, .authorizer, "\"Message\":\"User is not authorized to access this resource"),
    ]

    @Test(arguments: 0..<cases.count)
    func textFollowsTheDecision(_ index: Int) throws {
        let (identity, resource, method, ending) = Self.cases[index]
        let set = CompiledPolicySet(
            IdentityPolicySet(
                identity: try identity.map { [try Self.policy(Self.statement($0, principal: false), .identity)] } ?? []
            ),
            resourcePolicy: try resource.map { try Self.policy(Self.statement($0, principal: true), .resource) }
        )
        let who = try #require(Caller(arn: Self.caller))
        let decision = set.evaluate(
            AuthorizationRequest(action: "execute-api:Invoke", resource: Self.method),
            caller: who,
            sameAccount: true
        )
        let denial = decision.denial(method: method, caller: Self.caller, resource: Self.method)
        guard let ending else {
            #expect(denial == nil)
            return
        }
        let refused = try #require(denial)
        #expect(refused.status == 403 && refused.errorType == "AccessDeniedException")
        #expect(refused.responseType == .accessDenied)
        #expect(refused.body.hasPrefix(#"{"Message":""#) && refused.body.hasSuffix(#""}"#))
        #expect(refused.body.contains(ending), "\(refused.body)")
        if method != .authorizer { #expect(refused.body.contains("User: \(Self.caller) is not authorized")) }
        #expect(refused.reason.contains(decision.outcome.rawValue))
    }

    @Test func anonymousAndHTTPAPI() throws {
        let set = CompiledPolicySet(IdentityPolicySet(identity: []))
        let decision = set.evaluate(AuthorizationRequest(action: "execute-api:Invoke", resource: Self.method))
        let anonymous = try #require(decision.denial(method: .resource, caller: nil, resource: Self.method))
        #expect(anonymous.body.hasPrefix(#"{"Message":"User: anonymous is not authorized"#))
        let http = try #require(
            decision.denial(method: .identity, caller: Self.caller, resource: Self.method, api: .http)
        )
        #expect(http.body == #"{"message":"Forbidden"}"#)
    }
}
