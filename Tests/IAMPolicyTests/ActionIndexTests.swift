import Foundation
import IAMPolicy
import TestSupport
import Testing

/// The action index hashes, folds and compares eight bytes at a time. These seeded properties
/// check it against the plain definition — actions compare case-insensitively, nothing else
/// matches — over every key length around the word boundaries and over non-ASCII actions.
@Suite("Action index")
struct ActionIndexTests {
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_@[`{")
    static let nonASCII: [Character] = ["é", "É", "ß", "İ", "ı", "K", "Ω"]

    static func action(_ random: inout SeededRandom, length: Int, nonASCII: Bool) -> String {
        var name = ""
        for _ in 0..<length {
            if nonASCII && random.below(5) == 0 {
                name.append(Self.nonASCII[random.below(Self.nonASCII.count)])
            } else {
                name.append(Self.letters[random.below(Self.letters.count)])
            }
        }
        return "svc:" + name
    }

    /// Randomly upper-cased where that keeps the lowercase form (`ß` → `SS` and `ı` → `I` do not).
    static func recased(_ text: String, _ random: inout SeededRandom) -> String {
        var out = ""
        for character in text {
            let upper = character.uppercased()
            out += random.below(2) == 0 && upper.lowercased() == character.lowercased() ? upper : String(character)
        }
        return out
    }

    static func allow(_ actions: [String]) throws -> CompiledPolicySet {
        let statements = actions.enumerated().map { index, action in
            ["Sid": "S\(index)", "Effect": "Allow", "Action": action, "Resource": "*"]
        }
        let data = try JSONSerialization.data(withJSONObject: ["Version": "2012-10-17", "Statement": statements])
        let document = try PolicyDocument.parse(Array(data), kind: .identity)
        return CompiledPolicySet(IdentityPolicySet(identity: [NamedPolicy(name: "p", document: document)]))
    }

    @Test(arguments: [false, true])
    func lookupsFoldCaseAndMatchNothingElse(nonASCII: Bool) throws {
        var random = SeededRandom(nonASCII ? 7 : 3)
        var actions: [String] = []
        for length in 1...27 {
            for _ in 0..<3 { actions.append(Self.action(&random, length: length, nonASCII: nonASCII)) }
        }
        let set = try Self.allow(actions)
        let known = Set(actions.map { $0.lowercased() })
        for (index, action) in actions.enumerated() {
            let asked = Self.recased(action, &random)
            let decision = set.evaluate(AuthorizationRequest(action: asked, resource: "arn:aws:s3:::b"))
            #expect(decision.outcome == .allow, "\(asked) for \(action)")
            #expect(decision.matchedStatements.contains { $0.statement == "S\(index)" }, "\(asked)")

            // One byte more, one less, or one changed: allowed only if that names another action.
            for variant in [action + "x", String(action.dropLast()), String(action.dropLast()) + "~"] {
                let expected = known.contains(variant.lowercased())
                let outcome = set.evaluate(AuthorizationRequest(action: variant, resource: "*")).outcome
                #expect((outcome == .allow) == expected, "\(variant)")
            }
        }
    }
}
