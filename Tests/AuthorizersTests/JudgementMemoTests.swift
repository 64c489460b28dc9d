import Authorizers
import Foundation
import GatehouseCore
import IAMPolicy
import Testing

/// The result cache remembers how a context-free policy judged each method ARN. These tests pin
/// what must not change because of it: every ARN is still judged on its own, a policy with
/// conditions is judged on every hit, and a re-stored entry starts with no judgements.
@Suite("Authorizer cache: remembered judgements")
struct JudgementMemoTests {
    static func respond(_ policy: String) -> ScriptedFunction {
        let body = #"{"principalId":"alice","policyDocument":\#(policy)}"#
        return ScriptedFunction { _ throws(FunctionFailure) in Array(body.utf8) }
    }

    static let k = AuthorizerResultCache.Key(authorizer: "a", stage: "s", identityValues: ["k"])

    static let getOnly =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/*"}]}"#

    @Test func rememberedAllowStaysPerMethod() async throws {
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: Self.respond(Self.getOnly))
        for round in 0..<3 {
            let get = await authorizer.authorize(
                LambdaFixture.request("GET"),
                now: .fixed(Timestamp(secondsSince1970: Int64(round)))
            )
            let post = await authorizer.authorize(
                LambdaFixture.request("POST"),
                now: .fixed(Timestamp(secondsSince1970: Int64(round)))
            )
            guard case .success = get.outcome else {
                Issue.record("GET denied in round \(round)")
                continue
            }
            guard case .failure(let denial) = post.outcome else {
                Issue.record("a remembered Allow for GET answered POST in round \(round)")
                continue
            }
            #expect(denial.kind == .implicitDeny)
            #expect(round == 0 ? !get.cacheHit : get.cacheHit)
        }
    }

    /// A repeated hit hands out the evaluation the cache keeps for the method ARN; changing the
    /// copy a caller got (as the gateway may, to attach its own details) never changes what the
    /// next request is told.
    @Test func handedOutEvaluationIsTheCallersOwn() async throws {
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: Self.respond(Self.getOnly))
        _ = await authorizer.authorize(LambdaFixture.request("GET"), now: 0)  // stores the result
        var first = await authorizer.authorize(LambdaFixture.request("GET"), now: 1)  // judges, remembers
        #expect(first.cacheHit && first.cacheKey != nil)
        first.outcome = .failure(AuthorizerDenial(.explicitDeny, reason: "changed by the caller"))
        first.cacheHit = false
        first.response = Array("changed".utf8)
        let second = await authorizer.authorize(LambdaFixture.request("GET"), now: 2)  // remembered
        #expect(second.cacheHit && second.response == nil && second.cacheKey == first.cacheKey)
        guard case .success(let grant) = second.outcome else {
            Issue.record("the caller's change reached the cache: \(second)")
            return
        }
        #expect(grant.principalId == "alice")
        #expect(second.identityValues == first.identityValues && !second.identityValues.isEmpty)
    }

    /// A policy that reads the context (here the source address) is never answered from memory.
    @Test func conditionalPolicyIsJudgedOnEveryHit() async throws {
        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: Self.respond(policy))
        var inside = LambdaFixture.request()
        inside.sourceIp = "10.1.2.3"
        var outside = LambdaFixture.request()
        outside.sourceIp = "192.0.2.1"
        for _ in 0..<3 {
            let allowed = await authorizer.authorize(inside, now: 1)
            let refused = await authorizer.authorize(outside, now: 1)
            if case .failure = allowed.outcome { Issue.record("10.1.2.3 refused") }
            if case .success = refused.outcome { Issue.record("a remembered Allow answered 192.0.2.1") }
        }
    }

    /// A judgement remembered for one stored result never answers for the result stored after it.
    @Test func restoredEntryForgetsJudgements() throws {
        let cache = AuthorizerResultCache()
        let configuration = LambdaFixture.token()
        let allow = try AuthorizerResult.parse(
            Array(#"{"principalId":"a","policyDocument":\#(Self.getOnly)}"#.utf8),
            configuration: configuration
        )
        let deny = try AuthorizerResult.parse(
            Array(
                #"{"principalId":"a","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}}"#
                    .utf8
            ),
            configuration: configuration
        )
        let arn = "\(LambdaFixture.api)/prod/GET/pets/42"
        cache.store(allow, for: Self.k, ttlSeconds: 60, now: 0)
        let first = try #require(cache.lookup(Self.k, methodArn: arn, now: 1))
        #expect(first.judgement == nil && first.result != nil)
        let judged = Self.grant(try #require(first.result), arn)
        cache.store(deny, for: Self.k, ttlSeconds: 60, now: 1)  // replaced before the judgement lands
        cache.remember(judged, for: Self.k, methodArn: arn, hit: first)
        let second = try #require(cache.lookup(Self.k, methodArn: arn, now: 2))
        #expect(second.judgement == nil)
        cache.remember(Self.grant(try #require(second.result), arn), for: Self.k, methodArn: arn, hit: second)
        let third = try #require(cache.lookup(Self.k, methodArn: arn, now: 3))
        guard case .failure(let denial)? = third.judgement else {
            Issue.record("the Deny's judgement was not remembered")
            return
        }
        #expect(denial.kind == .explicitDeny)
    }

    static func grant(_ result: AuthorizerResult, _ arn: String) -> AuthorizerResultCache.Judgement {
        result.judge(methodArn: arn, httpAPI: false).map { decision in
            AuthorizerGrant(principalId: result.principalId, context: [], usageIdentifierKey: nil, decision: decision)
        }
    }

    /// An entry remembers a bounded number of ARNs; past that it judges each hit afresh.
    @Test func judgementsAreBounded() async throws {
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: Self.respond(Self.getOnly))
        let count = AuthorizerResultCache.judgementsPerEntry + 10
        for index in 0..<count {
            let evaluation = await authorizer.authorize(LambdaFixture.request("GET", "/pets/\(index)"), now: 1)
            if case .failure = evaluation.outcome { Issue.record("GET /pets/\(index) denied") }
        }
        let post = await authorizer.authorize(LambdaFixture.request("POST", "/pets/1"), now: 1)
        if case .success = post.outcome { Issue.record("POST allowed") }
    }

    @Test(arguments: [
        ("bench", "prod", ["Bearer x"], "5:bench4:prod8:Bearer x"),
        ("", "", [""], "0:0:0:"),
        ("a", "b", ["0123456789"], "1:a1:b10:0123456789"),
        ("é", "s", ["x", "y"], "2:%C3%A91:s1:x1:y"),
        ("a%b", "s", ["100%"], "3:a%25b1:s4:100%25"),
        ("a", "s", ["x\ny\u{1B}[2J\u{7F}\t"], "1:a1:s9:x%0Ay%1B[2J%7F%09"),
    ])
    func cacheKeyFormat(_ authorizer: String, _ stage: String, _ values: [String], _ expected: String) {
        #expect(
            AuthorizerResultCache.Key(authorizer: authorizer, stage: stage, identityValues: values).text == expected
        )
    }

    /// Keys are compared part by part, so parts never run into each other: moving a byte from one
    /// part to the next, or a value from the identity into the stage, makes another key; equal
    /// keys hash alike wherever their strings come from; the description shows no token.
    @Test func cacheKeyPartsStayApart() {
        typealias Key = AuthorizerResultCache.Key
        let base = Key(authorizer: "a", stage: "s", identityValues: ["ab", "c"])
        let others = [
            Key(authorizer: "a", stage: "s", identityValues: ["a", "bc"]),
            Key(authorizer: "a", stage: "s", identityValues: ["abc"]),
            Key(authorizer: "a", stage: "s", identityValues: ["ab", "c", ""]),
            Key(authorizer: "a", stage: "sab", identityValues: ["c"]),
            Key(authorizer: "as", stage: "", identityValues: ["ab", "c"]),
            Key(authorizer: "s", stage: "a", identityValues: ["ab", "c"]),
        ]
        for other in others { #expect(base != other, "\(other.text)") }
        var distinct = Set(others)
        distinct.insert(base)
        #expect(distinct.count == others.count + 1)
        // The same text built at run time (not a literal) is the same key, with the same hash.
        let built = Key(
            authorizer: String("xa".dropFirst()),
            stage: "s",
            identityValues: [String(["a", "b"].joined()), "c"]
        )
        #expect(built == base && built.hashValue == base.hashValue)
        // Several values are kept joined; they read back as given, colons and digits included.
        for values in [["ab", "c"], ["12:x", "", "caf\u{E9}:3"], ["1", "2", "3", "4:"]] {
            #expect(Key(authorizer: "a", stage: "s", identityValues: values).identityValues == values)
        }
        // One value that reads like a joined pair is not that pair.
        #expect(
            Key(authorizer: "a", stage: "s", identityValue: "2:ab1:c")
                != Key(authorizer: "a", stage: "s", identityValues: ["ab", "c"])
        )
        #expect(
            Key(authorizer: "a", stage: "s", identityValues: ["2:ab"])
                == Key(authorizer: "a", stage: "s", identityValue: "2:ab")
        )
        let secret = Key(authorizer: "a", stage: "s", identityValues: ["Bearer eyJhbGciOiJIUzI1NiJ9.secret"])
        #expect(!secret.description.contains("eyJ") && secret.description.contains("<redacted 34 bytes>"))
    }

    @Test func cacheKeyHandlesLongValues() {
        let long = String(repeating: "t", count: 12_345)
        #expect(
            AuthorizerResultCache.Key(authorizer: "a", stage: "b", identityValues: [long]).text == "1:a1:b12345:" + long
        )
    }

    /// `String`'s `==` equates canonically equivalent text; the cache must not. Two tokens that
    /// differ in bytes but not in Unicode meaning get different entries, and a judgement for one
    /// method ARN never answers for an equivalent-looking other one.
    @Test func canonicallyEquivalentTextIsNotTheSameKeyOrARN() async throws {
        let nfc = "Bearer caf\u{E9}"
        let nfd = "Bearer cafe\u{301}"
        #expect(nfc == nfd)  // what Swift says
        #expect(
            AuthorizerResultCache.Key(authorizer: "a", stage: "s", identityValues: [nfc])
                != AuthorizerResultCache.Key(authorizer: "a", stage: "s", identityValues: [nfd])
        )

        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/caf\u00e9"}]}"#
        let authorizer = LambdaAuthorizer(configuration: LambdaFixture.token(), function: Self.respond(policy))
        let decomposed = await authorizer.authorize(LambdaFixture.request("GET", "/cafe\u{301}"), now: 1)
        if case .failure = decomposed.outcome { Issue.record("the decomposed path is allowed by the policy") }
        let composed = await authorizer.authorize(LambdaFixture.request("GET", "/caf\u{E9}"), now: 1)
        #expect(composed.cacheHit)
        guard case .failure(let denial) = composed.outcome else {
            Issue.record("the judgement for the decomposed ARN answered the composed one")
            return
        }
        #expect(denial.kind == .explicitDeny)
    }
}
