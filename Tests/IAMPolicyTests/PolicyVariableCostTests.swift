import Foundation
import IAMPolicy
import TestSupport
import Testing

/// Policy variables (`${aws:username}`) are expanded per request: n variables with a value of m
/// bytes made a pattern of n·m bytes, so a policy under the 1 MiB limit and a long context value
/// cost time and memory in their product (a 450 KB policy of `${aws:username}` with a 1,000-byte
/// name: 15 s and 375 MB). The expansion now stops once its values alone are longer than the text
/// they are compared with — such a pattern matches nothing that text could be — and the decision
/// must be the same as with the variables written out.
@Suite("Policy variable expansion cost")
struct PolicyVariableCostTests {
    static func set(_ statement: String) throws -> CompiledPolicySet {
        let json = #"{"Version": "2012-10-17", "Statement": \#(statement)}"#
        return CompiledPolicySet(
            IdentityPolicySet(identity: [
                NamedPolicy(name: "p", document: try PolicyDocument.parse(json, kind: .identity))
            ])
        )
    }

    static func condition(_ op: String, _ key: String, _ value: String) -> String {
        #"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"\#(op)": {"\#(key)": "\#(value)"}}}"#
    }

    static let operators = [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
        "StringNotLike",
    ]

    @Test("regression: 60,000 variables with a 2,000-byte value decide in bounded time", arguments: operators)
    func regression(op: String) throws {
        let value = String(repeating: "${aws:username}", count: 60_000)
        let set = try Self.set(Self.condition(op, "aws:PrincipalTag/team", value))
        let context = RequestContext([
            "aws:username": .single(String(repeating: "a", count: 2_000)),
            "aws:PrincipalTag/team": .single(String(repeating: "a", count: 4_000)),
        ])
        let started = ContinuousClock.now
        let decision = set.evaluate(AuthorizationRequest(action: "s3:GetObject", resource: "r", context: context))
        let elapsed = ContinuousClock.now - started
        // Healthy: milliseconds. Expanded whole it is a 120 MB pattern (a minute and 750 MB).
        #expect(elapsed < .seconds(5), "\(op): \(elapsed)")
        #expect(decision.isAllowed == op.contains("Not"), "\(op): \(decision.outcome)")
    }

    @Test("regression: a resource of 60,000 variables decides in bounded time")
    func resource() throws {
        let resource = "arn:aws:s3:::b/" + String(repeating: "${aws:username}", count: 60_000)
        let set = try Self.set(#"{"Effect": "Allow", "Action": "*", "Resource": "\#(resource)"}"#)
        let context = RequestContext(["aws:username": .single(String(repeating: "a", count: 2_000))])
        let started = ContinuousClock.now
        let decision = set.evaluate(
            AuthorizationRequest(action: "s3:GetObject", resource: "arn:aws:s3:::b/aaaa", context: context)
        )
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(!decision.isAllowed)
    }

    /// Random templates of text, wildcards and variables, against request values shorter than,
    /// as long as, and longer than their expansion (the bound's edge), for every string and ARN
    /// operator and the Resource element: the decision equals the one for the same policy with
    /// each variable written out as its value.
    @Test("the decision equals the written-out policy's, at every length around the bound")
    func differential() throws {
        var random = SeededRandom(seed: 0x5EED_0016)
        let alphabet: [Character] = ["a", "b", "A", "é", "K", "\u{212A}", "ß", "/", ":"]
        func word(_ length: Int) -> String { String((0..<length).map { _ in alphabet[random.below(alphabet.count)] }) }
        let arnOperators = ["ArnLike", "ArnEquals", "ArnNotLike"]
        var allowed = 0
        var denied = 0
        for round in 0..<600 {
            let user = word(random.below(4))
            let team = word(random.below(3))
            var template = ""
            var written = ""
            for _ in 0..<(1 + random.below(4)) {
                switch random.below(5) {
                case 0:
                    template += "${aws:username}"
                    written += user
                case 1:
                    template += "${aws:PrincipalTag/team}"
                    written += team
                case 2:
                    template += "*"
                    written += "*"
                default:
                    let text = word(1 + random.below(2))
                    template += text
                    written += text
                }
            }
            // Request values around the expansion's length: a prefix, the expansion (wildcards
            // as letters), and one longer.
            let plain = written.replacingOccurrences(of: "*", with: word(random.below(3)))
            let candidates = [
                String(plain.prefix(max(0, plain.count - 1))), plain, plain + word(1), plain.lowercased(),
            ]
            let context = { (value: String) in
                RequestContext([
                    "aws:username": .single(user), "aws:PrincipalTag/team": .single(team),
                    "aws:PrincipalTag/probe": .single(value),
                ])
            }
            let isArn = round % 4 == 3
            for op in isArn ? arnOperators : Self.operators {
                let prefix = isArn ? "arn:aws:s3:::" : ""
                let withVariables = try Self.set(Self.condition(op, "aws:PrincipalTag/probe", prefix + template))
                let writtenOut = try Self.set(Self.condition(op, "aws:PrincipalTag/probe", prefix + written))
                for candidate in candidates {
                    let request = AuthorizationRequest(
                        action: "s3:GetObject",
                        resource: "r",
                        context: context(prefix + candidate)
                    )
                    let outcome = withVariables.evaluate(request).outcome
                    if outcome == .allow { allowed += 1 } else { denied += 1 }
                    #expect(
                        outcome == writtenOut.evaluate(request).outcome,
                        "\(op) `\(template)` (user `\(user)`, team `\(team)`) vs `\(prefix + candidate)`"
                    )
                }
            }
            let resourceWith = try Self.set(
                #"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/\#(template)"}"#
            )
            let resourceWritten = try Self.set(
                #"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/\#(written)"}"#
            )
            for candidate in candidates {
                let request = AuthorizationRequest(
                    action: "s3:GetObject",
                    resource: "arn:aws:s3:::b/" + candidate,
                    context: context("")
                )
                #expect(
                    resourceWith.evaluate(request).outcome == resourceWritten.evaluate(request).outcome,
                    "Resource `\(template)` (user `\(user)`, team `\(team)`) vs `\(candidate)`"
                )
            }
        }
        // Both answers occur, so the comparison is not between two constant denials.
        #expect(allowed > 500 && denied > 500, "\(allowed) allowed, \(denied) denied")
    }
}
