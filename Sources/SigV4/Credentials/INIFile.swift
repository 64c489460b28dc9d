/// `~/.aws/credentials` and `~/.aws/config` read exactly as botocore (and so the AWS CLI) reads
/// them: Python's `configparser.RawConfigParser` with its defaults, then botocore's rule for
/// indented sub-properties (`s3 =` blocks).
///
/// The dialect, rule by rule (each one is a case in `INIFileTests` and in the interop test that
/// compares with botocore):
/// - Lines end at `\n`, `\r\n` or a lone `\r`. The text must be UTF-8; a byte order mark is an
///   error, as it is for botocore (the first line is then not a section header).
/// - A line whose first non-blank character is `#` or `;` is a comment. There are **no inline
///   comments**: `aws_secret_access_key = secret # note` is the secret `secret # note`.
/// - `[name]` opens a section; the name is everything between the first `[` and the last `]`, kept
///   as written (case and inner spaces). A section named twice, or a key named twice in one
///   section, is an error (configparser's strict mode).
/// - `key = value` or `key: value`, split at the first `=` or `:`; the key is lowercased, key and
///   value are trimmed of blanks. A line that is neither is an error, as is one before any section.
/// - A line indented deeper than the key's line continues the value (joined with a newline);
///   blank lines inside it are kept, trailing ones dropped. A value that starts with such a block
///   (`s3 =` then indented `key = value` lines) is a sub-property block, kept apart in
///   ``Section/subsections``; a line without `=` in one is an error.
/// - `[DEFAULT]` is not a section: its keys are inherited by every section that lacks them.
///
/// Errors name the line. Secrets never appear in them: a message quotes at most a section name.
public struct INIFile: Sendable {
    /// One `[name]` section: its values by lowercased key.
    public struct Section: Sendable {
        /// The name between the brackets, as written.
        public let name: String
        /// Plain values by lowercased key (`[DEFAULT]`'s included where the section lacks them).
        public let values: [String: String]
        /// Sub-property blocks (`s3 =` followed by indented `key = value` lines), keys as written.
        public let subsections: [String: [String: String]]

        public subscript(key: String) -> String? { values[key] }
    }

    /// Sections in file order.
    public let sections: [Section]

    /// The section called `name` exactly (the credentials file names its profiles this way).
    public func section(_ name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// The config file's profiles as botocore names them: `[default]` is `default`, and
    /// `[profile NAME]` is `NAME` when the header splits into exactly two shell words (`[profile
    /// "my name"]` is `my name`; `[profile a b]` and unclosed quotes are ignored). Other sections
    /// (`[sso-session …]`, `[services …]`, a bare `[dev]`) are not profiles. When two sections
    /// give the same profile, the later one wins.
    public var profiles: [String: Section] {
        var profiles: [String: Section] = [:]
        for section in sections {
            if section.name.hasPrefix("profile") {
                if let words = ShellWords.split(section.name), words.count == 2 { profiles[words[1]] = section }
            } else if section.name == "default" {
                profiles["default"] = section
            }
        }
        return profiles
    }

    /// Reads a file's bytes; `path` only labels the errors.
    public init(bytes: some Collection<UInt8>, path: String = "") throws(SigV4Error) {
        let label = path.isEmpty ? "" : "\(path): "
        guard let text = String(validating: Array(bytes), as: UTF8.self) else {
            throw SigV4Error(.malformedProfileFile, "\(label)not UTF-8 text")
        }
        try self.init(text: text, label: label)
    }

    /// Reads a file's text.
    public init(text: String) throws(SigV4Error) {
        try self.init(text: text, label: "")
    }

    private init(text: String, label: String) throws(SigV4Error) {
        var reader = Reader()
        do {
            try reader.read(Array(text.unicodeScalars))
        } catch let error {
            throw SigV4Error(.malformedProfileFile, "\(label)line \(error.line): \(error.reason)")
        }
        var sections: [Section] = []
        sections.reserveCapacity(reader.order.count)
        for name in reader.order {
            var joined = reader.defaults.mapValues(Reader.join)
            for (key, lines) in reader.options[name] ?? [:] { joined[key] = Reader.join(lines) }
            var values: [String: String] = [:]
            var subsections: [String: [String: String]] = [:]
            for (key, value) in joined {
                guard value.unicodeScalars.first == "\n" else {
                    values[key] = value
                    continue
                }
                guard let nested = Reader.nested(value) else {
                    throw SigV4Error(
                        .malformedProfileFile,
                        "\(label)section `\(name)`: a line under `\(key) =` is not `key = value`"
                    )
                }
                subsections[key] = nested
            }
            sections.append(Section(name: name, values: values, subsections: subsections))
        }
        self.sections = sections
    }
}

/// configparser's `_read`, step for step, over Unicode scalars (Python strings are code points).
private struct Reader {
    struct Failure: Error {
        var line: Int
        var reason: String
    }

    /// Section names in file order (`DEFAULT` excluded).
    var order: [String] = []
    /// Each section's options: the lines of each value, joined at the end.
    var options: [String: [String: [String]]] = [:]
    var defaults: [String: [String]] = [:]

    mutating func read(_ text: [Unicode.Scalar]) throws(Failure) {
        if text.first == "\u{FEFF}" {
            throw Failure(line: 1, reason: "the file starts with a byte order mark (save it as UTF-8 without one)")
        }
        var section: String? = nil
        var option: String? = nil
        var indentLevel = 0
        var seenSections = Set<String>()
        var seenKeys = Set<[String]>()
        var firstError: Failure? = nil
        var lineNumber = 0
        for line in Self.lines(text) {
            lineNumber += 1
            let value = Self.strip(line)
            if value.first == "#" || value.first == ";" { continue }
            if value.isEmpty {
                // A blank line inside a value is kept (configparser's empty_lines_in_values).
                if let section, let option { append([], to: option, in: section) }
                continue
            }
            let indent = (line.firstIndex { !Self.isSpace($0) } ?? line.startIndex) - line.startIndex
            if let section, let option, indent > indentLevel {
                append(value, to: option, in: section)
                continue
            }
            indentLevel = indent
            if value.first == "[", let close = value.lastIndex(of: "]"), close - value.startIndex >= 2 {
                let name = String(String.UnicodeScalarView(value[(value.startIndex + 1)..<close]))
                if name == "DEFAULT" {
                    section = name
                } else {
                    guard seenSections.insert(name).inserted else {
                        throw Failure(line: lineNumber, reason: "section `\(name)` appears twice")
                    }
                    order.append(name)
                    options[name] = [:]
                    section = name
                }
                option = nil
                continue
            }
            guard let section else {
                throw Failure(line: lineNumber, reason: "a setting before any `[section]` header")
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                // configparser reads on and reports every such line at the end; the first is enough.
                if firstError == nil {
                    firstError = Failure(line: lineNumber, reason: "not `[section]`, `key = value` or a comment")
                }
                continue
            }
            let key = Self.lower(Self.strip(value[..<delimiter]))
            if key.isEmpty, firstError == nil {
                firstError = Failure(line: lineNumber, reason: "a value without a key")
            }
            guard seenKeys.insert([section, key]).inserted else {
                throw Failure(line: lineNumber, reason: "section `\(section)` names a key twice")
            }
            let text = Self.strip(value[value.index(after: delimiter)...])
            if section == "DEFAULT" {
                defaults[key] = [String(String.UnicodeScalarView(text))]
            } else {
                options[section, default: [:]][key] = [String(String.UnicodeScalarView(text))]
            }
            option = key
        }
        if let firstError { throw firstError }
    }

    private mutating func append(_ value: ArraySlice<Unicode.Scalar>, to option: String, in section: String) {
        let text = String(String.UnicodeScalarView(value))
        if section == "DEFAULT" {
            defaults[option, default: []].append(text)
        } else {
            options[section, default: [:]][option, default: []].append(text)
        }
    }

    /// `'\n'.join(lines).rstrip()`.
    static func join(_ lines: [String]) -> String {
        let joined = Array(lines.joined(separator: "\n").unicodeScalars)
        let end = joined.lastIndex { !isSpace($0) }.map { $0 + 1 } ?? 0
        return String(String.UnicodeScalarView(joined[..<end]))
    }

    /// botocore's `_parse_nested`: every non-blank line `key = value`, split at the first `=`.
    static func nested(_ value: String) -> [String: String]? {
        var parsed: [String: String] = [:]
        for line in splitLines(Array(value.unicodeScalars)) {
            let stripped = strip(line)
            if stripped.isEmpty { continue }
            guard let equals = stripped.firstIndex(of: "=") else { return nil }
            parsed[String(String.UnicodeScalarView(strip(stripped[..<equals])))] = String(
                String.UnicodeScalarView(strip(stripped[(equals + 1)...]))
            )
        }
        return parsed
    }

    /// Lines as Python's text files give them: `\n`, `\r\n` and a lone `\r` end a line.
    static func lines(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var index = 0
        while index < text.count {
            let scalar = text[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(text[start..<index])
                if scalar == "\r", index + 1 < text.count, text[index + 1] == "\n" { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < text.count { lines.append(text[start...]) }
        return lines
    }

    /// Python's `str.splitlines()` (which also breaks at VT, FF, FS, GS, RS, NEL, LS and PS).
    static func splitLines(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var index = 0
        while index < text.count {
            if breaks.contains(text[index].value) {
                lines.append(text[start..<index])
                if text[index] == "\r", index + 1 < text.count, text[index + 1] == "\n" { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < text.count { lines.append(text[start...]) }
        return lines
    }

    /// Python's `str.lower()` (configparser's `optionxform`): each scalar's full lowercase
    /// mapping, and Σ as final ς when a cased letter precedes it and none follows (case-ignorable
    /// scalars skipped) — the one context rule Python applies and Swift's `lowercased()` lacks,
    /// so `ΑΣ` and `ας` are one key to botocore (a duplicate) and must be here too.
    static func lower(_ text: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for index in text.indices {
            let scalar = text[index]
            guard scalar == "\u{03A3}" else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                continue
            }
            let before = text[..<index].last { !$0.properties.isCaseIgnorable }
            let after = text[(index + 1)...].first { !$0.properties.isCaseIgnorable }
            let final = before?.properties.isCased == true && after?.properties.isCased != true
            out.append(final ? "\u{03C2}" : "\u{03C3}")
        }
        return String(out)
    }

    /// Python's `str.isspace()` (also what `\s` and `\S` match in configparser's patterns).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.strip()`.
    static func strip(_ text: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.startIndex..<text.startIndex] }
        return text[first...last]
    }
}
