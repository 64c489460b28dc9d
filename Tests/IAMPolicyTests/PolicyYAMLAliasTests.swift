import GatehouseCore
import IAMPolicy
import IAMPolicyYAML
import Testing

/// YAML aliases, anchors and tags are refused from libyaml's events, whatever the spelling
/// (issue 16 A3: a text scan was defeated by a tab or a quote, and a 427-byte file took 40 s).
@Suite("YAML policy documents: aliases, anchors and tags")
struct PolicyYAMLAliasTests {
    static let statement = "{Effect: Allow, Action: \"execute-api:Invoke\", Resource: \"*\"}"

    /// Every place an alias or anchor can stand, in block and flow style, with tabs, quotes,
    /// comments, merge keys, complex keys and nesting.
    static let aliasSpellings: [String] = [
        // block mapping values, plain, tab-separated, quoted keys
        "a: &x 1\nb: *x",
        "a:\t&x 1\nb:\t*x",
        "\"a\": &x \"v\"\n'b': *x",
        "a: &x\t1\nb: *x\t# comment",
        "a: &x 1 # &y\nb: *x",
        // anchors alone are refused too (nothing else needs them)
        "a: &x 1",
        "a: &x\n  - 1",
        "a: &x\n  k: v",
        "&root {a: 1}",
        "&root\na: 1",
        "--- &root\na: 1",
        // anchors on keys, aliases as keys
        "&k a: 1",
        "a: &k b\n*k : 2",
        "{&k a: 1}",
        // flow sequences and mappings, with and without spaces and tabs
        "[&x 1, *x]",
        "[&x 1,*x]",
        "[&x\t1,\t*x]",
        "{a: &x 1, b: *x}",
        "{a: &x 1,b: *x}",
        "{\"a\": &x 1, \"b\": *x}",
        // merge keys
        "base: &b {Effect: Allow}\nmerged:\n  <<: *b",
        "base: &b {Effect: Allow}\nmerged: {<<: *b}",
        "base: &b {Effect: Allow}\nmerged:\n  <<: [*b]",
        "base: &b {Effect: Allow}\nmerged:\n  \"<<\": *b",
        // complex keys naming a structure (Yams would hash the whole key)
        "a: &x [1, 2]\n? *x\n: 1",
        "a: &x [1, 2]\n? [*x, *x]\n: 1",
        "a: &x {k: v}\n{*x : 1}",
        // nesting
        "- - - &x [1]\n- *x",
        "Statement:\n  - &s \(statement)\n  - *s",
        "Statement: [&a {Effect: Allow}, *a]",
        "Statement:\n- Condition:\n    StringEquals:\n      k: &v [a, b]\n- Condition:\n    StringEquals:\n      k: *v",
        // undefined aliases and aliases in odd places
        "a: *nope",
        "[*nope]",
        "- *nope",
        // multi-line flow collections
        "[\n  &x 1,\n  *x\n]",
        "{\n\ta: &x 1,\n\tb: *x\n}",
    ]

    @Test(arguments: aliasSpellings)
    func aliasesAndAnchorsAreRefused(_ yaml: String) {
        do {
            _ = try PolicyYAML.tree(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            // Undefined aliases may be caught by libyaml itself (never by a text scan).
            #expect(error.message.contains("anchors and aliases") || error.code == .invalidJSON, "\(error)")
        }
    }

    /// Explicit tags of every kind: the standard ones, local, verbatim, non-specific, by directive.
    static let tagSpellings: [String] = [
        "a: !!binary aGVsbG8=",
        "a: !!str x",
        "a: !!int 3",
        "a: !!bool true",
        "a: !!null ''",
        "a: !!float 1.5",
        "a: !!timestamp 2012-10-17",
        "a: !!map {k: v}",
        "a: !!seq [1]",
        "a: !!set {x}",
        "a: !!omap [{k: v}]",
        "a: !local x",
        "a: ! x",
        "a: !<tag:yaml.org,2002:str> x",
        "a:\t!!binary\taGVsbG8=",
        "!!map {a: 1}",
        "!!str a: 1",
        "[!!binary aGVsbG8=]",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!thing x",
        "a: !!binary |\n  aGVsbG8=",
        "Statement:\n  - Effect: !!str Allow\n    Action: \"*\"\n    Resource: \"*\"",
    ]

    @Test(arguments: tagSpellings)
    func tagsAreRefused(_ yaml: String) {
        do {
            _ = try PolicyYAML.tree(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.code == .invalidValue, "\(error)")
            #expect(error.message.contains("tags are not allowed"), "\(error)")
        }
    }

    /// `*` and `&` that are not YAML syntax stay text.
    @Test(arguments: [
        "Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action: s3:*\n    Resource: arn:aws:s3:::bucket/*",
        "Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action: \"*\"\n    Resource: '*'",
        "Version: 2012-10-17\nStatement:\n  - Sid: \"&notAnAnchor\"\n    Effect: Allow\n    Action: 's3:Get*'\n    Resource: \"*&*\"",
        "Version: 2012-10-17\nStatement: [{Effect: Allow, Action: \"s3:*\", Resource: \"a*b&c\"}]",
    ])
    func wildcardsAndAmpersandsInTextAreKept(_ yaml: String) throws {
        let document = try PolicyYAML.parse(yaml, kind: .identity)
        #expect(document.statements.count == 1)
    }

    /// Billion-laughs documents in several spellings: refused at the first anchor, in time that
    /// does not depend on what the aliases would expand to.
    @Test(arguments: ["block", "flow-tabs", "complex-key", "merge", "quoted"])
    func billionLaughsIsRefusedFast(_ shape: String) {
        var bomb = ""
        switch shape {
        case "block":
            bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for level in 1..<12 {
                bomb += "a\(level): &a\(level)\n"
                for _ in 0..<10 { bomb += "  - *a\(level - 1)\n" }
            }
        case "flow-tabs":
            bomb = "a0:\t&a0\t[x,x,x,x,x,x,x,x,x,x]\n"
            for level in 1..<12 {
                bomb +=
                    "a\(level):\t&a\(level)\t[" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",\t")
                bomb += "]\n"
            }
        case "complex-key":
            bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for level in 1..<12 {
                bomb +=
                    "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                bomb += "]\n"
            }
            bomb += "? *a11\n: 1\n? [*a11, *a11]\n: 2\n"
        case "merge":
            bomb = "a0: &a0 {k0: x, k1: x, k2: x}\n"
            for level in 1..<12 { bomb += "a\(level): &a\(level) {<<: [*a\(level - 1), *a\(level - 1)]}\n" }
        default:
            bomb = "\"a0\": &a0 [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n"
            for level in 1..<12 {
                bomb += "'a\(level)': &a\(level) ["
                bomb += Array(repeating: "*a\(level - 1)", count: 10).joined(separator: " , ") + "]\n"
            }
        }
        let started = ContinuousClock.now
        do {
            _ = try PolicyYAML.tree(bomb)
            Issue.record("accepted a \(shape) bomb")
        } catch {
            #expect(error.message.contains("anchors and aliases"), "\(error)")
            #expect(error.line == 1)
        }
        #expect(ContinuousClock.now - started < .milliseconds(500))
    }

    /// Sizes up to the documented limits: a 1 MiB policy of many statements parses in bounded
    /// time; nesting is bounded as it is read (Yams composed recursively, without a limit).
    @Test func sizesUpToTheLimitsAreBounded() throws {
        var yaml = "Version: 2012-10-17\nStatement:\n"
        let line = "  - {Effect: Allow, Action: \"s3:GetObject\", Resource: \"arn:aws:s3:::bucket/*\"}\n"
        while yaml.utf8.count + line.utf8.count <= PolicyYAML.maxBytes { yaml += line }
        var started = ContinuousClock.now
        let tree = try PolicyYAML.tree(yaml)
        #expect(ContinuousClock.now - started < .seconds(10))
        if case .object(let members) = tree.value, case .array(let statements) = members[1].value.value {
            #expect(statements.count > 10_000)
        } else {
            Issue.record("unexpected tree")
        }
        #expect(throws: PolicyError.self) { try PolicyYAML.tree(yaml + line) }

        let deepest =
            String(repeating: "[", count: PolicyYAML.maxDepth) + String(repeating: "]", count: PolicyYAML.maxDepth)
        _ = try PolicyYAML.tree(deepest)
        for depth in [PolicyYAML.maxDepth + 1, 10_000, 500_000] {
            started = ContinuousClock.now
            do {
                _ = try PolicyYAML.tree(String(repeating: "[", count: depth))
                Issue.record("accepted nesting \(depth)")
            } catch {
                #expect(error.code == .tooLarge || error.code == .invalidJSON, "\(error)")
            }
            #expect(ContinuousClock.now - started < .seconds(2))
        }
        // Block nesting too.
        var block = ""
        for level in 0...PolicyYAML.maxDepth { block += String(repeating: " ", count: level) + "k:\n" }
        #expect(throws: PolicyError.self) { try PolicyYAML.tree(block + String(repeating: " ", count: 40) + "v") }
    }

    @Test func oneDocumentPerFile() {
        #expect(throws: PolicyError.self) { try PolicyYAML.tree("a: 1\n---\nb: 2\n") }
        #expect(throws: PolicyError.self) { try PolicyYAML.tree("") }
        #expect(throws: PolicyError.self) { try PolicyYAML.tree("# only a comment\n") }
    }
}
