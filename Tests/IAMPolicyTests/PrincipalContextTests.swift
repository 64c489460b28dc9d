import GatehouseCore
import IAMPolicy
import Testing

/// A stored principal becomes a caller and its condition keys without re-parsing its ARN, and
/// its compiled policies ride along in the principal (reference/iam.md §5).
@Suite struct PrincipalContextTests {
    static let account = "111122223333"

    /// ARN → the keys of §5, absent ones as nil.
    static let cases: [(String, [String: String?])] = [
        (
            "arn:aws:iam::111122223333:user/eng/alice",
            [
                "aws:PrincipalArn": "arn:aws:iam::111122223333:user/eng/alice", "aws:PrincipalAccount": account,
                "aws:PrincipalType": "User", "aws:username": "alice", "aws:userid": nil,
            ]
        ),
        (
            "arn:aws:sts::111122223333:assumed-role/deployer/run-1",
            [
                "aws:PrincipalArn": "arn:aws:iam::111122223333:role/deployer", "aws:PrincipalAccount": account,
                "aws:PrincipalType": "AssumedRole", "aws:username": nil, "aws:userid": nil,
            ]
        ),
        (
            "arn:aws:sts::111122223333:federated-user/bob",
            [
                "aws:PrincipalArn": "arn:aws:sts::111122223333:federated-user/bob", "aws:PrincipalAccount": account,
                "aws:PrincipalType": "FederatedUser", "aws:username": nil, "aws:userid": "111122223333:bob",
            ]
        ),
        (
            "arn:aws:iam::111122223333:root",
            [
                "aws:PrincipalArn": "arn:aws:iam::111122223333:root", "aws:PrincipalAccount": account,
                "aws:PrincipalType": "Account", "aws:username": nil, "aws:userid": account,
            ]
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func contextKeys(_ index: Int) throws {
        let (arn, keys) = Self.cases[index]
        let principal = try Principal(arn: arn, tags: [.init("team", "red"), .init("Cost-Center", "42")])
        // Values the client might have put there are replaced or removed.
        var context = RequestContext([
            "aws:username": .single("mallory"), "aws:PrincipalType": .single("User"), "aws:userid": .single("x"),
            "aws:PrincipalTag/admin": .single("yes"),
        ])
        context.insertPrincipalKeys(principal)
        for (key, value) in keys {
            #expect(context[key] == value.map(RequestContext.Value.single), "\(arn) \(key)")
        }
        #expect(context["aws:PrincipalTag/team"] == .single("red"))
        #expect(context["AWS:principaltag/cost-center"] == .single("42"))
        #expect(context["aws:PrincipalTag/admin"] == nil)
        #expect(RequestContext(principal: principal)["aws:PrincipalArn"] == context["aws:PrincipalArn"])
    }

    /// The caller built from a principal is the caller built from its ARN, for every caller kind
    /// in every partition; a role is no caller.
    @Test(arguments: ["aws", "aws-cn", "aws-us-gov"])
    func callerFromPrincipalEqualsCallerFromARN(partition p: String) throws {
        for arn in [
            "arn:\(p):iam::111122223333:user/alice", "arn:\(p):iam::111122223333:user/path/alice",
            "arn:\(p):sts::111122223333:assumed-role/deployer/run-1", "arn:\(p):sts::111122223333:federated-user/bob",
            "arn:\(p):iam::111122223333:root",
        ] {
            let principal = try Principal(arn: arn)
            let fromPrincipal = try #require(Caller(principal: principal, federatingUserArn: "u"))
            #expect(fromPrincipal == Caller(arn: arn, federatingUserArn: "u"), "\(arn)")
            #expect(fromPrincipal.partition == p)
        }
        #expect(Caller(principal: try Principal(arn: "arn:\(p):iam::111122223333:role/deployer")) == nil)
        #expect(Caller(arn: "arn:\(p):iam::111122223333:role/deployer") == nil)
    }

    static func policy(_ json: String) throws -> NamedPolicy {
        NamedPolicy(name: "p", document: try PolicyDocument.parse(Array(json.utf8), kind: .identity))
    }

    /// Policies compiled once ride in the principal; a condition on a principal tag and on
    /// `aws:username` reads the principal's own values.
    @Test func attachedPoliciesDecide() throws {
        let set = CompiledPolicySet(
            IdentityPolicySet(identity: [
                try Self.policy(
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","#
                        + #""Resource":"arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/${aws:username}","#
                        + #""Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}}]}"#
                )
            ])
        )
        let red = try Principal.user("alice", account: Self.account, tags: [.init("team", "red")]).attaching(set)
        #expect(red.compiledPolicies != nil)
        let own = AuthorizationRequest(
            action: "execute-api:Invoke",
            resource: "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/alice"
        )
        #expect(red.evaluate(own).outcome == .allow)
        let other = AuthorizationRequest(
            action: "execute-api:Invoke",
            resource: "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/bob"
        )
        #expect(red.evaluate(other).outcome == .implicitDeny)
        #expect(red.tagged([.init("team", "blue")]).evaluate(own).outcome == .implicitDeny)
        // A client cannot claim the tag through the request context.
        var claimed = own
        claimed.context["aws:PrincipalTag/team"] = .single("red")
        #expect(red.tagged([]).evaluate(claimed).outcome == .implicitDeny)
        #expect(red.evaluate(claimed).outcome == .allow)
        // No policies attached, or a role: implicit deny, never an allow.
        #expect(try Principal.user("alice", account: Self.account).evaluate(own).outcome == .implicitDeny)
        let role = try Principal(arn: "arn:aws:iam::111122223333:role/r").attaching(set)
        #expect(role.evaluate(own).outcome == .implicitDeny)
    }
}
