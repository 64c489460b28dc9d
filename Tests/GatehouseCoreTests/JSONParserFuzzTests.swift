import GatehouseCore
import TestSupport
import Testing

/// The Core JSON parser on seeded random input: it never traps, every refusal is a `JSONError`
/// with a position (line and column from 1, within the document), and what it accepts it accepts
/// whole. Bounded: fixed seeds, a fixed number of documents, small sizes, time measured.
@Suite("JSON parser: seeded fuzzing")
struct JSONParserFuzzTests {
    /// Both modes: with locations (policies) and without (tokens).
    static func limits(locations: Bool) -> JSONParser.Limits {
        var limits = JSONParser.Limits()
        limits.locations = locations
        limits.maxDepth = 8
        limits.maxBytes = 4096
        return limits
    }

    /// The number of lines in `bytes` (the largest line an error may name).
    static func lineCount(_ bytes: [UInt8]) -> Int { bytes.count { $0 == 0x0A } + 1 }

    /// Parses `bytes`; on an error checks its position. Returns whether it parsed.
    @discardableResult
    static func check(_ bytes: [UInt8], locations: Bool) -> Bool {
        do {
            _ = try JSONParser.parse(bytes, limits: limits(locations: locations))
            return true
        } catch {
            let shown = String(decoding: bytes.prefix(120), as: UTF8.self)
            #expect(error.line >= 1 && error.line <= lineCount(bytes), "\(error) for \(shown)")
            #expect(error.column >= 1 && error.column <= bytes.count + 1, "\(error) for \(shown)")
            #expect(!error.message.isEmpty)
            #expect(error.path.hasPrefix("$"), "\(error) for \(shown)")
            return false
        }
    }

    /// Generated documents, mutated at one to four places: near-valid input, where parsers break.
    @Test(arguments: [101 as UInt64, 102, 103, 104])
    func mutatedDocuments(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var generator = RandomJSON()
        generator.maxDepth = 6
        var parsed = 0
        var refused = 0
        let started = ContinuousClock.now
        for round in 0..<3_000 {
            let text = generator.document(&random)
            let bytes =
                round % 4 == 0 ? Array(text.utf8) : RandomJSON.mutated(text, &random, edits: 1 + random.below(4))
            if Self.check(bytes, locations: round % 2 == 0) { parsed += 1 } else { refused += 1 }
        }
        #expect(parsed > 300 && refused > 300, "\(parsed) parsed, \(refused) refused")
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    /// Random bytes, biased to JSON's alphabet, of every length up to 64.
    @Test(arguments: [201 as UInt64, 202])
    func randomBytes(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let alphabet =
            Array(#"{}[]":,\/ubfnrt0123456789-+.eE "#.utf8) + [0x00, 0x0A, 0x0D, 0x80, 0xC0, 0xED, 0xF4, 0xFF]
        for round in 0..<10_000 {
            let count = round % 65
            let bytes = (0..<count).map { _ in
                random.below(4) == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[random.below(alphabet.count)]
            }
            Self.check(bytes, locations: round % 2 == 1)
        }
    }

    /// The hostile classes one by one, each refused with a position: invalid UTF-8 (in keys and
    /// values), lone and reversed surrogates, control characters, depth and size past the limits,
    /// duplicates (also behind escapes), truncation at every byte of a valid document.
    @Test func hostileClasses() throws {
        let cases: [[UInt8]] = [
            Array(#"{"a":""#.utf8) + [0xC3] + Array(#""}"#.utf8),
            Array(#"{""#.utf8) + [0xFF] + Array(#"":1}"#.utf8),
            Array(#"{"a":"\uD800"}"#.utf8), Array(#"{"a":"\uDC00\uD800"}"#.utf8), Array(#"["\uD83D x"]"#.utf8),
            Array("{\"a\":\"\u{1}\"}".utf8), Array(#"{"a":1,"a":2}"#.utf8), Array(#"{"a":1,"\u0061":2}"#.utf8),
            Array((String(repeating: "[", count: 9) + String(repeating: "]", count: 9)).utf8),
            Array(repeating: UInt8(ascii: " "), count: 4097),
            Array("{\n\"a\": 1,\n\"a\": 2\n}".utf8),
        ]
        for bytes in cases {
            for locations in [true, false] {
                #expect(!Self.check(bytes, locations: locations), "accepted \(bytes)")
            }
        }
        // A duplicate's position is its second spelling, with or without locations.
        for locations in [true, false] {
            do {
                _ = try JSONParser.parse(
                    Array("{\n  \"a\": 1,\n  \"a\": 2\n}".utf8),
                    limits: Self.limits(locations: locations)
                )
            } catch {
                #expect(error.code == .duplicateKey)
                #expect(error.line == 3 && error.column == 3, "\(error)")
                #expect(error.path == (locations ? "$.a" : "$"), "\(error)")
            }
        }
        let valid = Array(#"{"k": [1, -2.5e3, "t\u00e9\n", true, false, null, {"n": {}}]}"#.utf8)
        #expect(Self.check(valid, locations: true))
        for end in 0..<valid.count {
            #expect(!Self.check(Array(valid[..<end]), locations: end % 2 == 0), "accepted \(end) bytes")
        }
    }

    /// Keys compare as bytes: canonically equivalent spellings are two keys; the same bytes
    /// twice (written plainly or escaped) are one key, refused.
    @Test(arguments: [
        ("\u{E9}", "e\u{301}", false), ("K", "\u{212A}", false), ("a", "a", true), ("\u{E9}", "\\u00e9", true),
        ("\u{1F600}", "\\ud83d\\ude00", true), ("Effect", "effect", false),
    ])
    func keysCompareAsBytes(first: String, second: String, duplicate: Bool) {
        for padding in [0, 20] {
            let filler = (0..<padding).map { "\"f\($0)\": 0, " }.joined()
            let text = "{" + filler + "\"\(first)\": 1, \"\(second)\": 2}"
            let result = Result { () throws(JSONError) in try JSONParser.parse(text) }
            switch result {
            case .success(let node):
                #expect(!duplicate, "accepted \(text)")
                #expect(node.value.member(first) != nil)
            case .failure(let error):
                #expect(duplicate, "\(error)")
                #expect(error.code == .duplicateKey)
            }
        }
    }
}
