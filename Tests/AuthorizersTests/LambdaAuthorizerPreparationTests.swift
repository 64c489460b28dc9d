import HTTPTypes
import Synchronization
import Testing

@testable import Authorizers

/// `prepare` returns a decision or the pending invocation; `invoke` finishes a pending one with
/// what `prepare` read, and `authorize` is exactly the two: identity sources, the regex and the
/// query decoding run once per request, the function once per miss.
@Suite("Lambda authorizer: prepare, then invoke")
struct LambdaAuthorizerPreparationTests {
    static let allow = Array(
        #"{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}}"#
            .utf8
    )

    static func configuration(
        _ kind: LambdaAuthorizerConfiguration.Kind,
        _ sources: [String],
        ttl: Int,
        regex: String? = nil
    ) -> LambdaAuthorizerConfiguration {
        try! LambdaAuthorizerConfiguration(
            name: "prep",
            kind: kind,
            identitySources: sources.map { try! IdentitySource($0) },
            validationExpression: regex,
            resultTTLSeconds: ttl
        )
    }

    static func request(query: String = "tenant=t%31&tenant=t2", token: String? = "Bearer good") -> AuthorizerRequest {
        AuthorizerRequest.fixture(
            methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
            resource: "/pets",
            headers: token.map { [("Authorization", $0)] } ?? [],
            rawQueryString: query
        )
    }

    /// A miss is pending (nothing called yet); invoking it calls the function once, stores the
    /// result under the pending key, and the next prepare is a decided hit.
    @Test(arguments: [
        (LambdaAuthorizerConfiguration.Kind.token, ["method.request.header.Authorization"]),
        (.request, ["method.request.header.Authorization", "method.request.querystring.tenant"]),
        (.httpAPI(payloadVersion: "2.0", simpleResponses: false), ["$request.querystring.tenant"]),
    ])
    func missIsPreparedOnce(kind: LambdaAuthorizerConfiguration.Kind, sources: [String]) async throws {
        let function = ScriptedFunction { _ throws(FunctionFailure) in Self.allow }
        let authorizer = LambdaAuthorizer(
            configuration: Self.configuration(kind, sources, ttl: 300, regex: kind == .token ? "Bearer .+" : nil),
            function: function
        )
        let request = Self.request()
        guard case .pending(let pending) = authorizer.prepare(request, now: 0) else {
            Issue.record("a miss was decided")
            return
        }
        #expect(function.calls.load(ordering: .relaxed) == 0)
        #expect(pending.cacheKey != nil)
        #expect(pending.identityValues.count == sources.count)
        let evaluation = await authorizer.invoke(pending, now: 0)
        #expect(function.calls.load(ordering: .relaxed) == 1)
        #expect(evaluation.identityValues == pending.identityValues)
        #expect(evaluation.cacheKey == pending.cacheKey && !evaluation.cacheHit)
        #expect((try? evaluation.outcome.get()) != nil)
        // The query was decoded once for the check, the sources and the event together (a TOKEN
        // event holds no query: never).
        #expect(request.query?.decodings.load(ordering: .relaxed) == (kind == .token ? 0 : 1))

        guard case .decided(let hit) = authorizer.prepare(Self.request(), now: 1) else {
            Issue.record("the stored result was not found")
            return
        }
        #expect(hit.cacheHit && hit.cacheKey == pending.cacheKey)
        #expect(function.calls.load(ordering: .relaxed) == 1)
    }

    /// `authorize` is prepare + invoke: the same event, identity values and outcome as the two
    /// steps by hand, and the function called once each way.
    @Test(arguments: [0, 300])
    func authorizeIsPrepareThenInvoke(ttl: Int) async throws {
        let configuration = Self.configuration(
            .request,
            ["method.request.querystring.tenant", "context.stage"],
            ttl: ttl
        )
        let byHand = ScriptedFunction { _ throws(FunctionFailure) in Self.allow }
        let whole = ScriptedFunction { _ throws(FunctionFailure) in Self.allow }
        let first = LambdaAuthorizer(configuration: configuration, function: byHand)
        let second = LambdaAuthorizer(configuration: configuration, function: whole)
        guard case .pending(let pending) = first.prepare(Self.request(), now: 0) else {
            Issue.record("decided")
            return
        }
        let stepwise = await first.invoke(pending, now: 0)
        let request = Self.request()
        let direct = await second.authorize(request, now: 0)
        #expect(stepwise.event == direct.event)
        #expect(stepwise.identityValues == direct.identityValues)
        #expect(direct.identityValues == ["t1,t2", "prod"])
        #expect((ttl == 0) == (direct.cacheKey == nil))
        #expect(byHand.calls.load(ordering: .relaxed) == 1 && whole.calls.load(ordering: .relaxed) == 1)
        #expect(request.query?.decodings.load(ordering: .relaxed) == 1)
    }

    /// Refusals before the function are decided: no pending invocation, nothing called.
    static let refusals: [(String, AuthorizerRequest)] = [
        ("missing header", request(token: nil)),
        ("regex mismatch", request(token: "Basic abc")),
        ("query not strict", request(query: "tenant=%FF")),
    ]

    @Test(arguments: refusals)
    func refusalsAreDecided(_ name: String, _ request: AuthorizerRequest) {
        let function = ScriptedFunction { _ throws(FunctionFailure) in Self.allow }
        let authorizer = LambdaAuthorizer(
            configuration: Self.configuration(
                .token,
                ["method.request.header.Authorization"],
                ttl: 300,
                regex: "Bearer .+"
            ),
            function: function
        )
        let requestAuthorizer = LambdaAuthorizer(
            configuration: Self.configuration(.request, ["method.request.querystring.tenant"], ttl: 300),
            function: function
        )
        let preparation = (name == "query not strict" ? requestAuthorizer : authorizer).prepare(request, now: 0)
        guard case .decided(let evaluation) = preparation, case .failure(let denial) = evaluation.outcome else {
            Issue.record("\(name): not a decided refusal")
            return
        }
        #expect(denial.status == 401, "\(name)")
        #expect(function.calls.load(ordering: .relaxed) == 0)
    }
}
