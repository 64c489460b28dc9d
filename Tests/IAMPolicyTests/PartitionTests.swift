import Foundation
import IAMPolicy
import Testing

/// Accounts in different partitions (`aws`, `aws-cn`, `aws-us-gov`, …) are different accounts even
/// when their 12 digits agree (issue 16 G27/G28, found by review): a principal ARN names a principal
/// of its own partition only, a resource of another partition is never the caller's own and is
/// out of reach, and a caller ARN AWS would never issue (a region, an account that is not 12
/// digits) is no caller at all. Before, `arn:aws-cn:iam::ACCT:root` in a NotPrincipal exempted the
/// `aws` session of the same digits from a Deny, and the `aws-cn` root user was allowed on an
/// `aws` resource as its own.
@Suite("Partitions")
struct PartitionTests {
    static let account = "111122223333"
    static let partitions = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"]

    /// Every caller shape in partition `p`, with the links a NotPrincipal must list to exempt it.
    static func callers(_ p: String) -> [(caller: String, links: [String])] {
        let a = account
        return [
            ("arn:\(p):iam::\(a):root", ["arn:\(p):iam::\(a):root"]),
            ("arn:\(p):iam::\(a):user/alice", ["arn:\(p):iam::\(a):root", "arn:\(p):iam::\(a):user/alice"]),
            (
                "arn:\(p):sts::\(a):assumed-role/deployer/run-1",
                [
                    "arn:\(p):iam::\(a):root", "arn:\(p):iam::\(a):role/team/deployer",
                    "arn:\(p):sts::\(a):assumed-role/deployer/run-1",
                ]
            ),
            (
                "arn:\(p):sts::\(a):federated-user/bob",
                ["arn:\(p):iam::\(a):root", "arn:\(p):sts::\(a):federated-user/bob"]
            ),
        ]
    }

    /// The same links spelled in partition `other`.
    static func moved(_ links: [String], from p: String, to other: String) -> [String] {
        links.map { $0.replacingOccurrences(of: "arn:\(p):", with: "arn:\(other):") }
    }

    static func policy(_ object: [String: Any], _ kind: PolicyKind) throws -> NamedPolicy {
        let data = try JSONSerialization.data(withJSONObject: object)
        return NamedPolicy(name: "\(kind)", document: try PolicyDocument.parse(Array(data), kind: kind))
    }

    static func document(_ statements: [[String: Any]]) -> [String: Any] {
        ["Version": "2012-10-17", "Statement": statements]
    }

    static func decide(
        _ caller: String,
        resource: String,
        identity: Bool,
        resourceStatements: [[String: Any]]?
    ) throws -> Decision {
        let identityPolicies =
            identity
            ? [try policy(document([["Effect": "Allow", "Action": "*", "Resource": "*"]]), .identity)] : []
        let resourcePolicy = try resourceStatements.map { try policy(document($0), .resource) }
        let set = CompiledPolicySet(IdentityPolicySet(identity: identityPolicies), resourcePolicy: resourcePolicy)
        let who = try #require(Caller(arn: caller))
        let request = AuthorizationRequest(action: "dynamodb:GetItem", resource: resource)
        let decision = set.evaluate(request, caller: who, sameAccount: who.owns(resource: resource))
        #expect(set.explain(request, caller: who, sameAccount: who.owns(resource: resource)).decision == decision)
        return decision
    }

    @Test(
        "a NotPrincipal Deny lists every link in another partition: it still denies",
        arguments: partitions
    )
    func notPrincipalOtherPartition(partition p: String) throws {
        let resource = "arn:\(p):dynamodb:us-east-1:\(Self.account):table/t"
        for (caller, links) in Self.callers(p) {
            let listed = links.count > 1 ? links : links + ["arn:\(p):iam::\(Self.account):user/nobody"]
            let deny: [String: Any] = [
                "Effect": "Deny", "Action": "*", "Resource": "*", "NotPrincipal": ["AWS": listed],
            ]
            // Its own partition: exempt (the root user and users need their account, listed).
            if !caller.contains(":federated-user/") {
                #expect(
                    try Self.decide(caller, resource: resource, identity: true, resourceStatements: [deny]).outcome
                        == .allow,
                    "\(caller) listed in its own partition"
                )
            }
            for other in Self.partitions where other != p {
                // Each link moved to the other partition in turn, then all of them.
                var variants = links.indices.map { index in
                    links.enumerated().map {
                        $0.offset == index ? Self.moved([$0.element], from: p, to: other)[0] : $0.element
                    }
                }
                variants.append(Self.moved(links, from: p, to: other))
                for variant in variants {
                    var statement = deny
                    statement["NotPrincipal"] = ["AWS": variant]
                    let outcome = try Self.decide(
                        caller,
                        resource: resource,
                        identity: true,
                        resourceStatements: [statement]
                    ).outcome
                    #expect(outcome == .explicitDeny, "\(caller) exempted by \(variant)")
                }
            }
        }
    }

    @Test("a principal ARN of another partition grants nothing across accounts", arguments: partitions)
    func grantOtherPartition(partition p: String) throws {
        let resource = "arn:\(p):dynamodb:us-east-1:444455556666:table/t"
        for (caller, links) in Self.callers(p) where !caller.contains(":federated-user/") {
            for other in Self.partitions where other != p {
                for link in Self.moved(links, from: p, to: other) {
                    let allow: [String: Any] = [
                        "Effect": "Allow", "Action": "*", "Resource": "*", "Principal": ["AWS": link],
                    ]
                    let decision = try Self.decide(
                        caller,
                        resource: resource,
                        identity: true,
                        resourceStatements: [allow]
                    )
                    #expect(decision.outcome == .implicitDeny, "\(caller) granted by \(link)")
                }
            }
            // The same grant in the caller's partition works.
            let allow: [String: Any] = [
                "Effect": "Allow", "Action": "*", "Resource": "*", "Principal": ["AWS": links[0]],
            ]
            #expect(
                try Self.decide(caller, resource: resource, identity: true, resourceStatements: [allow]).outcome
                    == .allow
            )
        }
    }

    @Test("a resource in another partition is out of reach, whatever the policies say", arguments: partitions)
    func resourceOtherPartition(partition p: String) throws {
        for (caller, _) in Self.callers(p) {
            for other in Self.partitions where other != p {
                for owner in [Self.account, "444455556666"] {
                    let resource = "arn:\(other):dynamodb:us-east-1:\(owner):table/t"
                    let who = try #require(Caller(arn: caller))
                    #expect(!who.owns(resource: resource))
                    let open: [[String: Any]] = [
                        ["Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"],
                        ["Effect": "Allow", "Action": "*", "Resource": "*", "Principal": ["AWS": Self.account]],
                    ]
                    let decision = try Self.decide(caller, resource: resource, identity: true, resourceStatements: open)
                    #expect(decision.outcome == .implicitDeny, "\(caller) reached \(resource)")
                    // The root user's implicit access stops at its partition too.
                    let bare = try Self.decide(caller, resource: resource, identity: false, resourceStatements: nil)
                    #expect(bare.outcome == .implicitDeny)
                }
            }
            // Its own partition's resource: the root user is allowed with no policy at all.
            if caller.hasSuffix(":root") {
                let own = "arn:\(p):dynamodb:us-east-1:\(Self.account):table/t"
                #expect(
                    try Self.decide(caller, resource: own, identity: false, resourceStatements: nil).outcome == .allow
                )
            }
        }
    }

    @Test(
        "caller ARNs AWS never issues are no caller",
        arguments: [
            "arn:aws:iam:us-east-1:111122223333:root", "arn:aws:iam:us-east-1:111122223333:user/alice",
            "arn:aws:sts:us-east-1:111122223333:assumed-role/r/s", "arn:aws:iam::*:root", "arn:aws:iam:::root",
            "arn:aws:iam::11112222333:root", "arn:aws:iam::1111222233334:root", "arn:aws:iam::11112222333a:root",
            "arn:aws:iam::111122223333 :root", "arn:aws:iam::１１１１２２２２３３３３:root", "arn:AWS:iam::111122223333:root",
            "arn:aws_cn:iam::111122223333:root", "arn:aws:iam::111122223333:ROOT", "arn:aws:sts::111122223333:root",
            "arn:aws:iam::111122223333:root/x", "111122223333",
        ]
    )
    func malformedCallers(arn: String) {
        #expect(Caller(arn: arn) == nil)
    }

    @Test("every partition's callers parse, with their partition", arguments: partitions)
    func wellFormedCallers(partition p: String) throws {
        for (caller, _) in Self.callers(p) {
            let who = try #require(Caller(arn: caller))
            #expect(who.partition == p)
            #expect(who.account == Self.account)
        }
    }
}
