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

    static func all() throws -> [Benchmark] {
        let small = CompiledPolicySet(
            IdentityPolicySet(identity: [
                NamedPolicy(name: "small", document: try PolicyDocument.parse(smallPolicy, kind: .identity))
            ])
        )
        let caller = Caller(arn: "arn:aws:iam::\(account):user/alice")
        let request = smallRequest
        guard small.evaluate(request, caller: caller).outcome == .allow else {
            throw BenchmarkError("the small policy workload does not allow")
        }

        let texts = LargeWorkload.policies()
        let documents = try LargeWorkload.parse(texts)
        let large = LargeWorkload.compile(documents)
        let requests = LargeWorkload.requests(count: 256)
        var allowed = 0
        for request in requests where large.evaluate(request, caller: caller).outcome == .allow { allowed += 1 }
        // The workload must exercise both outcomes, or it measures a shortcut.
        guard allowed > 0, allowed < requests.count else {
            throw BenchmarkError("the large policy workload decides every request the same way")
        }
        var next = 0
        return [
            Benchmark("policy.eval.small") { blackHole(small.evaluate(request, caller: caller)) },
            Benchmark("policy.eval.large") {
                next = (next + 1) & (requests.count - 1)
                blackHole(large.evaluate(requests[next], caller: caller))
            },
            Benchmark("policy.compile.1000") { blackHole(LargeWorkload.compile(documents)) },
            Benchmark("policy.parse.1000") { blackHole(try? LargeWorkload.parse(texts)) },
        ]
    }
}
