import AccessLayer
import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy
import Testing

/// `CUSTOM`: Lambda authorizers through the Swift runner and the local-command runner, with the
/// resource policy's phase 1 before them (reference/iam.md §6.3).
@Suite("Access layer: Lambda authorizers")
struct LambdaAccessTests {
    /// Allows `GET /pets/*` for principal `user-1` with a context; denies `GET /private`;
    /// `fail` fails; `unauthorized` raises Unauthorized.
    static func response(for event: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: event, as: UTF8.self)
        if text.contains("\"Bearer fail\"") { throw FunctionFailure.crashed("boom") }
        if text.contains("\"Bearer unauthorized\"") { throw FunctionFailure.raised("Unauthorized") }
        let allow = Fixture.arn("GET", "pets/*")
        let deny = Fixture.arn("GET", "private")
        return Array(
            """
            {"principalId":"user-1","policyDocument":{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"execute-api:Invoke","Resource":"\(allow)"},
            {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"\(deny)"}]},
            "context":{"tenant":"t1","level":3}}
            """.utf8
        )
    }

    static func tokenAuthorizer(_ counter: InvocationCounter, ttl: Int = 0) throws -> LambdaAuthorizer {
        LambdaAuthorizer(
            configuration: try LambdaAuthorizerConfiguration(
                name: "tokens",
                kind: .token,
                identitySources: [.header("Authorization")],
                resultTTLSeconds: ttl
            ),
            function: NativeAuthorizerFunction { event in
                counter.increment()
                return try response(for: event)
            }
        )
    }

    static let denyPrivate = try! APIResourcePolicy(
        json: """
            {"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"\(Fixture.arn("GET", "blocked"))"}]}
            """
    )

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var path: String
        var token: String?
        var status: Int?
        var body: String?
        var errorType: String?
        var invocations: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "authorizer allows", path: "/pets/1", token: "Bearer good", invocations: 1),
        Case(
            name: "authorizer's policy denies",
            path: "/private",
            token: "Bearer good",
            status: 403,
            body: AccessDenial.capitalMessage(
                "User is not authorized to access this resource with an explicit deny in an identity-based policy"
            ),
            errorType: "AccessDeniedException",
            invocations: 1
        ),
        Case(
            name: "authorizer's policy silent",
            path: "/other",
            token: "Bearer good",
            status: 403,
            body: AccessDenial.capitalMessage("User is not authorized to access this resource"),
            errorType: "AccessDeniedException",
            invocations: 1
        ),
        Case(
            name: "no token: 401 without invoking",
            path: "/pets/1",
            token: nil,
            status: 401,
            body: #"{"message":"Unauthorized"}"#,
            errorType: "UnauthorizedException",
            invocations: 0
        ),
        Case(
            name: "function raises Unauthorized",
            path: "/pets/1",
            token: "Bearer unauthorized",
            status: 401,
            body: #"{"message":"Unauthorized"}"#,
            errorType: "UnauthorizedException",
            invocations: 1
        ),
        Case(
            name: "function fails: 500",
            path: "/pets/1",
            token: "Bearer fail",
            status: 500,
            body: #"{"message":null}"#,
            errorType: "AuthorizerConfigurationException",
            invocations: 1
        ),
        Case(
            name: "resource policy denies before the authorizer runs",
            path: "/blocked",
            token: "Bearer good",
            status: 403,
            body: AccessDenial.capitalMessage(
                "User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                    + Fixture.maskedArn("GET", "blocked") + " with an explicit deny in a resource-based policy"
            ),
            errorType: "AccessDeniedException",
            invocations: 0
        ),
    ]

    @Test(arguments: cases)
    func decides(_ testCase: Case) async throws {
        let counter = InvocationCounter()
        let method = MethodAccess(
            authorization: .custom(try Self.tokenAuthorizer(counter)),
            resourcePolicy: Self.denyPrivate
        )
        let request = Fixture.request(
            .get,
            testCase.path,
            headers: testCase.token.map { [("Authorization", $0)] } ?? []
        )
        let decision = await Fixture.layer().decide(request, method: method)
        #expect(counter.value == testCase.invocations)
        if let status = testCase.status {
            let denial = try #require(decision.denial, "\(decision.reason)")
            #expect(denial.status == status)
            #expect(denial.body == testCase.body)
            #expect(denial.errorType == testCase.errorType)
            if let token = testCase.token { #expect(!denial.reason.contains(token)) }
        } else {
            let grant = try #require(decision.grant, "\(decision.reason)")
            let output = try #require(grant.authorizer)
            #expect(output.principalId == "user-1")
            #expect(output.context.map(\.0) == ["tenant", "level"])
            #expect(output.context.first.map { text($0.1) } == "t1")
            #expect(grant.identity.caller == nil)
            #expect(grant.authorizationType == "CUSTOM")
        }
    }

    /// reference/iam.md §6.3, Table A: the authorizer's policy silent for the method and the
    /// resource policy allowing → Allow, with what the authorizer returned; its explicit Deny
    /// still refuses; from the cache as from the function.
    @Test("an authorizer silent for the method, a resource policy that allows: allowed (Table A), also from the cache")
    func silentAuthorizerWithResourceAllow() async throws {
        let counter = InvocationCounter()
        let allowAll = try APIResourcePolicy(
            json: """
                {"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"\(Fixture.arn("*", "*"))"}]}
                """
        )
        let method = MethodAccess(
            authorization: .custom(try Self.tokenAuthorizer(counter, ttl: 300)),
            resourcePolicy: allowAll
        )
        let layer = Fixture.layer()
        let headers = [("Authorization", "Bearer good")]
        for _ in 0..<2 {
            let silent = await layer.decide(Fixture.request(.get, "/other", headers: headers), method: method)
            let grant = try #require(silent.grant, "\(silent.reason)")
            #expect(grant.authorizer?.principalId == "user-1")
            #expect(grant.authorizer?.context.first.map { text($0.1) } == "t1")
            #expect(silent.reason.contains("silent for the method, the resource policy allows"))
            let denied = await layer.decide(Fixture.request(.get, "/private", headers: headers), method: method)
            #expect(denied.denial?.status == 403)
        }
        #expect(counter.value == 1)
        // Without the resource policy's Allow the same silence refuses.
        let alone = MethodAccess(authorization: .custom(try Self.tokenAuthorizer(counter, ttl: 300)))
        #expect(
            await layer.decide(Fixture.request(.get, "/other", headers: headers), method: alone).denial?.status == 403
        )
    }

    @Test("a cached result is re-judged per method ARN without invoking again")
    func cached() async throws {
        let counter = InvocationCounter()
        let method = MethodAccess(authorization: .custom(try Self.tokenAuthorizer(counter, ttl: 300)))
        let layer = Fixture.layer()
        let headers = [("Authorization", "Bearer good")]
        #expect(await layer.decide(Fixture.request(.get, "/pets/1", headers: headers), method: method).isAllowed)
        let second = await layer.decide(Fixture.request(.get, "/pets/2", headers: headers), method: method)
        #expect(second.grant?.authorizer?.cacheHit == true)
        #expect(
            await layer.decide(Fixture.request(.get, "/private", headers: headers), method: method).denial?.status
                == 403
        )
        #expect(counter.value == 1)
    }

    @Test("a REQUEST authorizer through the local-command runner")
    func localCommand() async throws {
        let allow = Fixture.arn("GET", "pets/*")
        let script = """
            cat >/dev/null
            printf '%s' '{"principalId":"cmd-user","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"\(allow)"}]},"context":{"via":"sh"}}'
            """
        let authorizer = LambdaAuthorizer(
            configuration: try LambdaAuthorizerConfiguration(
                name: "shell",
                kind: .request,
                identitySources: [.header("X-Tenant")],
                resultTTLSeconds: 0
            ),
            function: LocalCommandFunction(arguments: ["/bin/sh", "-c", script]),
            timeout: .seconds(10)
        )
        let method = MethodAccess(authorization: .custom(authorizer))
        let decision = await Fixture.layer().decide(
            Fixture.request(.get, "/pets/9", headers: [("X-Tenant", "t9")]),
            method: method
        )
        let grant = try #require(decision.grant, "\(decision.reason)")
        #expect(grant.authorizer?.principalId == "cmd-user")
        #expect(grant.authorizer?.context.first.map { text($0.1) } == "sh")
        let outside = await Fixture.layer().decide(
            Fixture.request(.post, "/pets/9", headers: [("X-Tenant", "t9")]),
            method: method
        )
        #expect(outside.denial?.body == AccessDenial.capitalMessage("User is not authorized to access this resource"))
    }
}
