import Foundation
import SigV4
import Testing

/// `INIFile` against botocore itself on hostile files: 1,000 seeded files (generated, with
/// botocore's reading of each, by `TestVectors/sigv4/generate_ini_fuzz.py`) — BOMs, every line
/// end, NUL and other control characters, Unicode blanks and line separators, odd and repeated
/// section headers, continuation and sub-property lines, keys whose lowercase depends on context.
/// Either both refuse the file, or both give the same sections, in order, with the same values
/// and blocks. The reader never traps on any of them.
@Suite("INI files under attack, compared with botocore")
struct INIFileAttackTests {
    struct Case {
        var index: Int
        var text: String
        var error: Bool
        var sections: [(name: String, values: [String: String], subsections: [String: [String: String]])]
    }

    static func cases() throws -> [Case] {
        let root = try #require(try TestVectors.json("sigv4/ini-fuzz.json") as? [String: Any])
        let list = try #require(root["cases"] as? [[String: Any]])
        return try list.map { entry in
            let sections = (entry["sections"] as? [[String: Any]] ?? []).map { section in
                (
                    name: section["name"] as? String ?? "",
                    values: section["values"] as? [String: String] ?? [:],
                    subsections: section["subsections"] as? [String: [String: String]] ?? [:]
                )
            }
            return Case(
                index: try #require(entry["index"] as? Int),
                text: try #require(entry["text"] as? String),
                error: try #require(entry["error"] as? Bool),
                sections: sections
            )
        }
    }

    @Test func agreesWithBotocore() throws {
        let cases = try Self.cases()
        #expect(cases.count == 1000)
        var disagreements: [String] = []
        for item in cases {
            let parsed: INIFile?
            do {
                parsed = try INIFile(bytes: Array(item.text.utf8), path: "config")
            } catch {
                parsed = nil
                #expect(error.code == .malformedProfileFile)
                #expect(error.message.hasPrefix("config: "), "\(error.message)")
            }
            guard let parsed else {
                if !item.error { disagreements.append("case \(item.index): refused, botocore reads it") }
                continue
            }
            guard !item.error else {
                disagreements.append("case \(item.index): read, botocore refuses it")
                continue
            }
            let names = parsed.sections.map(\.name)
            guard names.map({ Array($0.utf8) }) == item.sections.map({ Array($0.name.utf8) }) else {
                disagreements.append("case \(item.index): sections \(names) vs \(item.sections.map(\.name))")
                continue
            }
            for (section, expected) in zip(parsed.sections, item.sections) {
                // Compared as bytes: `==` would equate canonically equivalent keys.
                func bytes(_ values: [String: String]) -> [[UInt8]: [UInt8]] {
                    Dictionary(uniqueKeysWithValues: values.map { (Array($0.key.utf8), Array($0.value.utf8)) })
                }
                if bytes(section.values) != bytes(expected.values) {
                    disagreements.append(
                        "case \(item.index) [\(section.name)]: \(section.values) vs \(expected.values)"
                    )
                }
                let subsections = section.subsections.mapValues(bytes)
                if Dictionary(uniqueKeysWithValues: subsections.map { (Array($0.key.utf8), $0.value) })
                    != Dictionary(
                        uniqueKeysWithValues: expected.subsections.map { (Array($0.key.utf8), bytes($0.value)) }
                    )
                {
                    disagreements.append("case \(item.index) [\(section.name)] blocks differ")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(8))")
    }
}
