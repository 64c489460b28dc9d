import Foundation
import IAMPolicy
import TestSupport
import Testing

/// Condition key names are case-insensitive (reference/iam.md §4.1), so two spellings of one key
/// are one key: the same input must give the same decision on every run, whatever a dictionary's
/// order (issue 16 B10), and the refusing initializer names both spellings.
@Suite("Request context keys")
struct RequestContextTests {
    /// A key with every letter's case chosen by `mask`'s bits.
    static func spelling(_ key: String, _ random: inout SeededRandom) -> String {
        String(key.map { random.below(2) == 0 ? Character($0.lowercased()) : Character($0.uppercased()) })
    }

    static let keys: [(key: String, first: String, second: String, condition: String)] = [
        ("aws:SourceIp", "10.0.0.1", "192.0.2.1", #"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
        ("aws:PrincipalTag/team", "red", "blue", #"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#),
        ("aws:username", "alice", "bob", #"{"StringLike": {"aws:username": "a*"}}"#),
        ("aws:SecureTransport", "true", "false", #"{"Bool": {"aws:SecureTransport": "true"}}"#),
        ("aws:EpochTime", "100", "900", #"{"NumericLessThan": {"aws:EpochTime": "500"}}"#),
        (
            "execute-api:viaDomainArn", "arn:aws:execute-api:us-east-1:1:/domainnames/a+b", "x",
            #"{"StringEquals": {"execute-api:viaDomainArn": "arn:aws:execute-api:us-east-1:1:/domainnames/a+b"}}"#
        ),
    ]

    static func set(_ condition: String) throws -> CompiledPolicySet {
        let json =
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": \#(condition)}}"#
        return CompiledPolicySet(
            IdentityPolicySet(identity: [
                NamedPolicy(name: "p", document: try PolicyDocument.parse(json, kind: .identity))
            ])
        )
    }

    @Test("regression: aws:SourceIp and AWS:SOURCEIP decide the same every time")
    func regression() throws {
        let set = try Self.set(#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#)
        var outcomes = Set<Decision.Outcome>()
        for capacity in 0..<64 {
            var values: [String: RequestContext.Value] = Dictionary(minimumCapacity: capacity)
            if capacity % 2 == 0 {
                values["aws:SourceIp"] = .single("10.0.0.1")
                values["AWS:SOURCEIP"] = .single("192.0.2.1")
            } else {
                values["AWS:SOURCEIP"] = .single("192.0.2.1")
                values["aws:SourceIp"] = .single("10.0.0.1")
            }
            let request = AuthorizationRequest(action: "a:b", resource: "r", context: RequestContext(values))
            outcomes.insert(set.evaluate(request).outcome)
        }
        #expect(outcomes.count == 1)
        #expect(throws: RequestContext.DuplicateKey(first: "aws:SourceIp", second: "AWS:SOURCEIP")) {
            try RequestContext(uniqueKeys: [
                ("aws:SourceIp", .single("10.0.0.1")), ("AWS:SOURCEIP", .single("192.0.2.1")),
            ])
        }
    }

    @Test("every key: random case-variant pairs, shuffled orders, one decision or a refusal naming both")
    func sweep() throws {
        var random = SeededRandom(seed: 0xB10)
        for (key, first, second, condition) in Self.keys {
            let set = try Self.set(condition)
            var pairs: [(String, String)] = [(key.lowercased(), key.uppercased()), (key, key.uppercased())]
            for _ in 0..<24 {
                let a = Self.spelling(key, &random)
                let b = Self.spelling(key, &random)
                if a != b { pairs.append((a, b)) }
            }
            for (a, b) in pairs {
                var outcomes = Set<Decision.Outcome>()
                for round in 0..<16 {
                    // Other keys around them, in a shuffled order, into dictionaries of varied size.
                    var entries: [(String, RequestContext.Value)] = [
                        (a, .single(first)), (b, .single(second)), ("aws:RequestedRegion", .single("us-east-1")),
                        ("aws:TagKeys", .multiple(["k\(round)"])),
                    ]
                    entries.shuffle(using: &random)
                    var values: [String: RequestContext.Value] = Dictionary(minimumCapacity: random.below(40))
                    for (name, value) in entries { values[name] = value }
                    let request = AuthorizationRequest(action: "a:b", resource: "r", context: RequestContext(values))
                    outcomes.insert(set.evaluate(request).outcome)

                    do {
                        _ = try RequestContext(uniqueKeys: entries)
                        Issue.record("`\(a)` and `\(b)` were accepted together")
                    } catch {
                        let message = String(describing: error)
                        #expect(message.contains("`\(a)`") && message.contains("`\(b)`"), "\(message)")
                    }
                }
                #expect(outcomes.count == 1, "`\(a)` / `\(b)`: \(outcomes)")
            }
        }
    }

    @Test("one spelling per key is accepted, and lookups ignore case")
    func distinctKeys() throws {
        let context = try RequestContext(uniqueKeys: [
            ("aws:SourceIp", .single("10.0.0.1")), ("aws:username", .single("alice")),
        ])
        #expect(context["AWS:SOURCEIP"] == .single("10.0.0.1"))
        #expect(context["Aws:UserName"] == .single("alice"))
    }

    /// Every way a context is built, sized from a handful of keys to 32,000 (a 1 MiB
    /// `--context-file` of short keys holds more). The index past 16 keys used to be
    /// rebuilt whole on every new key, so n keys cost O(n²): 8,000 took 12 s through the CLI.
    /// Each size must be built in bounded time (healthy: under 1 s for 32,000 in a debug
    /// build), and every key must be found afterwards, also after a removal and re-adding.
    @Test(
        "building a context costs linear time in its keys",
        arguments: ["subscript", "uniqueKeys", "dictionary", "appendNew"]
    )
    func linearBuild(path: String) throws {
        for count in [17, 1_000, 4_000, 16_000, 32_000] {
            let keys = (0..<count).map { "aws:PrincipalTag/Key\($0)" }
            let started = ContinuousClock.now
            var context = RequestContext()
            switch path {
            case "subscript":
                for key in keys { context[key] = .single("v") }
            case "uniqueKeys":
                context = try RequestContext(uniqueKeys: keys.map { ($0, RequestContext.Value.single("v")) })
            case "dictionary":
                context = RequestContext(
                    Dictionary(uniqueKeysWithValues: keys.map { ($0, RequestContext.Value.single("v")) })
                )
            default:
                for key in keys { context.appendNew(lowercasedKey: key.lowercased(), .single("v")) }
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(10), "\(path), \(count) keys: \(elapsed)")
            guard elapsed < .seconds(10) else { return }
            for (position, key) in keys.enumerated() where position % 7 == 0 || position == count - 1 {
                #expect(context[key.uppercased()] == .single("v"), "\(path): `\(key)` lost")
            }
            context[keys[count / 2]] = nil
            #expect(context[keys[count / 2]] == nil)
            context[keys[count / 2]] = .single("again")
            context["aws:new"] = .single("n")
            #expect(context[keys[count / 2]] == .single("again"))
            #expect(context["AWS:NEW"] == .single("n"))
            #expect(context[keys[count - 1]] == .single("v"))
        }
    }
}
