import Authorizers
import Foundation
import GatehouseCore
import IAMPolicy
import Synchronization
import TestSupport
import Testing

/// A function that answers what it is told and counts its calls.
final class ScriptedFunction: AuthorizerFunction {
    let calls = Atomic<Int>(0)
    let answer: @Sendable ([UInt8]) throws(FunctionFailure) -> [UInt8]

    init(_ answer: @escaping @Sendable ([UInt8]) throws(FunctionFailure) -> [UInt8]) { self.answer = answer }

    func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        calls.add(1, ordering: .relaxed)
        return try answer(event)
    }
}

enum LambdaFixture {
    static let api = "arn:aws:execute-api:us-east-1:123456789012:abc123"

    static func request(
        _ method: String = "GET",
        _ path: String = "/pets/42",
        token: String? = "Bearer good"
    ) -> AuthorizerRequest {
        AuthorizerRequest.fixture(
            methodArn: "\(api)/prod/\(method)\(path)",
            resource: "/pets/{id}",
            headers: token.map { [("Authorization", $0), ("User-Agent", "test")] } ?? [],
            rawQueryString: "q=1&q=2",
            time: Timestamp(millisecondsSince1970: 1_768_471_200_000)
        )
    }

    static func token(ttl: Int = 300, regex: String? = nil) -> LambdaAuthorizerConfiguration {
        try! LambdaAuthorizerConfiguration(
            name: "pets",
            kind: .token,
            identitySources: [try! IdentitySource("method.request.header.Authorization")],
            validationExpression: regex,
            resultTTLSeconds: ttl
        )
    }

    /// What the AWS blueprint does: a policy scoped to the one method it was called for.
    static func scopedToMethod() -> ScriptedFunction {
        ScriptedFunction { event throws(FunctionFailure) in
            guard let object = try? JSONSerialization.jsonObject(with: Data(event)) as? [String: Any],
                let arn = object["methodArn"] as? String, let token = object["authorizationToken"] as? String
            else { throw .raised("bad event") }
            if token == "Bearer expired" { throw .raised("Unauthorized") }
            var policy = AuthPolicy(principalId: "user|alice", awsAccountId: "123456789012")
            policy.restApiId = "abc123"
            policy.region = "us-east-1"
            policy.stage = "prod"
            let parts = arn.split(separator: "/", maxSplits: 3).map(String.init)
            let verb = AuthPolicy.HTTPVerb(rawValue: parts[2])!
            if token == "Bearer deny" {
                try! policy.denyMethod(verb, parts.count > 3 ? parts[3] : "")
            } else {
                try! policy.allowMethod(verb, parts.count > 3 ? parts[3] : "")
            }
            policy.context = [("tenant", .string("t1")), ("level", .integer(3)), ("admin", .bool(false))]
            return try! policy.build().serializedBytes
        }
    }
}

@Suite("Lambda authorizers: contracts, cache, errors")
struct LambdaAuthorizerTests {
    @Test func tokenEventIsExactAndAllowCarriesContext() async throws {
        let authorizer = LambdaAuthorizer(
            configuration: LambdaFixture.token(),
            function: LambdaFixture.scopedToMethod()
        )
        let evaluation = await authorizer.authorize(LambdaFixture.request(), now: 0)
        #expect(
            evaluation.event?.serialized
                == #"{"type":"TOKEN","authorizationToken":"Bearer good","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42"}"#
        )
        let grant = try evaluation.outcome.get()
        #expect(grant.principalId == "user|alice")
        #expect(grant.context.map(\.0) == ["tenant", "level", "admin"])
    }

    /// The commonest authorizer bug is AWS behaviour: a policy scoped to the first method, cached,
    /// then a 403 on another method. Gatehouse reproduces it — and a cached Deny for one method
    /// never blocks another.
    @Test func cachedResultIsJudgedPerMethod() async throws {
        let function = LambdaFixture.scopedToMethod()
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: function)
        let first = await authorizer.authorize(LambdaFixture.request("GET", "/pets/42"), now: 100)
        #expect((try? first.outcome.get()) != nil)
        let other = await authorizer.authorize(LambdaFixture.request("POST", "/pets"), now: 101)
        #expect(other.cacheHit)
        guard case .failure(let denial) = other.outcome else {
            Issue.record("a cached Allow for GET leaked to POST")
            return
        }
        #expect(denial.kind == .implicitDeny)
        #expect(denial.status == 403 && denial.body == #"{"Message":"User is not authorized to access this resource"}"#)
        #expect(function.calls.load(ordering: .relaxed) == 1)

        let denier = LambdaAuthorizer(configuration: LambdaFixture.token(), function: LambdaFixture.scopedToMethod())
        let denied = await denier.authorize(LambdaFixture.request("DELETE", "/pets/1", token: "Bearer deny"), now: 0)
        guard case .failure(let explicit) = denied.outcome else { Issue.record("deny allowed"); return }
        #expect(explicit.kind == .explicitDeny)
        // The text recorded since 2024 (reference/gateway.md); the older one ended at "explicit deny".
        #expect(
            explicit.body
                == #"{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}"#
        )
        let elsewhere = await denier.authorize(LambdaFixture.request("GET", "/pets/1", token: "Bearer deny"), now: 1)
        #expect(elsewhere.cacheHit)
        guard case .failure(let notBlocked) = elsewhere.outcome else { Issue.record("deny became allow"); return }
        #expect(notBlocked.kind == .implicitDeny)  // the cached Deny is for DELETE only
    }

    @Test func ttlExpiresAndZeroDisables() async {
        let function = LambdaFixture.scopedToMethod()
        let cached = LambdaAuthorizer(configuration: LambdaFixture.token(ttl: 60), function: function)
        _ = await cached.authorize(LambdaFixture.request(), now: 0)
        _ = await cached.authorize(LambdaFixture.request(), now: 59)
        let expired = await cached.authorize(LambdaFixture.request(), now: 60)
        #expect(!expired.cacheHit)
        #expect(function.calls.load(ordering: .relaxed) == 2)

        let uncached = ScriptedFunction { _ throws(FunctionFailure) in
            #"{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}}"#
                .utf8.map { $0 }
        }
        let off = LambdaAuthorizer(configuration: LambdaFixture.token(ttl: 0), function: uncached)
        _ = await off.authorize(LambdaFixture.request(), now: 0)
        let again = await off.authorize(LambdaFixture.request(), now: 0)
        #expect(!again.cacheHit && again.cacheKey == nil)
        #expect(uncached.calls.load(ordering: .relaxed) == 2)
        #expect(throws: AuthorizerConfigurationError.self) {
            try LambdaAuthorizerConfiguration(
                name: "x",
                kind: .token,
                identitySources: [.header("A")],
                resultTTLSeconds: 3601
            )
        }
    }

    @Test func identityAndRegexFailuresAre401WithoutInvoking() async {
        let function = LambdaFixture.scopedToMethod()
        let authorizer = LambdaAuthorizer(
            configuration: LambdaFixture.token(regex: "^Bearer [-0-9a-zA-Z._]+$"),
            function: function
        )
        for request in [
            LambdaFixture.request(token: nil), LambdaFixture.request(token: ""),
            LambdaFixture.request(token: "Basic x"),
        ] {
            let evaluation = await authorizer.authorize(request, now: 0)
            guard case .failure(let denial) = evaluation.outcome else { Issue.record("allowed"); continue }
            #expect(denial.status == 401 && denial.body == #"{"message":"Unauthorized"}"#)
            #expect(denial.errorType == "UnauthorizedException")
        }
        #expect(function.calls.load(ordering: .relaxed) == 0)
    }

    @Test func unauthorizedErrorIs401AndNotCached() async {
        let function = LambdaFixture.scopedToMethod()
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: function)
        for _ in 0..<2 {
            let evaluation = await authorizer.authorize(LambdaFixture.request(token: "Bearer expired"), now: 0)
            guard case .failure(let denial) = evaluation.outcome else { Issue.record("allowed"); continue }
            #expect(denial.kind == .unauthorized)
        }
        #expect(function.calls.load(ordering: .relaxed) == 2)
    }

    @Test(
        "bad output is AWS's 500, never an Allow, never cached",
        arguments: [
            "not json", "[]", #"{"policyDocument":{"Version":"2012-10-17","Statement":[]}}"#,
            #"{"principalId":"p"}"#, #"{"principalId":5,"policyDocument":{}}"#,
            #"{"principalId":"p","policyDocument":{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Bogus":1}}}"#,
            #"{"principalId":"p","policyDocument":{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}},"context":{"nested":{"a":1}}}"#,
            #"{"principalId":"p","policyDocument":{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}},"usageIdentifierKey":7}"#,
        ]
    )
    func badOutput(_ output: String) async {
        let function = ScriptedFunction { _ throws(FunctionFailure) in Array(output.utf8) }
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: function)
        for _ in 0..<2 {
            let evaluation = await authorizer.authorize(LambdaFixture.request(), now: 0)
            guard case .failure(let denial) = evaluation.outcome else { Issue.record("allowed: \(output)"); continue }
            #expect(denial.status == 500 && denial.body == #"{"message":null}"#)  // 16 bytes, as recorded
            #expect(denial.errorType == "AuthorizerConfigurationException")
        }
        #expect(function.calls.load(ordering: .relaxed) == 2)
    }

    @Test func failuresOfTheRunnerAre500() async {
        for failure in [
            FunctionFailure.timedOut(.seconds(1)), .crashed("signal 9"), .outputTooLarge(10), .transport("refused"),
            .raised("boom"),
        ] {
            let authorizer = LambdaAuthorizer(
                configuration: LambdaFixture.token(),
                function: ScriptedFunction { _ throws(FunctionFailure) in throw failure }
            )
            let evaluation = await authorizer.authorize(LambdaFixture.request(), now: 0)
            guard case .failure(let denial) = evaluation.outcome else { Issue.record("allowed"); continue }
            #expect(denial.status == 500, "\(failure)")
            #expect(denial.reason.contains(failure.description))
        }
    }

    @Test func httpAPISimpleResponsesAndPayload2() async throws {
        let configuration = try LambdaAuthorizerConfiguration(
            name: "simple",
            kind: .httpAPI(payloadVersion: "2.0", simpleResponses: true),
            identitySources: [
                try IdentitySource("$request.header.Authorization"), try IdentitySource("$context.routeKey"),
            ]
        )
        for (body, allowed, status) in [
            (#"{"isAuthorized":true,"context":{"tags":["a"]}}"#, true, 0), (#"{"isAuthorized":false}"#, false, 403),
            (#"{"isAuthorized":"false"}"#, false, 500), (#"{"isAuthorized":0}"#, false, 500),
        ] {
            let function = ScriptedFunction { _ throws(FunctionFailure) in Array(body.utf8) }
            let evaluation = await LambdaAuthorizer(configuration: configuration, function: function)
                .authorize(LambdaFixture.request(), now: 0)
            switch evaluation.outcome {
            case .success: #expect(allowed, "\(body)")
            case .failure(let denial):
                #expect(!allowed && denial.status == status, "\(body)")
                if status == 403 { #expect(denial.body == #"{"message":"Forbidden"}"#) }
            }
            let event = try #require(evaluation.event?.serialized)
            #expect(event.hasPrefix(#"{"version":"2.0","type":"REQUEST","routeArn":"#))
            #expect(event.contains(#""identitySource":["Bearer good","$default"]"#))
            #expect(event.contains(#""time":"15/Jan/2026:10:00:00 +0000""#))
        }
    }

    @Test func requestEventCarriesHeadersQueryAndContext() async throws {
        let configuration = try LambdaAuthorizerConfiguration(
            name: "req",
            kind: .request,
            identitySources: [
                try IdentitySource("method.request.header.Authorization"),
                try IdentitySource("method.request.querystring.q"),
            ]
        )
        let function = LambdaFixture.scopedToMethod()
        let evaluation = await LambdaAuthorizer(
            configuration: configuration,
            function: ScriptedFunction { _ throws(FunctionFailure) in
                Array(
                    #"{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*"}]}}"#
                        .utf8
                )
            }
        ).authorize(LambdaFixture.request(), now: 0)
        _ = function
        let event = try #require(evaluation.event?.serialized)
        #expect(event.contains(#""multiValueQueryStringParameters":{"q":["1","2"]}"#))
        #expect(event.contains(#""queryStringParameters":{"q":"2"}"#))
        #expect(
            event.contains(#""requestContext":{"resourcePath":"/pets/{id}","httpMethod":"GET","path":"/prod/pets/42""#)
        )
        #expect(evaluation.identityValues == ["Bearer good", "1,2"])
        #expect((try? evaluation.outcome.get()) != nil)
    }

    @Test func authPolicyMatchesTheBlueprint() throws {
        var policy = AuthPolicy(principalId: "u", awsAccountId: "123456789012")
        policy.restApiId = "abc123"
        try policy.allowMethod(.get, "/pets/*")
        try policy.allowMethodWithConditions(
            .post,
            "/pets",
            conditions: .members([("IpAddress", .members([("aws:SourceIp", .string("10.0.0.0/8"))]))])
        )
        try policy.denyMethod(.delete, "*")
        #expect(throws: AuthPolicy.InvalidResource.self) { try policy.allowMethod(.get, "/pets?x=1") }
        let json = try policy.build().serialized
        #expect(json.contains(#""Resource":["arn:aws:execute-api:*:123456789012:abc123/*/GET/pets/*"]"#))
        #expect(json.contains(#""Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#))
        #expect(!json.contains(#""Resource":[]"#))
        // What it emits loads as a policy and decides as intended.
        let result = try AuthorizerResult.parse(Array(json.utf8), configuration: LambdaFixture.token())
        #expect((try? result.judge(methodArn: "\(LambdaFixture.api)/prod/GET/pets/1", httpAPI: false).get()) != nil)
        #expect(throws: AuthorizerDenial.self) {
            try result.judge(methodArn: "\(LambdaFixture.api)/prod/DELETE/pets/1", httpAPI: false).get()
        }
        #expect(throws: AuthPolicy.EmptyPolicy.self) { try AuthPolicy(principalId: "u", awsAccountId: "1").build() }
    }
}

@Suite("Local command runner")
struct LocalCommandFunctionTests {
    static func script(_ body: String) -> [String] { ["python3", "-c", body] }

    @Test func echoesAndMapsFailures() async throws {
        let echo = LocalCommandFunction(arguments: Self.script("import sys; sys.stdout.write(sys.stdin.read())"))
        #expect(try await echo.invoke(Array("{\"a\":1}".utf8), timeout: .seconds(10)) == Array("{\"a\":1}".utf8))

        let unauthorized = LocalCommandFunction(
            arguments: Self.script("import json, sys; print(json.dumps({'errorMessage': 'Unauthorized'})); sys.exit(1)")
        )
        await #expect(throws: FunctionFailure.raised("Unauthorized")) {
            try await unauthorized.invoke([], timeout: .seconds(10))
        }

        let raising = LocalCommandFunction(arguments: Self.script("raise Exception('Unauthorized')"))
        await #expect(throws: FunctionFailure.self) { try await raising.invoke([], timeout: .seconds(10)) }

        // Timed on a thread of its own, not the shared test pool (see DedicatedExecutor).
        let slow = LocalCommandFunction(arguments: Self.script("import time; time.sleep(30)"))
        let elapsed = await DedicatedExecutor.timedTests.run {
            let started = ContinuousClock.now
            await #expect(throws: FunctionFailure.timedOut(.milliseconds(300))) {
                try await slow.invoke([], timeout: .milliseconds(300))
            }
            return ContinuousClock.now - started
        }
        #expect(elapsed < .seconds(5), "took \(elapsed)")

        let chatty = LocalCommandFunction(
            arguments: Self.script("import sys; sys.stdout.write('x' * 5000000)"),
            maxOutputBytes: 1000
        )
        await #expect(throws: FunctionFailure.outputTooLarge(1000)) {
            try await chatty.invoke([], timeout: .seconds(10))
        }

        let missing = LocalCommandFunction(arguments: ["/nonexistent/authorizer"])
        await #expect(throws: FunctionFailure.self) { try await missing.invoke([], timeout: .seconds(5)) }
    }
}

@Suite("Blueprint policies in Policies/blueprints")
struct BlueprintPolicyTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies/blueprints")

    /// The file is exactly what the Swift AuthPolicy builder emits for the operations its README lists.
    @Test func authPolicyEmitsTheCommittedDocument() throws {
        var policy = AuthPolicy(principalId: "user|a1b2c3d4", awsAccountId: "123456789012")
        policy.region = "us-east-1"
        policy.restApiId = "abc123"
        policy.stage = "prod"
        try policy.allowMethodWithConditions(
            .post,
            "/pets",
            conditions: .members([("IpAddress", .members([("aws:SourceIp", .string("203.0.113.0/24"))]))])
        )
        try policy.allowMethod(.get, "/pets")
        try policy.allowMethod(.get, "/pets/*")
        try policy.denyMethod(.delete, "*")
        policy.context = [("tenant", .string("t1")), ("level", .integer(3)), ("admin", .bool(false))]
        let built = try JSONSerialization.jsonObject(with: Data(try policy.build().serializedBytes)) as? NSDictionary
        let committed =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.folder.appendingPathComponent("authpolicy-methods.json"))
            ) as? NSDictionary
        #expect(built == committed)
    }

    /// Every committed response parses as API Gateway would accept it, and its policy is lint-clean.
    @Test func everyBlueprintResponseIsValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".json")
        }
        #expect(files.count >= 3)
        for file in files {
            let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(file)))
            _ = try AuthorizerResult.parse(bytes, configuration: LambdaFixture.token())
            let object = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
            let document = try JSONSerialization.data(withJSONObject: object["policyDocument"]!)
            let report = PolicyLinter.lint(Array(document), kind: .identity)
            #expect(report.findings.isEmpty, "\(file): \(report.findings)")
        }
    }
}
