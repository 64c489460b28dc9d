import GatehouseCore
import IAMPolicy
import IAMPolicyYAML
import TestSupport
import Testing

/// The strict parser's cost grows linearly with its input (issue 16 A4, A5): paths are links built
/// into text only for errors, and duplicate keys are found by hashing.
@Suite("Policy JSON: cost and paths")
struct PolicyJSONCostTests {
    static let limit = JSONParser.Limits().maxBytes

    /// `{"k…k": [0,0,…]}` up to the size limit: with a path string per value this kept the long key
    /// once per element (a 300 KB policy took 9.8 GB).
    @Test(arguments: [16, 1_000, 100_000, 500_000])
    func longKeyAboveALongArray(_ keyLength: Int) throws {
        let key = String(repeating: "k", count: keyLength)
        var text = "{\"\(key)\": ["
        let elements = (Self.limit - text.utf8.count - 3) / 2
        text += Array(repeating: "0", count: elements).joined(separator: ",") + "]}"
        #expect(text.utf8.count <= Self.limit)
        let started = ContinuousClock.now
        let node = try JSONParser.parse(text)
        #expect(ContinuousClock.now - started < .seconds(10))
        guard case .object(let members) = node.value, case .array(let list) = members[0].value.value else {
            Issue.record("unexpected tree")
            return
        }
        #expect(list.count == elements)
        if keyLength <= 1_000 {
            #expect(list[list.count - 1].location.path == "$.\(key)[\(elements - 1)]")
        }
    }

    /// Nesting to the depth limit with long keys at every level, a long array at the bottom.
    @Test func deepLongKeysAboveALongArray() throws {
        let depth = JSONParser.Limits().maxDepth - 1
        let keyLength = 8_000
        var text = ""
        for level in 0..<depth { text += "{\"\(level)" + String(repeating: "k", count: keyLength) + "\":" }
        text += "["
        let closing = "]" + String(repeating: "}", count: depth)
        let elements = (Self.limit - text.utf8.count - closing.utf8.count) / 2
        text += Array(repeating: "1", count: elements).joined(separator: ",") + closing
        let started = ContinuousClock.now
        _ = try JSONParser.parse(text)
        #expect(ContinuousClock.now - started < .seconds(10))
        // One past the limit is refused, and the error names the path.
        let over = String(repeating: "{\"a\":", count: depth + 2) + "1" + String(repeating: "}", count: depth + 2)
        do {
            _ = try JSONParser.parse(over)
            Issue.record("accepted nesting past the limit")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.path == "$" + String(repeating: ".a", count: depth + 1))
        }
    }

    /// Errors still name the path the string paths gave, at every kind of step.
    @Test(arguments: [
        (#"{"a": [1, {"b": tru}]}"#, "$.a[1].b"),
        (#"{"a": {"b": {"c": [[0, 1, 2, "\x"]]}}}"#, "$.a.b.c[0][3]"),
        (#"{"a": 1, "b": {"c": 1, "c": 2}}"#, "$.b.c"),
        (#"[{"x.y": [0, -]}]"#, "$[0].x.y[1]"),
        (#"{"a": [1, 2"#, "$.a"),
        (#"{"": {"": 01}}"#, "$.."),
    ])
    func errorPathsAreUnchanged(_ text: String, _ path: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }

    @Test func locationPathsReadAndWrite() throws {
        let node = try JSONParser.parse(#"{"Statement": [{"Action": "s3:*"}]}"#)
        guard case .object(let root) = node.value, case .array(let statements) = root[0].value.value,
            case .object(let statement) = statements[0].value
        else {
            Issue.record("unexpected tree")
            return
        }
        var location = statement[0].value.location
        #expect(location.path == "$.Statement[0].Action")
        #expect(location == JSONLocation(line: location.line, column: location.column, path: "$.Statement[0].Action"))
        #expect(JSONPath.root.appending(key: "Statement").appending(index: 0).description == "$.Statement[0]")
        location.path = "$.Other"
        #expect(location.path == "$.Other")
    }

    /// Many keys, up to the size limit: a linear search per key took 55 s for 1 MiB.
    @Test(arguments: ["short", "shared-prefix", "numbers", "unicode"])
    func manyKeysAreCheckedInLinearTime(_ shape: String) throws {
        var text = "{"
        var index = 0
        let prefix = String(repeating: "p", count: 200)
        while text.utf8.count < Self.limit - 300 {
            let key: String
            switch shape {
            case "short": key = String(index, radix: 36)
            case "shared-prefix": key = prefix + String(index)
            case "numbers": key = String(index)
            default: key = "é\(index)ü"
            }
            text += (index == 0 ? "" : ",") + "\"\(key)\":0"
            index += 1
        }
        text += "}"
        let started = ContinuousClock.now
        let node = try JSONParser.parse(text)
        #expect(ContinuousClock.now - started < .seconds(10))
        if case .object(let members) = node.value { #expect(members.count == index) }
    }

    /// A duplicate is found wherever it stands: first, middle or last key, against the first,
    /// middle or last earlier key, on both sides of the list/hash switch.
    @Test(arguments: [2, 3, 8, 9, 10, 17, 1_000, 50_000])
    func duplicatesAreFoundAnywhere(_ count: Int) {
        var random = SeededRandom(seed: UInt64(count))
        let keys = (0..<count).map { "key-\($0)-" + String(repeating: "x", count: random.below(5)) }
        let pairs = [(0, count), (count / 2, count), (count - 1, count), (0, 1), (count - 1, count - 1)]
        for (original, insertAt) in pairs {
            var withDuplicate = keys
            withDuplicate.insert(keys[original], at: min(insertAt, withDuplicate.count))
            let text = "{" + withDuplicate.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
            do {
                _ = try JSONParser.parse(text)
                Issue.record("accepted a duplicate of key \(original) of \(count)")
            } catch {
                #expect(error.code == .duplicateKey)
                #expect(error.path == "$.\(keys[original])")
                #expect(error.message.contains("`\(keys[original])`"))
            }
            var detector = DuplicateKeyDetector()
            var refused = 0
            for key in withDuplicate where !detector.insert(key) { refused += 1 }
            #expect(refused == 1)
        }
    }

    /// Keys compare as their UTF-8 bytes, in JSON and YAML alike: only the same bytes twice is a
    /// duplicate; canonically equivalent spellings (a precomposed and a decomposed `é`, `K` and the
    /// Kelvin sign), case and compatibility variants are different keys (see `DuplicateKeyDetector`).
    /// (They were refused as duplicates while keys compared as Swift strings; the JSON module now
    /// compares bytes everywhere, as IAM and the token fast path do.)
    @Test(arguments: [
        ("\u{E9}", "e\u{301}", false),
        ("K", "\u{212A}", false),
        ("\u{C5}", "\u{212B}", false),
        ("Effect", "Effect", true),
        ("Effect", "effect", false),
        ("K", "\u{FF2B}", false),
        ("a", "a\u{200B}", false),
        ("ﬁ", "fi", false),
    ])
    func unicodeSpellingsOfAKey(_ first: String, _ second: String, _ duplicate: Bool) {
        // Below and above the list/hash switch.
        for padding in [0, 20] {
            let filler = (0..<padding).map { "\"f\($0)\": 0, " }.joined()
            let text = "{" + filler + "\"\(first)\": 1, \"\(second)\": 2}"
            let json = Result { () throws(JSONError) in try JSONParser.parse(text) }.mapError(PolicyError.init)
            let yamlText = (0..<padding).map { "f\($0): 0\n" }.joined() + "\"\(first)\": 1\n\"\(second)\": 2\n"
            let yaml = Result { () throws(PolicyError) in try PolicyYAML.tree(yamlText) }
            for result in [json.map { _ in () }, yaml.map { _ in () }] {
                switch result {
                case .success: #expect(!duplicate, "accepted \(first.unicodeScalars) and \(second.unicodeScalars)")
                case .failure(let error):
                    #expect(duplicate, "\(error)")
                    #expect(error.code == .duplicateKey)
                }
            }
        }
    }

    /// YAML mappings: many keys in bounded time, duplicates found anywhere.
    @Test func yamlManyKeysAndDuplicates() throws {
        var yaml = ""
        var count = 0
        while yaml.utf8.count < PolicyYAML.maxBytes - 100 {
            yaml += "k\(count): 0\n"
            count += 1
        }
        let started = ContinuousClock.now
        _ = try PolicyYAML.tree(yaml)
        #expect(ContinuousClock.now - started < .seconds(10))
        for duplicate in [0, count / 2, count - 1] {
            do {
                _ = try PolicyYAML.tree("k\(duplicate): 1\n" + yaml)
                Issue.record("accepted a duplicate k\(duplicate)")
            } catch {
                #expect(error.code == .duplicateKey)
                #expect(error.path == "$.k\(duplicate)")
            }
        }
    }
}
