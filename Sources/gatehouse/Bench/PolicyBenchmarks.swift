import IAMPolicy

/// The policy-engine benchmarks (reference/iam.md §9). The small workload is the one
/// `bench/peers.py` gives cedarpy, statement for statement.
enum PolicyBenchmarks {
    static let account = "111122223333"
    static let api = "arn:aws:execute-api:us-east-1:111122223333:abc123"

    /// One identity policy, 10 statements, 3 with conditions.
    static let smallPolicy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "ReadPets", "Effect": "Allow", "Action": "execute-api:Invoke",
           "Resource": "\(api)/prod/GET/pets/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
          {"Sid": "AddPets", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "\(api)/prod/POST/pets",
           "Condition": {"StringEquals": {"aws:PrincipalTag/team": "payments"}}},
          {"Sid": "NoDeletes", "Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "\(api)/*/DELETE/*"},
          {"Sid": "TLSOnly", "Effect": "Deny", "Action": "*", "Resource": "*",
           "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
          {"Sid": "Staging", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "\(api)/staging/*"},
          {"Sid": "Reports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports-bucket/*"},
          {"Sid": "PetsTable", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
           "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/pets"},
          {"Sid": "Sockets", "Effect": "Allow", "Action": "execute-api:ManageConnections",
           "Resource": "arn:aws:execute-api:us-east-1:111122223333:ws456/*"},
          {"Sid": "NoFlush", "Effect": "Deny", "Action": "execute-api:InvalidateCache", "Resource": "*"},
          {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}
        ]}
        """

    static let smallRequest = AuthorizationRequest(
        action: "execute-api:Invoke",
        resource: "\(api)/prod/GET/pets/42",
        context: RequestContext([
            "aws:SourceIp": .single("203.0.113.7"),
            "aws:SecureTransport": .single("true"),
            "aws:PrincipalTag/team": .single("payments"),
            "aws:username": .single("alice"),
        ])
    )

    static func all() throws -> [(String, () -> Void)] {
        let small = CompiledPolicySet(
            IdentityPolicySet(identity: [
                NamedPolicy(name: "small", document: try PolicyDocument.parse(smallPolicy, kind: .identity))
            ])
        )
        let caller = Caller(arn: "arn:aws:iam::\(account):user/alice")
        let request = smallRequest
        guard small.evaluate(request, caller: caller).outcome == .allow else {
            throw CLIError("bench: the small policy workload does not allow")
        }

        let texts = LargeWorkload.policies()
        let documents = try LargeWorkload.parse(texts)
        let large = LargeWorkload.compile(documents)
        let requests = LargeWorkload.requests(count: 256)
        var allowed = 0
        for request in requests where large.evaluate(request, caller: caller).outcome == .allow { allowed += 1 }
        // The workload must exercise both outcomes, or it measures a shortcut.
        guard allowed > 0, allowed < requests.count else {
            throw CLIError("bench: the large policy workload decides every request the same way")
        }
        var next = 0
        return [
            ("policy.eval.small", { blackHole(small.evaluate(request, caller: caller)) }),
            (
                "policy.eval.large",
                {
                    next = (next + 1) & (requests.count - 1)
                    blackHole(large.evaluate(requests[next], caller: caller))
                }
            ),
            ("policy.compile.1000", { blackHole(LargeWorkload.compile(documents)) }),
            ("policy.parse.1000", { blackHole(try? LargeWorkload.parse(texts)) }),
        ]
    }
}

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

/// A small seeded generator (SplitMix64), so benchmark workloads are the same in every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
