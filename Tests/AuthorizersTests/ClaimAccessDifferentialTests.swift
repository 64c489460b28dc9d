import GatehouseCore
import TestSupport
import Testing

@testable import Authorizers

/// Flat and tree claim access, proven equal: the token verifier reads a claims set through
/// `FlatJSONObject` when it can and through the Core parser's tree otherwise, and both must find
/// the same member for the same name — comparing keys as their bytes, never by Unicode
/// equivalence (a precomposed `é` and `e` + U+0301, `K` and the Kelvin sign, are different keys
/// in both).
@Suite("Claim access: flat and tree agree")
struct ClaimAccessDifferentialTests {
    static let limits: JSONParser.Limits = {
        var limits = JSONParser.Limits()
        limits.locations = false
        return limits
    }()

    /// The names looked up: the generator's keys, their canonically equivalent spellings, and some
    /// that are never present.
    static let probes = RandomJSON.keys + ["missing", "ISS", "e", "\u{212A}ey", "Key", "caf"]

    /// The same JSON value, compared structurally, object keys and strings as bytes.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0.value, $1.value) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && zip(x, y).allSatisfy {
                    $0.key.utf8.elementsEqual($1.key.utf8) && same($0.value.value, $1.value.value)
                }
        default: return false
        }
    }

    /// What a lookup by bytes must answer: the member whose key has exactly `name`'s bytes.
    static func model(_ members: [(key: String, value: JSONNode)], _ name: String) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(name.utf8) }?.value.value
    }

    /// One claims set read both ways, compared on every probe; returns whether the flat reader took it.
    @discardableResult
    static func compare(_ bytes: [UInt8], _ label: String) -> Bool {
        let tree = try? JSONParser.parse(bytes, limits: limits)
        let flat = FlatJSONObject(bytes)
        guard case .object(let members)? = tree?.value else {
            #expect(flat == nil, "the flat reader accepted what the parser refuses: \(label)")
            return false
        }
        let treeJSON = TokenJSON.tree(members)
        let keys = members.map(\.key)
        for name in probes + keys {
            let expected = model(members, name)
            let fromTree = treeJSON.value(named: name)
            #expect(
                (fromTree == nil && expected == nil)
                    || (fromTree.flatMap { a in expected.map { same(a, $0) } } ?? false),
                "tree lookup of \(name.unicodeScalars) in \(label)"
            )
        }
        guard let flat else { return false }
        let flatJSON = TokenJSON.flat(flat)
        #expect(flat.members.map(flat.key).elementsEqual(keys) { $0.utf8.elementsEqual($1.utf8) }, "\(label)")
        for name in probes + keys {
            let a = flatJSON.value(named: name)
            let b = treeJSON.value(named: name)
            #expect(
                (a == nil && b == nil) || (a.flatMap { x in b.map { same(x, $0) } } ?? false),
                "flat and tree differ on \(name.unicodeScalars) in \(label)"
            )
        }
        // The registered claims the verifier checks, through the flat member table and the tree.
        let registered = flatJSON.registeredMembers
        let accepted = ["https://issuer.example", "api", "x", "", "caf\u{E9}"]
        let pairs: [(StaticString, UInt16)] = [
            ("iss", registered.iss), ("aud", registered.aud), ("client_id", registered.clientID),
            ("token_use", registered.tokenUse), ("exp", registered.exp), ("nbf", registered.nbf),
            ("iat", registered.iat),
        ]
        for (name, index) in pairs {
            let fromFlat = flatJSON.match(name, flatJSON.member(at: index), against: accepted)
            let fromTree = treeJSON.match(name, nil, against: accepted)
            #expect(describe(fromFlat) == describe(fromTree), "\(name) in \(label)")
            let a = flatJSON.value(name)
            let b = treeJSON.value(name)
            #expect(
                (a == nil && b == nil) || (a.flatMap { x in b.map { same(x, $0) } } ?? false),
                "\(name) in \(label)"
            )
        }
        return true
    }

    static func describe(_ match: TokenJSON.StringMatch) -> String {
        switch match {
        case .absent: return "absent"
        case .notString: return "notString"
        case .matches: return "matches"
        case .differs(let text): return "differs " + text.utf8.map { String($0) }.joined(separator: ",")
        }
    }

    /// Many random claim sets: plain ASCII ones (the flat reader's) and ones with escapes,
    /// non-ASCII keys, repeated keys and nesting (the tree's), each read both ways.
    @Test(arguments: [31 as UInt64, 32, 33, 34])
    func randomClaimSets(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var plain = RandomJSON()
        plain.fancyPercent = 0
        plain.nestingPercent = 5
        plain.maxDepth = 2
        plain.duplicatePercent = 5
        var fancy = RandomJSON()
        var flatCount = 0
        var treeCount = 0
        for round in 0..<1_500 {
            let text = round % 2 == 0 ? plain.document(&random) : fancy.document(&random)
            if Self.compare(Array(text.utf8), text) { flatCount += 1 } else { treeCount += 1 }
        }
        // Both paths were exercised (the property is not vacuous).
        #expect(flatCount > 200, "\(flatCount) flat")
        #expect(treeCount > 200, "\(treeCount) tree only")
    }

    /// Keys that are equal as Swift strings but not as bytes are two members in the tree, and
    /// the flat reader (ASCII keys only) never takes one for the other.
    @Test(arguments: [("\u{E9}", "e\u{301}"), ("K", "\u{212A}"), ("caf\u{E9}", "cafe\u{301}"), ("\u{C5}", "\u{212B}")])
    func canonicallyEquivalentKeysAreDifferent(first: String, second: String) throws {
        #expect(first == second)  // equal as Swift strings
        let text = "{\"\(first)\":\"one\",\"\(second)\":\"two\"}"
        let tree = try JSONParser.parse(text, limits: Self.limits)
        guard case .object(let members) = tree.value else { throw JSONError(.invalidJSON, "", at: .unknown) }
        #expect(members.count == 2)
        let json = TokenJSON.tree(members)
        guard case .string(let one)? = json.value(named: first), case .string(let two)? = json.value(named: second)
        else {
            Issue.record("a key was not found by its bytes")
            return
        }
        #expect(one == "one" && two == "two")
        Self.compare(Array(text.utf8), text)
        // ASCII `K` in a flat object: the Kelvin sign does not find it, in either reading.
        let ascii = Array(#"{"K":"one","iss":"x"}"#.utf8)
        let flat = try #require(FlatJSONObject(ascii))
        #expect(TokenJSON.flat(flat).value(named: "\u{212A}") == nil)
        #expect(TokenJSON.flat(flat).value(named: "K") != nil)
        #expect(TokenJSON.tree(try Self.members(ascii)).value(named: "\u{212A}") == nil)
        #expect(Self.compare(ascii, "ascii K"))
    }

    static func members(_ bytes: [UInt8]) throws -> [(key: String, value: JSONNode)] {
        guard case .object(let members) = try JSONParser.parse(bytes, limits: limits).value else { return [] }
        return members
    }
}
