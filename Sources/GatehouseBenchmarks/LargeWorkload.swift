import IAMPolicy

/// 1,000 identity policies × 10 statements over 50 services, from a fixed seed (so every run
/// measures the same set): mostly exact actions, some `Get*`-style wildcards, a Deny in ten, a
/// condition in five, resources with wildcards.
enum LargeWorkload {
    static let services = (0..<50).map { "svc\($0)" }
    static let verbs = ["Get", "List", "Put", "Delete", "Describe", "Update", "Create", "Tag"]
    static let nouns = ["Item", "Table", "Stream", "Key", "Bucket"]

    static func policies() -> [String] {
        var random = SplitMix64(seed: 0x6761_7465_686f_7573)
        return (0..<1000).map { policy in
            let statements = (0..<10).map { index -> String in
                let service = services[random.next(below: services.count)]
                let action: String
                switch random.next(below: 10) {
                case 0: action = "\(service):\(verbs[random.next(below: verbs.count)])*"
                default:
                    action =
                        "\(service):\(verbs[random.next(below: verbs.count)])\(nouns[random.next(below: nouns.count)])"
                }
                let effect = random.next(below: 10) == 0 ? "Deny" : "Allow"
                let resource = "arn:aws:\(service):us-east-1:111122223333:res/\(random.next(below: 20))/*"
                let condition =
                    random.next(below: 2) == 0
                    ? #", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "team\#(random.next(below: 4))"}}"#
                    : ""
                return #"{"Sid": "S\#(policy)x\#(index)", "Effect": "\#(effect)", "Action": "\#(action)", "#
                    + #""Resource": "\#(resource)"\#(condition)}"#
            }
            return #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",") + "]}"
        }
    }

    /// Parse and load (JSON → validated documents), as reading a principal's policies does.
    static func parse(_ texts: [String]) throws -> [NamedPolicy] {
        var identity: [NamedPolicy] = []
        identity.reserveCapacity(texts.count)
        for (index, text) in texts.enumerated() {
            identity.append(NamedPolicy(name: "p\(index)", document: try PolicyDocument.parse(text, kind: .identity)))
        }
        return identity
    }

    /// Compile loaded documents into the indexed set the gateway evaluates.
    static func compile(_ documents: [NamedPolicy]) -> CompiledPolicySet {
        CompiledPolicySet(IdentityPolicySet(identity: documents))
    }

    static func requests(count: Int) -> [AuthorizationRequest] {
        var random = SplitMix64(seed: 42)
        return (0..<count).map { _ in
            let service = services[random.next(below: services.count)]
            let verb = verbs[random.next(below: verbs.count)]
            let noun = nouns[random.next(below: nouns.count)]
            return AuthorizationRequest(
                action: "\(service):\(verb)\(noun)",
                resource: "arn:aws:\(service):us-east-1:111122223333:res/\(random.next(below: 20))/thing",
                context: RequestContext(["aws:PrincipalTag/team": .single("team\(random.next(below: 4))")])
            )
        }
    }
}
