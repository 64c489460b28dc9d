/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]` headers,
/// `key = value` lines, `#` and `;` comments, and indented sub-properties (such as `s3 =` blocks),
/// which are skipped.
struct INIFile {
    /// Sections in file order; later duplicates of a key win, as in botocore.
    var sections: [String: [String: String]] = [:]

    init(text: String) {
        var current: String? = nil
        var inNestedBlock = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let isIndented = line.first == " " || line.first == "\t"
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = trimmed.dropFirst().dropLast().trimmingSpaces()
                current = String(name)
                if sections[String(name)] == nil { sections[String(name)] = [:] }
                inNestedBlock = false
                continue
            }
            guard let section = current, let equals = trimmed.firstIndex(of: "=") else { continue }
            if isIndented && inNestedBlock { continue }
            let key = trimmed[..<equals].trimmingSpaces().lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingSpaces()
            // Inline comments need whitespace before the marker, as in botocore.
            var index = value.startIndex
            while index < value.endIndex {
                let next = value.index(after: index)
                if (value[index] == " " || value[index] == "\t"), next < value.endIndex,
                    value[next] == "#" || value[next] == ";"
                {
                    value = value[..<index].trimmingSpaces()
                    break
                }
                index = next
            }
            inNestedBlock = value.isEmpty
            sections[section, default: [:]][key] = String(value)
        }
    }
}
