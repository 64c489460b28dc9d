import GatehouseCore
import IAMPolicy
import Testing

/// The strict field reader behind every batch line and configuration file (issue 16 B8): each
/// read accepts one JSON type, checks the range, names the field when it refuses, and `finish()`
/// refuses what was never read.
@Suite("JSONObjectReader")
struct JSONObjectReaderTests {
    /// One value of each JSON type, as JSON text.
    static let samples: [(type: String, text: String)] = [
        ("string", #""x""#), ("number", "7"), ("bool", "true"), ("null", "null"), ("array", #"["x"]"#),
        ("object", #"{"x": "y"}"#),
    ]

    enum Read: String, CaseIterable, CustomTestStringConvertible {
        case string, choice, bool, integer, number, strings, stringOrStrings, object
        var testDescription: String { rawValue }

        /// The sample types this read accepts.
        var accepts: Set<String> {
            switch self {
            case .string, .choice: return ["string"]
            case .bool: return ["bool"]
            case .integer, .number: return ["number"]
            case .strings: return ["array"]
            case .stringOrStrings: return ["string", "array"]
            case .object: return ["object"]
            }
        }

        func run(_ reader: inout JSONObjectReader, _ key: String) throws(JSONObjectReader.Failure) {
            switch self {
            case .string: _ = try reader.optionalString(key)
            case .choice: _ = try reader.optionalChoice(key, ["x"])
            case .bool: _ = try reader.optionalBool(key)
            case .integer: _ = try reader.optionalInteger(key, in: 0...10)
            case .number: _ = try reader.optionalNumber(key, in: 0...10)
            case .strings: _ = try reader.optionalStrings(key)
            case .stringOrStrings: _ = try reader.optionalStringOrStrings(key)
            case .object: _ = try reader.optionalObject(key)
            }
        }
    }

    static func reader(_ text: String, path: String = "") throws -> JSONObjectReader {
        try JSONObjectReader(JSONParser.parse(text).value, path: path)
    }

    @Test(arguments: Read.allCases)
    func everyWrongTypeIsRefusedNamingTheField(_ read: Read) throws {
        for sample in Self.samples {
            var reader = try Self.reader(#"{"outer": {"field": \#(sample.text)}}"#)
            var inner = try #require(try reader.optionalObject("outer"))
            do {
                try read.run(&inner, "field")
                #expect(read.accepts.contains(sample.type), "\(read) accepted \(sample.type)")
            } catch {
                #expect(!read.accepts.contains(sample.type), "\(read) refused \(sample.type): \(error)")
                #expect(error.path == "outer.field")
                #expect(error.message.hasPrefix("`outer.field` must be"), "\(error)")
                let typeName = try JSONParser.parse(sample.text).value.typeName
                #expect(error.message.hasSuffix(", not \(typeName)") || error.message.contains("not `"), "\(error)")
            }
            // Absent is nil, never a failure, for every optional read.
            var empty = try Self.reader("{}")
            try read.run(&empty, "field")
        }
    }

    @Test(arguments: [
        ("0", true), ("10", true), ("-1", false), ("11", false), ("1.0", false), ("1e1", false), ("-0", true),
        ("99999999999999999999999", false), ("-99999999999999999999999", false),
    ])
    func integersAreWholeAndInRange(_ text: String, _ accepted: Bool) throws {
        var reader = try Self.reader(#"{"n": \#(text)}"#)
        do {
            let value = try reader.optionalInteger("n", in: 0...10)
            #expect(accepted, "accepted \(text) as \(value ?? -1)")
        } catch {
            #expect(!accepted)
            #expect(error.message == "`n` must be an integer from 0 to 10, not `\(text)`")
        }
    }

    @Test(arguments: [
        ("0", true), ("10", true), ("2.5", true), ("1e1", true), ("-0.1", false), ("10.01", false), ("1e400", false),
    ])
    func numbersAreFiniteAndInRange(_ text: String, _ accepted: Bool) throws {
        var reader = try Self.reader(#"{"n": \#(text)}"#)
        #expect((try? reader.optionalNumber("n", in: 0...10)) != nil || !accepted)
        #expect(((try? reader.optionalNumber("n", in: 0...10)) == nil) == !accepted)
    }

    @Test func listsNameTheBadElementAndCanRequireElements() throws {
        var reader = try Self.reader(#"{"list": ["a", 1], "empty": []}"#, path: "top")
        do {
            _ = try reader.optionalStrings("list")
            Issue.record("accepted a number in a list of strings")
        } catch {
            #expect(error.path == "top.list[1]")
            #expect(error.message == "`top.list[1]` must be a string, not a number")
        }
        #expect(try reader.optionalStrings("empty") == [])
        #expect(throws: JSONObjectReader.Failure.self) { try reader.optionalStrings("empty", nonEmpty: true) }
        #expect(throws: JSONObjectReader.Failure.self) { try reader.optionalStringOrStrings("empty", nonEmpty: true) }
    }

    @Test func requiredFieldsAndUnknownKeys() throws {
        var reader = try Self.reader(#"{"a": "x", "b": true, "typo": 1}"#)
        #expect(try reader.string("a") == "x")
        #expect(try reader.optionalBool("b") == true)
        #expect(throws: JSONObjectReader.Failure.self) { try reader.string("missing") }
        do {
            try reader.finish()
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.path == "typo")
            #expect(error.message.contains("`typo` is not a known field"))
        }
        var complete = try Self.reader(#"{"a": "x"}"#)
        _ = try complete.string("a")
        try complete.finish()
    }

    @Test func choicesAreExact() throws {
        var reader = try Self.reader(#"{"use": "Access"}"#)
        do {
            _ = try reader.optionalChoice("use", ["access", "id"])
            Issue.record("accepted a choice in another case")
        } catch {
            #expect(error.message == "`use` must be one of `access`, `id`, not `Access`")
        }
    }

    @Test func theTopMustBeAnObject() {
        for sample in Self.samples where sample.type != "object" {
            #expect(throws: JSONObjectReader.Failure.self) { try Self.reader(sample.text) }
        }
    }
}
