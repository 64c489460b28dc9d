import Authorizers
import Foundation
import IAMPolicy
import Synchronization
import TestSupport
import Testing

/// Query-string identity values decode strictly (AuthorizerRequest.decodeQueryComponent): `%` and
/// exactly two hex digits, `+` a space, UTF-8 after decoding; anything else is refused with 401
/// before the function runs and before the cache is read, so two different tokens never share
/// one cached result (`%FF` and `%FE` once both became U+FFFD).
@Suite("Query strings: strict decoding, exact cache keys")
struct QueryStringDecodingTests {
    static let configuration = try! LambdaAuthorizerConfiguration(
        name: "q",
        kind: .request,
        identitySources: [try! IdentitySource("method.request.querystring.token")],
        resultTTLSeconds: 300
    )

    static func request(_ query: String) -> AuthorizerRequest {
        AuthorizerRequest.fixture(
            methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
            resource: "/pets",
            rawQueryString: query
        )
    }

    static func decode(_ text: String) -> Result<String, QueryComponentProblem> {
        AuthorizerRequest.decodeQueryComponent(text[...])
    }

    static func hex(_ byte: UInt8, upper: Bool) -> String {
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(decoding: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// Every byte, upper- and lower-case hex: ASCII decodes to itself, a lone byte of 0x80 and
    /// above is not UTF-8 and is refused — each one, not folded into one replacement character.
    @Test(arguments: [true, false])
    func everyByte(_ upper: Bool) {
        for byte in UInt8.min...UInt8.max {
            let escaped = Self.hex(byte, upper: upper)
            switch Self.decode("a" + escaped + "b") {
            case .success(let value):
                #expect(byte < 0x80, "\(escaped) decoded")
                #expect(Array(value.utf8) == [UInt8(ascii: "a"), byte, UInt8(ascii: "b")], "\(escaped)")
            case .failure(let problem):
                #expect(byte >= 0x80, "\(escaped) refused")
                #expect(problem == .notUTF8(byteOffset: 1), "\(escaped)")
            }
        }
        // Whole multi-byte sequences, in either case, are their scalar.
        #expect(Self.decode(Self.hex(0xC3, upper: upper) + Self.hex(0xA9, upper: upper)) == .success("é"))
        #expect(Self.decode("%F0%9F%98%80") == .success("😀"))
        #expect(Self.decode("%2B+%20") == .success("+  "))
        // Overlong, surrogate and truncated sequences are refused.
        for bad in ["%C0%AF", "%ED%A0%80", "%F0%9F%98", "%E2%82", "%F5%80%80%80", "ok%C3"] {
            guard case .failure(.notUTF8) = Self.decode(bad) else {
                Issue.record("\(bad) decoded")
                continue
            }
        }
    }

    /// The regression: `%FF` and `%FE` are both refused, and never share a cache entry.
    @Test func ffAndFeAreRefusedNotMerged() async {
        for query in ["token=%FF", "token=%FE", "token=%ff", "token=ok%FEok", "token=%EF%BF%BD%FF"] {
            let function = ScriptedFunction { _ throws(FunctionFailure) in throw .raised("should not run") }
            let cache = AuthorizerResultCache()
            let authorizer = LambdaAuthorizer(configuration: Self.configuration, function: function, cache: cache)
            let evaluation = await authorizer.authorize(Self.request(query), now: 1_768_471_200)
            guard case .failure(let denial) = evaluation.outcome else {
                Issue.record("\(query) allowed")
                continue
            }
            #expect(denial.kind == .unauthorized && denial.status == 401, "\(query)")
            #expect(denial.reason.contains("query parameter `token`"), "\(denial.reason)")
            #expect(evaluation.cacheKey == nil && evaluation.event == nil)
            #expect(function.calls.load(ordering: .relaxed) == 0)
        }
        // U+FFFD spelled out is a value like any other, distinct from every refused byte.
        let replacement = LambdaAuthorizer(configuration: Self.configuration, function: ScriptedFunction { _ in [] })
        let key = replacement.prepare(Self.request("token=%EF%BF%BD"), now: 0).cacheKey
        #expect(key?.identityValues == ["\u{FFFD}"])
    }

    static let malformed = ["%", "%4", "%G1", "%1G", "%+4", "%-0", "% 1", "%%41", "%x", "%\u{E9}1", "%4\u{E9}"]

    /// Every malformed escape at every position of a name and of a value (around text with no hex
    /// digit, so no neighbour completes it): refused by the decoder and by the authorizer.
    @Test(arguments: malformed)
    func malformedEscapeAtEveryPosition(_ escape: String) async {
        let base = Array("tok.zz")
        for position in 0...base.count {
            let text = String(base[..<position]) + escape + String(base[position...])
            guard case .failure(.invalidEscape(let offset, let shown)) = Self.decode(text) else {
                Issue.record("`\(text)` decoded")
                continue
            }
            #expect(offset == text.utf8.distance(from: text.utf8.startIndex, to: text.utf8.firstIndex(of: 37)!))
            #expect(shown.hasPrefix("%") && shown.utf8.count <= 3 + 2)
            let function = ScriptedFunction { _ throws(FunctionFailure) in throw .raised("should not run") }
            let authorizer = LambdaAuthorizer(configuration: Self.configuration, function: function)
            for query in ["token=\(text)", "\(text)=1&token=good", "token=good&other=\(text)"] {
                let evaluation = await authorizer.authorize(Self.request(query), now: 0)
                guard case .failure(let denial) = evaluation.outcome else {
                    Issue.record("\(query) allowed")
                    continue
                }
                #expect(denial.kind == .unauthorized, "\(query)")
                // The message names the escape and the parameter, never the value around it.
                #expect(!denial.reason.contains("tok.zz") && !denial.reason.contains("good"), "\(denial.reason)")
            }
            #expect(function.calls.load(ordering: .relaxed) == 0)
        }
    }

    /// Distinct decoded values ⇒ distinct cache keys; the same bytes in any legal spelling (upper
    /// or lower hex, escaped or literal, `+` or `%20`) ⇒ one key. Random values, seeded.
    @Test(arguments: [1 as UInt64, 2, 3])
    func distinctValuesDistinctKeys(seed: UInt64) {
        var random = SeededRandom(seed)
        let authorizer = LambdaAuthorizer(configuration: Self.configuration, function: ScriptedFunction { _ in [] })
        func key(_ query: String) -> AuthorizerResultCache.Key? {
            authorizer.prepare(Self.request(query), now: 0).cacheKey
        }
        let scalars: [Unicode.Scalar] = [
            "a", "Z", "0", "%", "+", "&", "=", " ", "é", "\u{FFFD}", "😀", "\u{0}", "\u{7F}",
        ]
        func spell(_ value: String) -> String {
            var out = ""
            for byte in value.utf8 {
                let literal =
                    byte < 0x80 && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "+")
                    && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "#")
                    && byte > 0x20 && byte != 0x7F  // DEL is never literal in a request target
                if byte == 0x20 && random.below(2) == 0 {
                    out += "+"
                } else if literal && random.below(2) == 0 {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += Self.hex(byte, upper: random.below(2) == 0)
                }
            }
            return out
        }
        var seen: [String: AuthorizerResultCache.Key] = [:]
        for _ in 0..<400 {
            var value = ""
            for _ in 0..<(1 + random.below(6)) { value.unicodeScalars.append(scalars[random.below(scalars.count)]) }
            guard let first = key("token=" + spell(value)), let second = key("token=" + spell(value)) else {
                Issue.record("no key for \(Array(value.utf8))")
                continue
            }
            #expect(first == second, "\(Array(value.utf8))")
            #expect(first.identityValues == [value] && Array(first.identityValues[0].utf8) == Array(value.utf8))
            for (other, otherKey) in seen where !Array(other.utf8).elementsEqual(value.utf8) {
                #expect(otherKey != first, "\(Array(other.utf8)) and \(Array(value.utf8)) share a key")
            }
            seen[value] = first
        }
        // Arbitrary bytes: valid UTF-8 decodes to exactly those bytes, anything else is refused.
        for _ in 0..<2000 {
            let bytes = (0..<(1 + random.below(5))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let spelled = bytes.map { Self.hex($0, upper: random.below(2) == 0) }.joined()
            let valid = String(validating: bytes, as: UTF8.self)
            switch Self.decode(spelled) {
            case .success(let decoded): #expect(valid != nil && Array(decoded.utf8) == bytes, "\(bytes)")
            case .failure: #expect(valid == nil, "\(bytes) refused")
            }
        }
    }
}
