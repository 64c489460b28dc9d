import Foundation
import IAMPolicy
import Testing

/// `Deny` + `NotPrincipal` as AWS's NotPrincipal page and permissions-boundary page describe it,
/// fail closed (issue 16 G28): a Deny exempts only a caller listed with its account (and a session
/// with its role too), and always covers a caller with a permissions boundary. The linter's IAM113
/// warns exactly when the evaluator denies a principal the author listed.
@Suite("NotPrincipal")
struct NotPrincipalTests {
    static let account = "111122223333"
    static let root = "arn:aws:iam::111122223333:root"
    static let user = "arn:aws:iam::111122223333:user/alice"
    static let role = "arn:aws:iam::111122223333:role/team/deployer"
    static let session = "arn:aws:sts::111122223333:assumed-role/deployer/build-42"
    static let federated = "arn:aws:sts::111122223333:federated-user/bob"
    static let resource = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"

    static func resourcePolicy(_ listed: [String], effect: String = "Deny") throws -> NamedPolicy {
        let statements: [[String: Any]] = [
            ["Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"],
            ["Effect": effect, "NotPrincipal": ["AWS": listed], "Action": "execute-api:Invoke", "Resource": "*"],
        ]
        let data = try JSONSerialization.data(withJSONObject: ["Version": "2012-10-17", "Statement": statements])
        return NamedPolicy(name: "api", document: try PolicyDocument.parse(Array(data), kind: .resource))
    }

    static func allowAll(_ kind: PolicyKind) throws -> NamedPolicy {
        NamedPolicy(
            name: "all",
            document: try PolicyDocument.parse(
                #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
                kind: kind
            )
        )
    }

    static func decide(_ caller: String, listed: [String], boundary: Bool = false) throws -> Decision.Outcome {
        let policies = IdentityPolicySet(
            identity: [try allowAll(.identity)],
            permissionsBoundary: boundary ? try allowAll(.permissionsBoundary) : nil
        )
        let set = CompiledPolicySet(policies, resourcePolicy: try resourcePolicy(listed))
        let who = try #require(Caller(arn: caller, federatingUserArn: caller == federated ? user : nil))
        let request = AuthorizationRequest(action: "execute-api:Invoke", resource: resource)
        let outcome = set.evaluate(request, caller: who, sameAccount: true).outcome
        // --explain decides the same way.
        #expect(set.explain(request, caller: who, sameAccount: true).decision.outcome == outcome)
        return outcome
    }

    /// Every non-empty subset of a caller's links (account, role, identity) listed in the
    /// NotPrincipal (an empty list does not load).
    static func subsets(_ links: [String]) -> [[String]] {
        (1..<(1 << links.count)).map { mask in links.indices.filter { mask & (1 << $0) != 0 }.map { links[$0] } }
    }

    @Test("a user is exempt only with its account listed (by ID or root ARN)")
    func user() throws {
        for listed in Self.subsets([Self.account, Self.user]) + Self.subsets([Self.root, Self.user]) {
            let exempt = listed.contains(Self.user) && listed.count == 2
            #expect(try Self.decide(Self.user, listed: listed) == (exempt ? .allow : .explicitDeny), "\(listed)")
        }
    }

    @Test("a role session is exempt only with account, role and session all listed")
    func session() throws {
        for listed in Self.subsets([Self.root, Self.role, Self.session]) {
            let exempt = listed.count == 3
            #expect(try Self.decide(Self.session, listed: listed) == (exempt ? .allow : .explicitDeny), "\(listed)")
        }
        // Another session of the same role is never exempt.
        let other = "arn:aws:sts::111122223333:assumed-role/deployer/other"
        #expect(try Self.decide(other, listed: [Self.root, Self.role, Self.session]) == .explicitDeny)
    }

    @Test("a federated-user session is exempt only with its account listed")
    func federatedUser() throws {
        #expect(try Self.decide(Self.federated, listed: [Self.federated]) == .explicitDeny)
        #expect(try Self.decide(Self.federated, listed: [Self.account, Self.federated]) == .allow)
        // Its federating IAM user does not exempt it.
        #expect(try Self.decide(Self.federated, listed: [Self.account, Self.user]) == .explicitDeny)
    }

    @Test("the root user is exempt when its account is listed")
    func rootUser() throws {
        #expect(try Self.decide(Self.root, listed: [Self.account]) == .allow)
        #expect(try Self.decide(Self.root, listed: [Self.root]) == .allow)
        #expect(try Self.decide(Self.root, listed: [Self.user]) == .explicitDeny)
    }

    @Test("a NotPrincipal Deny always denies a caller with a permissions boundary, whatever it lists")
    func boundaryAlwaysDenies() throws {
        for (caller, full) in [
            (Self.user, [Self.root, Self.user]),
            (Self.session, [Self.root, Self.role, Self.session]),
        ] {
            #expect(try Self.decide(caller, listed: full) == .allow)
            for listed in Self.subsets(full) {
                #expect(try Self.decide(caller, listed: listed, boundary: true) == .explicitDeny, "\(caller) \(listed)")
            }
        }
    }

    @Test("an Allow with NotPrincipal (unsupported by AWS) grants nothing to a caller any of whose links is listed")
    func allowFailsClosed() throws {
        let request = AuthorizationRequest(action: "execute-api:Invoke", resource: Self.resource)
        for listed in [[Self.account], [Self.role], [Self.session], [Self.root, Self.role, Self.session]] {
            let data = try JSONSerialization.data(withJSONObject: [
                "Version": "2012-10-17",
                "Statement": [
                    [
                        "Effect": "Allow", "NotPrincipal": ["AWS": listed], "Action": "execute-api:Invoke",
                        "Resource": "*",
                    ]
                ],
            ])
            let policy = NamedPolicy(name: "api", document: try PolicyDocument.parse(Array(data), kind: .resource))
            let set = CompiledPolicySet(IdentityPolicySet(identity: []), resourcePolicy: policy)
            let caller = try #require(Caller(arn: Self.session))
            #expect(set.evaluate(request, caller: caller, sameAccount: true).outcome == .implicitDeny, "\(listed)")
        }
    }

    /// IAM113 and the evaluator agree: for each listing, the linter warns iff the Deny covers a
    /// principal the listing names (no boundary).
    @Test("the linter's IAM113 warns exactly when a listed principal is still denied")
    func linterAgrees() throws {
        let candidates: [(caller: String, links: [String])] = [
            (Self.user, [Self.root, Self.user]),
            (Self.session, [Self.root, Self.role, Self.session]),
            (Self.federated, [Self.account, Self.federated]),
        ]
        for (caller, links) in candidates {
            for listed in Self.subsets(links) where listed.contains(caller) {
                let data = try JSONSerialization.data(withJSONObject: [
                    "Version": "2012-10-17",
                    "Statement": [
                        [
                            "Effect": "Deny", "NotPrincipal": ["AWS": listed], "Action": "execute-api:Invoke",
                            "Resource": "*",
                        ]
                    ],
                ])
                let warned = PolicyLinter.lint(Array(data), kind: .resource).findings.contains {
                    $0.rule.code == "IAM113"
                }
                let denied = try Self.decide(caller, listed: listed) == .explicitDeny
                #expect(warned == denied, "\(caller) listed as \(listed): IAM113 \(warned), denied \(denied)")
            }
        }
    }
}

/// The account root user (issue 16 G27): implicit full access in its own account, limited only by
/// explicit denies and SCPs/RCPs; across accounts the resource policy must still allow.
@Suite("Root user")
struct RootUserTests {
    static let root = "arn:aws:iam::111122223333:root"
    static let otherRoot = "arn:aws:iam::444455556666:root"
    static let resource = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"

    static func policy(_ json: String, _ kind: PolicyKind) throws -> NamedPolicy {
        NamedPolicy(name: "p", document: try PolicyDocument.parse(json, kind: kind))
    }

    static func decide(
        _ caller: String,
        identity: [NamedPolicy] = [],
        scp: [NamedPolicy] = [],
        rcp: [NamedPolicy] = [],
        resourcePolicy: NamedPolicy? = nil
    ) throws -> Decision {
        let set = CompiledPolicySet(
            IdentityPolicySet(identity: identity, serviceControlPolicies: scp, resourceControlPolicies: rcp),
            resourcePolicy: resourcePolicy
        )
        let who: Caller = try #require(Caller(arn: caller))
        return set.evaluate(
            AuthorizationRequest(action: "execute-api:Invoke", resource: resource),
            caller: who,
            resourceAccount: "111122223333"
        )
    }

    static let allowStatement = #"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#
    static let denyStatement = #"{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}"#

    @Test("the root user is allowed in its own account with no identity policy")
    func sameAccount() throws {
        let decision = try Self.decide(Self.root)
        #expect(decision.outcome == .allow)
        #expect(decision.diagnostics.contains { $0.contains("root user") })
        let caller = try #require(Caller(arn: Self.root))
        let explained = CompiledPolicySet(IdentityPolicySet(identity: [])).explain(
            AuthorizationRequest(action: "execute-api:Invoke", resource: Self.resource),
            caller: caller,
            sameAccount: true
        )
        #expect(explained.decision.outcome == .allow && explained.rule.contains("root user"))
        // A user of the same account is not.
        #expect(try Self.decide("arn:aws:iam::111122223333:user/alice").outcome == .implicitDeny)
    }

    @Test("an explicit deny wins over the root user's implicit access")
    func explicitDeny() throws {
        let identity = try Self.policy(#"{"Version": "2012-10-17", "Statement": \#(Self.denyStatement)}"#, .identity)
        #expect(try Self.decide(Self.root, identity: [identity]).outcome == .explicitDeny)
        let resource = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}}"#,
            .resource
        )
        #expect(try Self.decide(Self.root, resourcePolicy: resource).outcome == .explicitDeny)
    }

    @Test("SCPs and RCPs limit the root user")
    func organizationPolicies() throws {
        let silent = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#,
            .serviceControl
        )
        #expect(try Self.decide(Self.root, scp: [silent]).outcome == .implicitDeny)
        let denying = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": [\#(Self.allowStatement), \#(Self.denyStatement)]}"#,
            .serviceControl
        )
        #expect(try Self.decide(Self.root, scp: [denying]).outcome == .explicitDeny)
        let allowing = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": \#(Self.allowStatement)}"#,
            .serviceControl
        )
        #expect(try Self.decide(Self.root, scp: [allowing]).outcome == .allow)
        let rcp = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "execute-api:*", "Resource": "*"}}"#,
            .resourceControl
        )
        #expect(try Self.decide(Self.root, rcp: [rcp]).outcome == .explicitDeny)
    }

    @Test("another account's root user needs the resource policy")
    func crossAccount() throws {
        #expect(try Self.decide(Self.otherRoot).outcome == .implicitDeny)
        let granting = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "*", "Resource": "*"}}"#,
            .resource
        )
        #expect(try Self.decide(Self.otherRoot, resourcePolicy: granting).outcome == .allow)
        let others = try Self.policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "999988887777"}, "Action": "*", "Resource": "*"}}"#,
            .resource
        )
        #expect(try Self.decide(Self.otherRoot, resourcePolicy: others).outcome == .implicitDeny)
    }
}
