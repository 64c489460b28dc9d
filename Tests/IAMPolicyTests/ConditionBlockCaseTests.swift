import IAMPolicy
import Testing

/// Condition keys and operator names are case-insensitive, so one condition block naming a key
/// twice in two spellings, or one `Condition` naming an operator twice in two spellings, is a
/// duplicate key: the policy does not load (issue 16 B10, found by review). Before, both were
/// kept and ANDed — an Allow needed both, a Deny applied only when both held, whatever AWS made of
/// the second spelling.
@Suite("Condition blocks: keys and operators differing only in case")
struct ConditionBlockCaseTests {
    static let keys = [
        "aws:SourceIp", "aws:PrincipalTag/team", "aws:RequestTag/Cost-Center", "s3:prefix", "aws:TagKeys",
        "aws:username", "execute-api:stage",
    ]
    static let operators = [
        "StringEquals", "StringLike", "ForAnyValue:StringEquals", "ForAllValues:StringLike", "StringEqualsIfExists",
        "ForAnyValue:StringNotEqualsIfExists", "ArnLike", "Bool", "NumericLessThan", "IpAddress",
    ]

    /// Spellings of `text` that differ from it only in letter case: all lower, all upper, each
    /// letter flipped alone (up to 40), and the case of every other letter swapped.
    static func caseVariants(_ text: String) -> [String] {
        var variants: Set<String> = [text.lowercased(), text.uppercased()]
        let characters = Array(text)
        for index in characters.indices where characters[index].isLetter {
            var copy = characters
            let c = String(copy[index])
            copy[index] = Character(c == c.lowercased() ? c.uppercased() : c.lowercased())
            variants.insert(String(copy))
            if variants.count > 40 { break }
        }
        variants.insert(
            String(
                characters.enumerated().map {
                    $0.offset.isMultiple(of: 2) ? Character($0.element.uppercased()) : $0.element
                }
            )
        )
        variants.remove(text)
        return variants.sorted()
    }

    static func value(for op: String) -> String {
        if op.hasPrefix("Bool") { return "true" }
        if op.hasPrefix("Numeric") { return "3" }
        if op.hasPrefix("Ip") { return "203.0.113.0/24" }
        if op.hasPrefix("Arn") { return "arn:aws:iam::111122223333:user/*" }
        return "a"
    }

    static func policy(_ condition: String, effect: String = "Allow") -> String {
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "\#(effect)", "Action": "s3:GetObject", "Resource": "*", "Condition": {\#(condition)}}]}"#
    }

    static func loads(_ json: String) -> PolicyError? {
        do throws(PolicyError) {
            _ = try PolicyDocument.parse(json, kind: .identity)
            return nil
        } catch {
            return error
        }
    }

    @Test("the same key twice in one block, in two spellings, is a duplicate key", arguments: keys)
    func keyTwice(key: String) throws {
        for variant in Self.caseVariants(key) {
            for effect in ["Allow", "Deny"] {
                let json = Self.policy(#""StringEquals": {"\#(key)": "a", "\#(variant)": "b"}"#, effect: effect)
                let error = try #require(Self.loads(json), "\(key) and \(variant) loaded")
                #expect(error.code == .duplicateKey)
                #expect(error.message.contains("`\(variant)`") && error.message.contains("`\(key)`"))
            }
        }
    }

    @Test("the same operator twice in one Condition, in two spellings, is a duplicate key", arguments: operators)
    func operatorTwice(op: String) throws {
        let value = Self.value(for: op)
        for variant in Self.caseVariants(op) {
            let json = Self.policy(
                #""\#(op)": {"aws:SourceIp": "\#(value)"}, "\#(variant)": {"aws:SourceIp": "\#(value)"}"#
            )
            let error = try #require(Self.loads(json), "\(op) and \(variant) loaded")
            #expect(error.code == .duplicateKey)
        }
    }

    @Test("distinct keys and distinct operators still load; one key under two operators is fine")
    func distinctLoad() {
        #expect(
            Self.loads(Self.policy(#""StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalTag/teams": "b"}"#))
                == nil
        )
        #expect(
            Self.loads(Self.policy(#""StringEquals": {"aws:username": "a"}, "StringLike": {"AWS:USERNAME": "b*"}"#))
                == nil
        )
        #expect(
            Self.loads(
                Self.policy(#""StringEquals": {"aws:username": "a"}, "StringEqualsIfExists": {"aws:username": "a"}"#)
            )
                == nil
        )
        #expect(Self.loads(Self.policy(#""stringequals": {"AWS:UserName": "a"}"#)) == nil)
    }
}
