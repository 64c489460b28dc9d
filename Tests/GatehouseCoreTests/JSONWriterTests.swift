import GatehouseCore
import TestSupport
import Testing

/// The one JSON writer: escapes, numbers as text, member order, the pretty layout the CLI has
/// always printed, and a round trip through the parser.
@Suite("JSON writer")
struct JSONWriterTests {
    /// The escaping authorizer events were written with before the writer moved here (the old
    /// `JSON` enum of Authorizers), kept as the twin the new writer is held to byte for byte.
    /// With `shortEscapes`, `\b` and `\f` as the CLI's output writes them.
    static func eventQuote(_ text: String, shortEscapes: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}" where shortEscapes: out += "\\b"
            case "\u{C}" where shortEscapes: out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Every ASCII scalar and a sample beyond (DEL, C1, line separators, BOM, astral), alone and
    /// inside text: the same bytes as the events' old writer; `foundationStyle` differs only in
    /// `\b` and `\f`.
    @Test func escapingSweep() {
        var scalars = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
        scalars += [0x85, 0xA0, 0xE9, 0x2028, 0x2029, 0xFEFF, 0x1F600].compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            for text in [String(scalar), "a\(scalar)b", "\(scalar)\(scalar)"] {
                let written = JSONValue.string(text).serialized
                #expect(written == Self.eventQuote(text), "\(scalar.value)")
                var foundation = ""
                JSONWriter.quote(text, into: &foundation, shortEscapes: true)
                let expected = Self.eventQuote(text).replacingEvery("\\u0008", with: "\\b")
                    .replacingEvery("\\u000c", with: "\\f")
                #expect(foundation == expected, "\(scalar.value)")
                // What is written reads back as the same text.
                #expect((try? JSONParser.parse(written).value) == .string(text), "\(scalar.value)")
            }
        }
    }

    /// Integers at the edges of every width, and parsed numbers written exactly as read.
    @Test func numbers() throws {
        #expect(JSONValue.integer(Int64.min).serialized == "-9223372036854775808")
        #expect(JSONValue.integer(UInt64.max).serialized == "18446744073709551615")
        #expect(JSONValue.integer(0).serialized == "0")
        for text in ["1.50", "-0", "1E+2", "0.000001", "123456789012345678901234567890", "-1.5e-300"] {
            let parsed = try JSONParser.parse("[\(text)]").value
            #expect(parsed.serialized == "[\(text)]")
        }
    }

    /// Members keep the order built, repeated construction gives the same bytes, and `pretty`
    /// is Foundation's layout (two spaces, `" : "`, an empty container on a blank line).
    @Test func layout() {
        let value = JSONValue.members([
            ("b", .integer(1)), ("a", .elements([.integer(1), .integer(2)])), ("B", .members([])),
            ("Z", .members([("x", .elements([.integer(3)])), ("y", .optional(nil))])), ("e", .elements([])),
        ])
        #expect(value.serialized == #"{"b":1,"a":[1,2],"B":{},"Z":{"x":[3],"y":null},"e":[]}"#)
        let pretty = JSONWriter.text(value, options: .foundationStyle(pretty: true))
        #expect(
            pretty == """
                {
                  "b" : 1,
                  "a" : [
                    1,
                    2
                  ],
                  "B" : {

                  },
                  "Z" : {
                    "x" : [
                      3
                    ],
                    "y" : null
                  },
                  "e" : [

                  ]
                }
                """
        )
        #expect(JSONWriter.text(.members([]), options: .foundationStyle(pretty: true)) == "{\n\n}")
        #expect(JSONValue.elements([.bool(true), .bool(false), .null]).serialized == "[true,false,null]")
    }

    /// Random documents (no repeated keys): parse, write, parse again gives the same value, and
    /// writing that gives the same bytes (pretty or compact).
    @Test(arguments: [301 as UInt64, 302])
    func roundTrip(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var generator = RandomJSON()
        generator.duplicatePercent = 0
        var checked = 0
        for _ in 0..<1_500 {
            let text = generator.document(&random)
            // Generated keys can still collide (two random strings alike): those are refused, skip.
            guard let value = try? JSONParser.parse(text).value else { continue }
            for options in [JSONWriter.Options.compact, .foundationStyle(pretty: true)] {
                let written = JSONWriter.text(value, options: options)
                let again = try JSONParser.parse(written).value
                #expect(again == value, "\(text)")
                #expect(JSONWriter.text(again, options: options) == written)
            }
            checked += 1
        }
        #expect(checked > 700, "\(checked) documents round-tripped")
    }

    /// The byte-walking `quote` against its plain twin (``eventQuote(_:shortEscapes:)``, scalar
    /// by scalar like the writer's former body), over random text heavy in what needs escaping.
    @Test(arguments: [401 as UInt64, 402])
    func quoteMatchesItsPlainTwin(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}",
            "é", "\u{2028}", "中", "😀", "\u{FFFD}",
        ]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 24) {
                text.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
            }
            for shortEscapes in [false, true] {
                var fast = "x"
                JSONWriter.quote(text, into: &fast, shortEscapes: shortEscapes)
                #expect(fast == "x" + Self.eventQuote(text, shortEscapes: shortEscapes), "\(Array(text.utf8))")
            }
        }
    }
}

extension String {
    fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
