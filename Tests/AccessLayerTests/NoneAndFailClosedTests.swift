import AccessLayer
import GatehouseCore
import HTTPTypes
import SigV4
import Testing

/// `NONE` with and without a resource policy, the step seam, and failing closed.
@Suite("Access layer: NONE, steps, failing closed")
struct NoneAndFailClosedTests {
    static let openPolicy = try! APIResourcePolicy(
        json: """
            {"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"\(Fixture.arn("GET", "public*"))"},
            {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"\(Fixture.arn("GET", "public/secret"))"}]}
            """
    )

    static func resourceText(_ path: String, _ ending: String) -> String {
        AccessDenial.capitalMessage(
            "User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                + Fixture.maskedArn("GET", path) + ending
        )
    }

    @Test("NONE without a resource policy lets everyone in")
    func open() async throws {
        let grant = try #require(
            await Fixture.layer().decide(Fixture.request(.get, "/anything"), method: MethodAccess()).grant
        )
        #expect(grant.authorizationType == "NONE")
        #expect(grant.identity.caller == nil)
        #expect(grant.identity.sourceIp == "203.0.113.7")
    }

    @Test(
        "NONE with a resource policy: it must allow",
        arguments: [
            ("/public", nil),
            ("/public/secret", resourceText("public/secret", " with an explicit deny in a resource-based policy")),
            (
                "/private",
                resourceText("private", " because no resource-based policy allows the execute-api:Invoke action")
            ),
        ] as [(String, String?)]
    )
    func resourcePolicy(path: String, body: String?) async throws {
        let decision = await Fixture.layer().decide(
            Fixture.request(.get, path),
            method: MethodAccess(resourcePolicy: Self.openPolicy)
        )
        if let body {
            let denial = try #require(decision.denial)
            #expect(denial.status == 403)
            #expect(denial.body == body)
            #expect(denial.errorType == "AccessDeniedException")
        } else {
            #expect(decision.isAllowed, "\(decision.reason)")
        }
    }

    @Test(
        "a resource policy's conditions read the request's keys",
        arguments: [("203.0.113.9", true), ("198.51.100.9", false)]
    )
    func resourcePolicyConditions(sourceIp: String, allowed: Bool) async throws {
        let policy = try APIResourcePolicy(
            json: """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",
                "Resource":"\(Fixture.arn("GET", "*"))","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},
                "Bool":{"aws:SecureTransport":"true"}}}]}
                """
        )
        let decision = await Fixture.layer().decide(
            Fixture.request(.get, "/x", sourceIp: sourceIp),
            method: MethodAccess(resourcePolicy: policy)
        )
        #expect(decision.isAllowed == allowed, "\(decision.reason)")
        let plain = await Fixture.layer().decide(
            Fixture.request(.get, "/x", sourceIp: sourceIp, secure: false),
            method: MethodAccess(resourcePolicy: policy)
        )
        #expect(!plain.isAllowed)
    }

    @Test("an HTTP API's policy refusal is {\"message\":\"Forbidden\"}")
    func httpForbidden() async throws {
        let denial = try #require(
            await Fixture.layer().decide(
                Fixture.request(.get, "/private"),
                method: MethodAccess(resourcePolicy: Self.openPolicy, api: .http)
            ).denial
        )
        #expect(denial.body == #"{"message":"Forbidden"}"#)
    }

    struct APIKeyStep: AccessStep {
        var name: String { "api-key" }
        func check(
            _ request: AccessRequest,
            method: MethodAccess,
            grant: AccessGrant,
            now: ClockReading
        ) async throws -> AccessStepResult {
            guard let key = request.http.headerFields[HTTPField.Name("x-api-key")!] else {
                return .deny(.invalidAPIKey(reason: "no key"))
            }
            var grant = grant
            grant.apiKeyId = "id-" + key.prefix(3)
            return .proceed(grant)
        }
    }

    struct Broken: Error, CustomStringConvertible {
        var description: String { "the usage store is down" }
    }

    struct ThrowingStep: AccessStep {
        var name: String { "usage" }
        func check(
            _ request: AccessRequest,
            method: MethodAccess,
            grant: AccessGrant,
            now: ClockReading
        ) async throws
            -> AccessStepResult
        { throw Broken() }
    }

    @Test("apiKeyRequired without a step that admits a key is refused")
    func apiKeyWithoutStep() async throws {
        let denial = try #require(
            await Fixture.layer().decide(Fixture.request(.get, "/x"), method: MethodAccess(apiKeyRequired: true)).denial
        )
        #expect(denial.status == 403)
        #expect(denial.body == #"{"message":"Forbidden"}"#)
        #expect(denial.errorType == "ForbiddenException")
    }

    @Test("a step admits a key, or refuses")
    func apiKeyStep() async throws {
        let layer = Fixture.layer(steps: [APIKeyStep()])
        let method = MethodAccess(apiKeyRequired: true)
        let grant = try #require(
            await layer.decide(Fixture.request(.get, "/x", headers: [("x-api-key", "abcdef")]), method: method).grant
        )
        #expect(grant.apiKeyId == "id-abc")
        #expect(
            await layer.decide(Fixture.request(.get, "/x"), method: method).denial?.errorType == "ForbiddenException"
        )
    }

    @Test("steps run after authorization: a 401 comes before any key check")
    func order() async throws {
        let layer = Fixture.layer(steps: [APIKeyStep()])
        let denial = try #require(
            await layer.decide(
                Fixture.request(.get, "/x"),
                method: MethodAccess(authorization: .awsIAM, apiKeyRequired: true)
            ).denial
        )
        #expect(denial.errorType == "MissingAuthenticationTokenException")
    }

    @Test("a step that throws denies with a 500")
    func throwingStep() async throws {
        let denial = try #require(
            await Fixture.layer(steps: [ThrowingStep()]).decide(Fixture.request(.get, "/x"), method: MethodAccess())
                .denial
        )
        #expect(denial.status == 500)
        #expect(denial.body == #"{"message": "Internal server error"}"#)
        #expect(denial.errorType == "InternalServerErrorException")
        #expect(denial.reason.contains("the usage store is down"))
    }

    struct FailingStore: SigV4CredentialStore {
        func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential? { throw Broken() }
    }

    @Test("a credential store that fails denies")
    func failingStore() async throws {
        let decision = await Fixture.layer(store: FailingStore()).decide(
            Fixture.signed(Fixture.alice, "GET", "/pets/1"),
            method: MethodAccess(authorization: .awsIAM)
        )
        let denial = try #require(decision.denial)
        #expect(denial.status >= 500)
    }

    @Test("a store that hands out a role as a caller denies")
    func roleAsCaller() async throws {
        let store = StaticCredentialStore([
            SigV4StoredCredential(
                credentials: Fixture.alice.credentials,
                principal: try Principal(arn: Fixture.roleArn)
            )
        ])
        let denial = try #require(
            await Fixture.layer(store: store).decide(
                Fixture.signed(Fixture.alice, "GET", "/pets/1"),
                method: MethodAccess(authorization: .awsIAM)
            ).denial
        )
        #expect(denial.status == 500)
    }

    @Test("the method ARN is the concrete path after the prefix")
    func methodArn() {
        let request = Fixture.request(.delete, "/pets/42")
        #expect(request.methodArn == Fixture.arn("DELETE", "pets/42"))
        #expect(request.path == "/pets/42")
        #expect(Fixture.request(.get, "").methodArn == Fixture.arn("GET", ""))
    }
}
