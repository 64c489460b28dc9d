import GatehouseCore
import HTTPTypes
import IAMPolicy
import SigV4
import Testing

@testable import AccessLayer

/// `AWS_IAM`: real signatures, the principal from the store, identity policies, boundaries,
/// session policies and resource policies same- and cross-account (reference/iam.md §2, §6.3).
@Suite("Access layer: AWS_IAM")
struct IAMAccessTests {
    /// The API's resource policy in these cases: bob is granted `GET /pets/*` by name; carol
    /// (account B) is granted everything; nobody may `GET /admin*`.
    static let resourcePolicy = try! APIResourcePolicy(
        json: """
            {"Version":"2012-10-17","Statement":[
            {"Sid":"Bob","Effect":"Allow","Principal":{"AWS":"\(Fixture.bobArn)"},"Action":"execute-api:Invoke",
             "Resource":"\(Fixture.arn("GET", "pets/*"))"},
            {"Sid":"Carol","Effect":"Allow","Principal":{"AWS":"\(Fixture.carolArn)"},"Action":"execute-api:Invoke",
             "Resource":"\(Fixture.arn("*", "*"))"},
            {"Sid":"NoAdmin","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",
             "Resource":"\(Fixture.arn("GET", "admin*"))"}]}
            """
    )

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var key: Fixture.Key
        var method = "GET"
        var path: String
        var withResourcePolicy = false
        var presigned = false
        /// `nil`: allowed; else the exact body of the 403.
        var deniedBody: String?
        var testDescription: String { name }
    }

    static func identityDenied(_ caller: String, _ method: String, _ path: String, explicit: Bool = false) -> String {
        AccessDenial.capitalMessage(
            "User: \(caller) is not authorized to perform: execute-api:Invoke on resource: "
                + Fixture.maskedArn(method, path)
                + (explicit ? " with an explicit deny in an identity-based policy" : "")
        )
    }

    static func resourceDenied(_ caller: String, _ method: String, _ path: String, explicit: Bool) -> String {
        AccessDenial.capitalMessage(
            "User: \(caller) is not authorized to perform: execute-api:Invoke on resource: "
                + Fixture.maskedArn(method, path)
                + (explicit
                    ? " with an explicit deny in a resource-based policy"
                    : " because no resource-based policy allows the execute-api:Invoke action")
        )
    }

    static let cases: [Case] = [
        Case(name: "identity policy allows", key: Fixture.alice, path: "/pets/7"),
        Case(name: "presigned, identity policy allows", key: Fixture.alice, path: "/pets/7", presigned: true),
        Case(
            name: "identity policy silent",
            key: Fixture.alice,
            method: "POST",
            path: "/pets/7",
            deniedBody: identityDenied(Fixture.aliceArn, "POST", "pets/7")
        ),
        Case(
            name: "no policies at all",
            key: Fixture.bob,
            path: "/pets/7",
            deniedBody: identityDenied(Fixture.bobArn, "GET", "pets/7")
        ),
        Case(
            name: "same-account resource policy grants by name",
            key: Fixture.bob,
            path: "/pets/7",
            withResourcePolicy: true
        ),
        Case(
            name: "resource policy explicit deny beats identity allow",
            key: Fixture.bounded,
            path: "/admin",
            withResourcePolicy: true,
            deniedBody: resourceDenied("arn:aws:iam::\(Fixture.accountA):user/bounded", "GET", "admin", explicit: true)
        ),
        Case(name: "boundary allows", key: Fixture.bounded, path: "/pets/1"),
        Case(
            name: "boundary limits an identity allow",
            key: Fixture.bounded,
            method: "DELETE",
            path: "/pets/1",
            deniedBody: identityDenied("arn:aws:iam::\(Fixture.accountA):user/bounded", "DELETE", "pets/1")
        ),
        Case(name: "session policy allows", key: Fixture.session, path: "/pets/1"),
        Case(
            name: "session policy limits the role's allow",
            key: Fixture.session,
            path: "/pets/2",
            deniedBody: identityDenied(Fixture.sessionArn, "GET", "pets/2")
        ),
        Case(
            name: "cross-account without a resource policy",
            key: Fixture.carol,
            path: "/pets/1",
            deniedBody: resourceDenied(Fixture.carolArn, "GET", "pets/1", explicit: false)
        ),
        Case(
            name: "cross-account, resource policy names the caller",
            key: Fixture.carol,
            path: "/pets/1",
            withResourcePolicy: true
        ),
        Case(
            name: "cross-account, resource policy denies",
            key: Fixture.carol,
            path: "/admin",
            withResourcePolicy: true,
            deniedBody: resourceDenied(Fixture.carolArn, "GET", "admin", explicit: true)
        ),
    ]

    @Test(arguments: cases)
    func decides(_ testCase: Case) async throws {
        let layer = Fixture.layer()
        let method = MethodAccess(
            authorization: .awsIAM,
            resourcePolicy: testCase.withResourcePolicy ? Self.resourcePolicy : nil
        )
        let request = Fixture.signed(testCase.key, testCase.method, testCase.path, presigned: testCase.presigned)
        let decision = await layer.decide(request, method: method)
        if let body = testCase.deniedBody {
            let denial = try #require(decision.denial, "\(decision.reason)")
            #expect(denial.status == 403)
            #expect(denial.errorType == "AccessDeniedException")
            #expect(denial.responseType == .accessDenied)
            #expect(denial.body == body)
            #expect(!denial.reason.contains(testCase.key.secret))
        } else {
            let grant = try #require(decision.grant, "\(decision.reason)")
            #expect(grant.authorizationType == "AWS_IAM")
            #expect(grant.identity.accessKey == testCase.key.id)
            #expect(grant.identity.userArn == grant.identity.principal?.arn)
            #expect(grant.identity.sourceIp == "203.0.113.7")
        }
    }

    @Test("the grant fills requestContext.identity")
    func identity() async throws {
        let decision = await Fixture.layer().decide(
            Fixture.signed(Fixture.session, "GET", "/pets/1", headers: [("User-Agent", "tester/1.0")]),
            method: MethodAccess(authorization: .awsIAM)
        )
        let identity = try #require(decision.grant).identity
        #expect(identity.caller == "AROAREADER:s1")
        #expect(identity.user == "AROAREADER:s1")
        #expect(identity.userArn == Fixture.sessionArn)
        #expect(identity.accessKey == Fixture.session.id)
        #expect(identity.accountId == Fixture.accountA)
        #expect(identity.userAgent == "tester/1.0")
    }

    @Test("an unsigned request is 403 Missing Authentication Token")
    func unsigned() async throws {
        let decision = await Fixture.layer().decide(
            Fixture.request(.get, "/pets/1"),
            method: MethodAccess(authorization: .awsIAM)
        )
        let denial = try #require(decision.denial)
        #expect(denial.status == 403)
        #expect(denial.body == #"{"message":"Missing Authentication Token"}"#)
        #expect(denial.errorType == "MissingAuthenticationTokenException")
        #expect(denial.responseType == .missingAuthenticationToken)
    }

    @Test("a tampered signature is refused")
    func badSignature() async throws {
        let signed = Fixture.signed(Fixture.alice, "GET", "/pets/1")
        var http = signed.http
        let authorization = try #require(http.headerFields[.authorization])
        let last = authorization.last == "0" ? "1" : "0"
        http.headerFields[.authorization] = String(authorization.dropLast()) + last
        let tampered = AccessRequest(http, target: signed.target, peer: signed.peer)
        let denial = try #require(
            await Fixture.layer().decide(tampered, method: MethodAccess(authorization: .awsIAM)).denial
        )
        #expect(denial.status == 403)
        #expect(denial.errorType == "InvalidSignatureException")
        #expect(denial.body.hasPrefix(#"{"message":"The request signature we calculated does not match"#))
    }

    @Test("a signed body that changed in transit is refused")
    func changedBody() async throws {
        let signed = Fixture.signed(Fixture.alice, "GET", "/pets/1", body: Array("{\"a\":1}".utf8))
        var changed = signed
        changed.body = Array("{\"a\":2}".utf8)
        let method = MethodAccess(authorization: .awsIAM)
        #expect(await Fixture.layer().decide(signed, method: method).isAllowed)
        #expect(await Fixture.layer().decide(changed, method: method).denial?.errorType == "InvalidSignatureException")
    }

    @Test("an unknown access key is refused")
    func unknownKey() async throws {
        let stranger = Fixture.Key(id: "AKIASTRANGER0000001", secret: "x")
        let denial = try #require(
            await Fixture.layer().decide(
                Fixture.signed(stranger, "GET", "/pets/1"),
                method: MethodAccess(authorization: .awsIAM)
            ).denial
        )
        #expect(denial.status == 403)
        #expect(denial.errorType == "UnrecognizedClientException")
    }

    struct ConditionCase: CustomTestStringConvertible, Sendable {
        var name: String
        var headers: [(String, String)] = [("User-Agent", "tester/1.0"), ("Referer", "https://ref.example/")]
        var sourceIp = "203.0.113.7"
        var secure = true
        var allowed: Bool
        var testDescription: String { name }
    }

    /// One policy conditions on every global key at once; each case changes one input.
    static let conditionCases: [ConditionCase] = [
        ConditionCase(name: "every key as expected", allowed: true),
        ConditionCase(name: "IPv4-mapped peer", sourceIp: "::ffff:203.0.113.7", allowed: true),
        ConditionCase(name: "aws:SourceIp outside the range", sourceIp: "198.51.100.1", allowed: false),
        ConditionCase(name: "aws:SecureTransport false", secure: false, allowed: false),
        ConditionCase(
            name: "aws:UserAgent differs",
            headers: [("User-Agent", "other"), ("Referer", "https://ref.example/")],
            allowed: false
        ),
        ConditionCase(name: "aws:Referer missing", headers: [("User-Agent", "tester/1.0")], allowed: false),
    ]

    @Test(arguments: conditionCases)
    func conditionKeys(_ testCase: ConditionCase) async {
        let request = Fixture.signed(
            Fixture.tagged,
            "GET",
            "/cond",
            headers: testCase.headers,
            sourceIp: testCase.sourceIp,
            secure: testCase.secure
        )
        let decision = await Fixture.layer().decide(request, method: MethodAccess(authorization: .awsIAM))
        #expect(decision.isAllowed == testCase.allowed, "\(decision.reason)")
    }

    @Test("the clock decides the time keys")
    func timeKeys() async {
        let request = Fixture.signed(
            Fixture.tagged,
            "GET",
            "/cond",
            headers: [("User-Agent", "tester/1.0"), ("Referer", "https://ref.example/")]
        )
        let layer = Fixture.layer()
        let method = MethodAccess(authorization: .awsIAM)
        #expect(await layer.decide(request, method: method, now: Fixture.reading).isAllowed)
        // Past the policy's aws:EpochTime bound (and SigV4's window, which refuses first).
        let later = ClockReading.fixed(Timestamp(secondsSince1970: 1_800_000_100))
        #expect(await layer.decide(request, method: method, now: later).isAllowed == false)
    }

    @Test("combined policy sets are built once per caller and resource policy")
    func combinedOnce() async {
        let layer = Fixture.layer()
        let method = MethodAccess(authorization: .awsIAM, resourcePolicy: Self.resourcePolicy)
        for _ in 0..<3 { _ = await layer.decide(Fixture.signed(Fixture.bob, "GET", "/pets/1"), method: method) }
        _ = await layer.decide(Fixture.signed(Fixture.alice, "GET", "/pets/1"), method: method)
        #expect(layer.combinedPolicies.count == 2)
    }
}
