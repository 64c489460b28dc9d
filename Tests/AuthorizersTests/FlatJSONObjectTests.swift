import GatehouseCore
import GatehouseCrypto
import IAMPolicy
import TestSupport
import Testing

@testable import Authorizers

/// `FlatJSONObject` is the token verifier's fast path; `JSONParser` is the definition. The
/// fast path may decline anything (the caller falls back), but what it accepts the parser must
/// accept too, with the same members and values — checked here on seeded random mutations.
@Suite("Flat JSON objects")
struct FlatJSONObjectTests {
    static let documents = [
        #"{"alg":"HS256","kid":"hs","typ":"JWT"}"#,
        #"{"iss":"https://issuer.example.com","aud":["a","b"],"exp":1768474800,"nbf":-1.5e3,"ok":true,"no":false,"x":null}"#,
        #" { "a" : 0 , "b" : [ 1 , "two" , null , true ] , "c" : [] } "#,
        #"{}"#,
        "{\"t\":\"tab\tinside?\"}",
    ]

    static func tree(_ bytes: [UInt8]) -> [(key: String, value: JSONNode)]? {
        var limits = JSONParser.Limits()
        limits.locations = false
        guard case .object(let members)? = try? JSONParser.parse(bytes, limits: limits).value else { return nil }
        return members
    }

    /// The same value, compared structurally.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0.value, $1.value) }
        default: return false
        }
    }

    static func agree(_ bytes: [UInt8]) -> Bool {
        guard let flat = FlatJSONObject(bytes) else { return true }  // declined: the parser decides
        guard let members = tree(bytes), members.count == flat.members.count else { return false }
        for (member, (key, node)) in zip(flat.members, members) {
            guard flat.key(member) == key,
                same(flat.value(member), node.value)
            else { return false }
        }
        return true
    }

    @Test func acceptsPlainObjectsWithTheirMembers() throws {
        for document in Self.documents.prefix(4) {
            let flat = try #require(FlatJSONObject(Array(document.utf8)), "\(document)")
            #expect(Self.agree(Array(document.utf8)))
            #expect(flat.members.count == Self.tree(Array(document.utf8))?.count)
        }
        let claims = try #require(FlatJSONObject(Array(Self.documents[1].utf8)))
        #expect(claims.member("exp").flatMap(claims.doubleValue) == 1_768_474_800)
        #expect(claims.member("nbf").flatMap(claims.doubleValue) == -1500)
        #expect(claims.member("iss").map { claims.stringValue($0, equals: "https://issuer.example.com") } == true)
        #expect(claims.member("iss").map { claims.stringValue($0, equals: "https://issuer.example.co") } == false)
    }

    @Test(
        "declines what it does not handle",
        arguments: [
            #"{"a":"\u0041"}"#, #"{"a":"x\/y"}"#, #"{"a":{"b":1}}"#, #"{"a":[[1]]}"#, #"{"a":1,"a":2}"#,
            #"{"é":1}"#, "\u{FEFF}{}", #"[1]"#, #"{"a":01}"#, #"{"a":1}x"#, #"{"a":tru}"#, #"{"a":1,}"#,
            "{\"a\":\"\u{1}\"}", #"{"a":-}"#, #"{"a":1.}"#, #"{"a":1e}"#, #"{"a" 1}"#, #"{"a":"x}"#,
        ]
    )
    func declines(_ document: String) {
        #expect(FlatJSONObject(Array(document.utf8)) == nil)
    }

    /// Numbers read eight digits at a time agree with `Double(String)` for integers of every
    /// length up to 15 and for numbers that are not plain integers; eight bytes with any one
    /// non-digit (the neighbours of `0`–`9` included) are not taken for digits.
    @Test("numbers: the eight-digit step against Double(String)", arguments: [21 as UInt64, 22])
    func numbers(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<2_000 {
            let digits = 1 + rng.below(15)
            var text = String(1 + rng.below(9))
            for _ in 1..<digits { text += String(rng.below(10)) }
            if rng.below(4) == 0 { text += [".5", "e3", "E-2", ".25e+1"][rng.below(4)] }
            if rng.below(5) == 0 { text = "-" + text }
            let flat = try #require(FlatJSONObject(Array("{\"n\":\(text)}".utf8)), "\(text)")
            #expect(flat.member("n").flatMap(flat.doubleValue) == Double(text), "\(text)")
        }
        let strangers: [UInt8] = [0x2F, 0x3A, 0x20, 0x00, 0x40, 0x7F, 0x80, 0xB0, 0xFF, 0x2E, 0x65]
        for position in 0..<8 {
            for stranger in strangers {
                var bytes = Array("12345678".utf8)
                bytes[position] = stranger
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(FlatJSONObject.eightDigits(UInt64(littleEndian: word)) == nil, "\(position) \(stranger)")
            }
        }
        for _ in 0..<1_000 {
            let value = UInt64(rng.below(100_000_000))
            var text = String(value)
            text = String(repeating: "0", count: 8 - text.count) + text
            let word = Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(FlatJSONObject.eightDigits(UInt64(littleEndian: word)) == value, "\(text)")
        }
    }

    /// Keys are told apart by length and first eight bytes, then by their bytes: keys sharing
    /// eight bytes are different members, the same long key twice is a duplicate.
    @Test func longKeysSharingAPrefix() throws {
        let distinct = try #require(FlatJSONObject(Array(#"{"client_id1":1,"client_id2":2,"client_id":3}"#.utf8)))
        #expect(distinct.members.map(distinct.key) == ["client_id1", "client_id2", "client_id"])
        #expect(distinct.member("client_id2").flatMap(distinct.doubleValue) == 2)
        #expect(FlatJSONObject(Array(#"{"client_id1":1,"client_id1":2}"#.utf8)) == nil)
        #expect(FlatJSONObject(Array(#"{"a":1,"b":2,"a":3}"#.utf8)) == nil)
        #expect(distinct.member("client_i") == nil)
    }

    /// The table starts with room for a member per 16 bytes; documents of many short members
    /// (up to the most possible, one per five bytes) are read again into a table that fits.
    @Test func manyShortMembers() throws {
        for count in [1, 10, 40, 200] {
            let names = (0..<count).map { "k\($0)" }
            let document = "{" + names.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
            let bytes = Array(document.utf8)
            #expect(names.count > FlatJSONObject.likelyTableCapacity(forByteCount: bytes.count) || count < 10)
            let flat = try #require(FlatJSONObject(bytes))
            #expect(flat.members.map(flat.key) == names)
            let segment = Array(Base64.encodeURL(bytes).utf8)
            guard
                case .flat(let decoded) = segment.withUnsafeBufferPointer({
                    FlatJSONObject.decode(jwsSegment: $0, maxBytes: 1 << 16)
                })
            else {
                Issue.record("\(count) members: not read")
                continue
            }
            #expect(decoded.members.map(decoded.key) == names)
        }
        // The densest object there is: one-character keys with empty names excluded, `"a":0`.
        let densest = Array(
            ("{" + (0..<26).map { "\"\(Character(UnicodeScalar(97 + $0)!))\":0" }.joined(separator: ",") + "}").utf8
        )
        #expect(FlatJSONObject(densest)?.members.count == 26)
    }

    /// A base64url segment decoded straight into the storage reads as the same object as its
    /// decoded bytes do; a segment that is not base64url, or too large, says so.
    @Test func decodingSegments() throws {
        for document in Self.documents {
            let bytes = Array(document.utf8)
            let segment = Array(Base64.encodeURL(bytes).utf8)
            let decoded = segment.withUnsafeBufferPointer { FlatJSONObject.decode(jwsSegment: $0, maxBytes: 1 << 16) }
            switch (decoded, FlatJSONObject(bytes)) {
            case (.flat(let flat), let direct?):
                #expect(flat.bytes == bytes)
                #expect(flat.members.map(flat.key) == direct.members.map(direct.key))
                #expect(
                    flat.members.map { flat.value($0) }.elementsEqual(direct.members.map { direct.value($0) }) {
                        Self.same($0, $1)
                    }
                )
            case (.notFlat, nil): break
            default: Issue.record("\(document): the decoded segment and the bytes read differently")
            }
            let small = segment.withUnsafeBufferPointer { FlatJSONObject.decode(jwsSegment: $0, maxBytes: 1) }
            if case .flat = small, bytes.count > 1 { Issue.record("read past maxBytes") }
        }
        let bad = Array("eyJ*".utf8).withUnsafeBufferPointer { FlatJSONObject.decode(jwsSegment: $0, maxBytes: 100) }
        guard case .notBase64 = bad else { Issue.record("`*` is not base64url"); return }
    }

    @Test("random mutations: accepted only with the parser's members", arguments: [11 as UInt64, 12, 13])
    func mutations(seed: UInt64) {
        var random = SeededRandom(seed)
        func next() -> UInt64 { random.next() }
        let alphabet = Array(#"{}[]",:\/u0"ab1-+.eE tfn"#.utf8) + [0x09, 0x0A, 0x01, 0x7F, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for _ in 0..<4_000 {
            var bytes = Array(Self.documents[Int(next() % UInt64(Self.documents.count))].utf8)
            for _ in 0..<Int(next() % 3 + 1) {
                guard !bytes.isEmpty else { break }
                let index = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[index] = alphabet[Int(next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: index)
                }
            }
            if FlatJSONObject(bytes) != nil { accepted += 1 }
            #expect(Self.agree(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(accepted > 100)  // the property is not vacuous
    }
}
