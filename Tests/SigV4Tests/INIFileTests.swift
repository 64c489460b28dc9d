import SigV4
import TestSupport
import Testing

/// One file and what botocore 1.43's `raw_config_parse` makes of it (expectations generated from
/// botocore itself; the interop test `test_profile_files.py` keeps comparing the CLI with it).
struct INICase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    /// `nil`: botocore refuses the file.
    var order: [String]?
    var values: [String: [String: String]] = [:]
    /// `section.key` → the block's keys.
    var subsections: [String: [String: String]] = [:]

    init(_ name: String, _ text: String, error: Bool) {
        (self.name, self.text, self.order) = (name, text, nil)
    }

    init(
        _ name: String,
        _ text: String,
        order: [String],
        values: [String: [String: String]],
        subsections: [String: [String: String]]
    ) {
        (self.name, self.text, self.order, self.values, self.subsections) = (name, text, order, values, subsections)
    }

    var testDescription: String { name }

    static let all: [INICase] = [
        INICase(
            "plain",
            "[default]\naws_access_key_id = AKID\naws_secret_access_key = secret\n",
            order: ["default"],
            values: ["default": ["aws_access_key_id": "AKID", "aws_secret_access_key": "secret"]],
            subsections: [:]
        ),
        INICase(
            "inline hash is part of the value",
            "[default]\naws_secret_access_key = secret # comment\n",
            order: ["default"],
            values: ["default": ["aws_secret_access_key": "secret # comment"]],
            subsections: [:]
        ),
        INICase(
            "inline semicolon is part of the value",
            "[default]\naws_secret_access_key = secret ; comment\nregion=us-east-1;x\n",
            order: ["default"],
            values: ["default": ["aws_secret_access_key": "secret ; comment", "region": "us-east-1;x"]],
            subsections: [:]
        ),
        INICase(
            "comment lines, indented too",
            "# top\n; top\n[default]\n  # indented\n\t; tab\nkey = v\n#key = w\n",
            order: ["default"],
            values: ["default": ["key": "v"]],
            subsections: [:]
        ),
        INICase(
            "quotes are kept",
            "[default]\na = \"quoted\"\nb = 'single'\nc = \"half\n",
            order: ["default"],
            values: ["default": ["a": "\"quoted\"", "b": "'single'", "c": "\"half"]],
            subsections: [:]
        ),
        INICase(
            "continuation lines",
            "[default]\nkey = first\n  second\n\n  third\n\nother = x\n",
            order: ["default"],
            values: ["default": ["key": "first\nsecond\n\nthird", "other": "x"]],
            subsections: [:]
        ),
        INICase(
            "trailing blank lines of a value dropped",
            "[default]\nkey = first\n  second\n\n\n",
            order: ["default"],
            values: ["default": ["key": "first\nsecond"]],
            subsections: [:]
        ),
        INICase(
            "sub-property block",
            "[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n  signature_version=s3v4\n",
            order: ["profile dev"],
            values: ["profile dev": ["region": "eu-west-1"]],
            subsections: ["profile dev.s3": ["addressing_style": "path", "signature_version": "s3v4"]]
        ),
        INICase("sub-property block line without equals", "[default]\ns3 =\n  junk\n", error: true),
        INICase(
            "sub-property block with blank line",
            "[default]\ns3 =\n\n  a = b\n",
            order: ["default"],
            values: ["default": [:]],
            subsections: ["default.s3": ["a": "b"]]
        ),
        INICase(
            "comment inside a continuation",
            "[default]\nkey = a\n  # not part\n  b\n",
            order: ["default"],
            values: ["default": ["key": "a\nb"]],
            subsections: [:]
        ),
        INICase("duplicate section", "[default]\na = 1\n[other]\nb = 2\n[default]\nc = 3\n", error: true),
        INICase("duplicate key", "[default]\na = 1\na = 2\n", error: true),
        INICase(
            "duplicate key in other case",
            "[default]\nAWS_ACCESS_KEY_ID = 1\naws_access_key_id = 2\n",
            error: true
        ),
        INICase(
            "same key in two sections",
            "[a]\nk = 1\n[b]\nk = 2\n",
            order: ["a", "b"],
            values: ["a": ["k": "1"], "b": ["k": "2"]],
            subsections: [:]
        ),
        INICase(
            "CRLF",
            "[default]\r\naws_access_key_id = AKID\r\naws_secret_access_key = s\r\n",
            order: ["default"],
            values: ["default": ["aws_access_key_id": "AKID", "aws_secret_access_key": "s"]],
            subsections: [:]
        ),
        INICase(
            "lone CR",
            "[default]\raws_access_key_id = AKID\raws_secret_access_key = s\r",
            order: ["default"],
            values: ["default": ["aws_access_key_id": "AKID", "aws_secret_access_key": "s"]],
            subsections: [:]
        ),
        INICase("byte order mark", "\u{FEFF}[default]\naws_access_key_id = AKID\n", error: true),
        INICase(
            "blanks around key and value",
            "[default]\n\taws_access_key_id\t=\t AKID \t\nregion =\u{A0}us-east-1\u{A0}\n",
            order: ["default"],
            values: ["default": ["aws_access_key_id": "AKID", "region": "us-east-1"]],
            subsections: [:]
        ),
        INICase(
            "colon delimiter",
            "[default]\nregion: us-west-2\nurl = https://example.com:443/x\nweird:key = v\n",
            order: ["default"],
            values: ["default": ["region": "us-west-2", "url": "https://example.com:443/x", "weird": "key = v"]],
            subsections: [:]
        ),
        INICase(
            "equals inside the value",
            "[default]\nk = a=b==c\n",
            order: ["default"],
            values: ["default": ["k": "a=b==c"]],
            subsections: [:]
        ),
        INICase(
            "keys are lowercased, section names are not",
            "[Default]\nAWS_Access_Key_ID = AKID\n[ spaced ]\nk = v\n",
            order: ["Default", " spaced "],
            values: ["Default": ["aws_access_key_id": "AKID"], " spaced ": ["k": "v"]],
            subsections: [:]
        ),
        INICase(
            "text after the header",
            "[profile x] ; comment\nk = v\n",
            order: ["profile x"],
            values: ["profile x": ["k": "v"]],
            subsections: [:]
        ),
        INICase(
            "brackets in a header",
            "[a]b]\nk = v\n",
            order: ["a]b"],
            values: ["a]b": ["k": "v"]],
            subsections: [:]
        ),
        INICase("setting before any section", "k = v\n[default]\n", error: true),
        INICase("line that is no setting", "[default]\njust words\n", error: true),
        INICase("value without a key", "[default]\n= v\n", error: true),
        INICase(
            "DEFAULT is inherited",
            "[DEFAULT]\nregion = eu-central-1\nk = base\n[a]\nk = own\n[b]\n",
            order: ["a", "b"],
            values: ["a": ["k": "own", "region": "eu-central-1"], "b": ["region": "eu-central-1", "k": "base"]],
            subsections: [:]
        ),
        INICase(
            "empty value",
            "[default]\naws_session_token =\nregion = x\n",
            order: ["default"],
            values: ["default": ["aws_session_token": "", "region": "x"]],
            subsections: [:]
        ),
        INICase(
            "indented header continues a value",
            "[default]\nk = v\n  [other]\nj = w\n",
            order: ["default"],
            values: ["default": ["k": "v\n[other]", "j": "w"]],
            subsections: [:]
        ),
        INICase("empty brackets", "[default]\n[]\n", error: true),
        INICase(
            "key with inner spaces",
            "[default]\nmy key = v\n",
            order: ["default"],
            values: ["default": ["my key": "v"]],
            subsections: [:]
        ),
        INICase(
            "no trailing newline",
            "[default]\nk = v",
            order: ["default"],
            values: ["default": ["k": "v"]],
            subsections: [:]
        ),
        INICase("empty file", "", order: [], values: [:], subsections: [:]),
        INICase(
            "unicode whitespace stripped",
            "[default]\nk = \u{2003}v\u{2003}\n",
            order: ["default"],
            values: ["default": ["k": "v"]],
            subsections: [:]
        ),
        INICase(
            "vertical tab inside a sub-property block",
            "[default]\ns3 =\n  a = 1\u{B}b = 2\n",
            order: ["default"],
            values: ["default": [:]],
            subsections: ["default.s3": ["a": "1", "b": "2"]]
        ),
    ]
}

@Suite("INI files as botocore reads them")
struct INIFileTests {
    @Test(arguments: INICase.all)
    func readsLikeBotocore(_ item: INICase) throws {
        guard let order = item.order else {
            #expect(throws: SigV4Error(.malformedProfileFile, "")) { try INIFile(text: item.text) }
            return
        }
        let file = try INIFile(text: item.text)
        #expect(file.sections.map(\.name) == order)
        for section in file.sections {
            #expect(section.values == item.values[section.name] ?? [:], "section `\(section.name)`")
            for (key, block) in section.subsections {
                #expect(item.subsections["\(section.name).\(key)"] == block, "block `\(section.name).\(key)`")
            }
        }
        #expect(file.sections.reduce(0) { $0 + $1.subsections.count } == item.subsections.count)
    }

    @Test("the same text read as bytes, with LF, CRLF and CR line ends")
    func lineEnds() throws {
        let text = "[default]\naws_access_key_id = AKID\naws_secret_access_key = s # c\n  more\n"
        for end in ["\n", "\r\n", "\r"] {
            let bytes = Array(text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: end).utf8)
            let file = try INIFile(bytes: bytes, path: "creds")
            #expect(file.section("default")?["aws_secret_access_key"] == "s # c\nmore")
        }
    }

    @Test("bytes that are not UTF-8 are refused, naming the file; secrets stay out of messages")
    func notUTF8() {
        do {
            _ = try INIFile(bytes: Array("[default]\nk = \u{FF}".utf8).dropLast(2) + [0xFF], path: "/tmp/creds")
            Issue.record("accepted bytes that are not UTF-8")
        } catch {
            #expect(error.code == .malformedProfileFile)
            #expect(error.message.contains("/tmp/creds"))
        }
        do {
            _ = try INIFile(text: "[default]\naws_secret_access_key = hunter2hunter2\naws_secret_access_key = x\n")
            Issue.record("accepted a repeated key")
        } catch {
            #expect(error.message.contains("line 3"))
            #expect(!error.message.contains("hunter2"))
        }
    }

    /// `[default]` and `[profile NAME]` (NAME as `shlex.split` reads it), the later one winning.
    @Test(arguments: [
        ("[profile dev]\nk = 1\n", "dev", "1"),
        ("[profile  dev]\nk = 1\n", "dev", "1"),
        ("[profile \"my dev\"]\nk = 1\n", "my dev", "1"),
        ("[profile 'my dev']\nk = 1\n", "my dev", "1"),
        ("[profile a\\ b]\nk = 1\n", "a b", "1"),
        ("[profile a b]\nk = 1\n", "a", nil),
        ("[profile a b]\nk = 1\n", "b", nil),
        ("[profile 'open]\nk = 1\n", "open", nil),
        ("[profilex y]\nk = 1\n", "y", "1"),
        ("[dev]\nk = 1\n", "dev", nil),
        ("[ profile dev]\nk = 1\n", "dev", nil),
        ("[default]\nk = 1\n", "default", "1"),
        ("[Default]\nk = 1\n", "default", nil),
        ("[default]\nk = 1\n[profile default]\nk = 2\n", "default", "2"),
        ("[profile default]\nk = 2\n[default]\nk = 1\n", "default", "1"),
        ("[sso-session s]\nk = 1\n", "s", nil),
    ])
    func configProfiles(_ text: String, _ profile: String, _ value: String?) throws {
        #expect(try INIFile(text: text).profiles[profile]?["k"] == value)
    }

    /// Random files from the characters that matter never trap, and a file read twice reads the same.
    @Test func fuzz() {
        let pieces = [
            "[", "]", "=", ":", "#", ";", " ", "\t", "\n", "\r", "\r\n", "a", "K", "profile ", "\"", "'",
            "\\", "DEFAULT", "\u{A0}", "\u{FEFF}", "\u{2028}", "\u{B}", "\u{0}", "é",
        ]
        var random = SeededRandom(seed: 0x1A1)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<random.below(60) { text += pieces[random.below(pieces.count)] }
            let first = try? INIFile(text: text)
            let second = try? INIFile(text: text)
            #expect(first?.sections.map(\.values) == second?.sections.map(\.values))
            _ = first?.profiles
        }
    }

    /// A file of many sections and long continued values reads in time linear in its size.
    @Test func largeFileIsLinear() throws {
        var text = ""
        for index in 0..<20_000 {
            text += "[profile p\(index)]\naws_access_key_id = AKID\(index)\nnote = a\n  b\n  c\n"
        }
        let clock = ContinuousClock()
        let started = clock.now
        let file = try INIFile(text: text)
        let elapsed = clock.now - started
        #expect(file.sections.count == 20_000)
        #expect(file.profiles["p19999"]?["note"] == "a\nb\nc")
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }
}
