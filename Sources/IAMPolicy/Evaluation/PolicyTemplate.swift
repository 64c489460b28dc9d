/// A policy string that may hold variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`
/// and the escapes `${*}`, `${?}`, `${$}` (reference/iam.md §4.6).
///
/// Substituted values and escapes are literal: a `*` in a tag value never becomes a wildcard.
/// Variables are substituted only under `"Version": "2012-10-17"`; the caller decides.
struct PolicyTemplate: Sendable {
    enum Part: Sendable {
        /// Policy text, where `*` and `?` are wildcards (for `Like` operators and resources).
        case text(String)
        /// Text that is always literal (an escape).
        case literal(String)
        /// `key` is stored in lower case (context keys compare case-insensitively).
        case variable(key: String, defaultValue: String?)
    }

    let parts: [Part]

    var hasVariables: Bool {
        parts.contains { if case .variable = $0 { return true } else { return false } }
    }

    /// Whether `text` contains `${` — a byte scan, so compiling thousands of statements does not
    /// pay for `Character` searches.
    static func mayHoldVariables(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }

    /// A template with no variables: every `*` and `?` is a wildcard.
    init(literalText text: String) {
        parts = [.text(text)]
    }

    init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                parts.append(.text(String(rest[open.lowerBound...])))
                rest = rest[rest.endIndex...]
                break
            }
            let inner = rest[open.upperBound..<close]
            switch inner {
            case "*", "?", "$": parts.append(.literal(String(inner)))
            default:
                if let comma = inner.firstIndex(of: ",") {
                    let key = inner[..<comma].trimmingCharacters()
                    let fallback = inner[inner.index(after: comma)...].trimmingCharacters()
                    if fallback.count >= 2, fallback.hasPrefix("'"), fallback.hasSuffix("'") {
                        parts.append(
                            .variable(key: key.lowercased(), defaultValue: String(fallback.dropFirst().dropLast()))
                        )
                    } else {
                        // Not IAM's `${key, 'default'}` form: keep the text as written.
                        parts.append(.text(String(rest[open.lowerBound...close])))
                    }
                } else {
                    parts.append(.variable(key: inner.trimmingCharacters().lowercased(), defaultValue: nil))
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// The value of a variable: a single-valued context key, else the default. A multivalued key
    /// counts as unresolved.
    private static func value(of key: String, defaultValue: String?, in context: RequestContext) -> String? {
        if case .single(let value)? = context.value(lowercasedKey: key) { return value }
        return defaultValue
    }

    /// The template as glob tokens; `nil` when a variable is unresolved and has no default (the
    /// value then matches nothing), or when the variables' values alone hold more than
    /// `maxValueBytes` UTF-8 bytes.
    ///
    /// Each value is literal text, every byte of it matching one byte of the compared text, so a
    /// text of n bytes is never matched by a template whose values hold more: passing n as
    /// `maxValueBytes` keeps the answer and stops the expansion there. Without it the expansion
    /// costs the number of variables times a value's length (a 450 KB policy of
    /// `${aws:username}` with a 1,000-byte name made a 30 MB pattern: 15 s, 375 MB).
    func tokens(
        in context: RequestContext,
        caseInsensitive: Bool = false,
        maxValueBytes: Int = .max
    )
        -> [Glob.Token]?
    {
        var tokens: [Glob.Token] = []
        var valueBytes = 0
        func literal(_ text: String) {
            for scalar in text.unicodeScalars { tokens.append(.character(scalar)) }
        }
        for part in parts {
            switch part {
            case .text(let text):
                for scalar in (caseInsensitive ? text.lowercased() : text).unicodeScalars {
                    tokens.append(scalar == "*" ? .anyRun : scalar == "?" ? .anyOne : .character(scalar))
                }
            case .literal(let text):
                literal(caseInsensitive ? text.lowercased() : text)
            case .variable(let key, let defaultValue):
                guard let value = Self.value(of: key, defaultValue: defaultValue, in: context) else { return nil }
                let text = caseInsensitive ? value.lowercased() : value  // lowercased once, here
                valueBytes += text.utf8.count
                guard valueBytes <= maxValueBytes else { return nil }
                literal(text)
            }
        }
        return tokens
    }

    /// The template as plain text (for `Equals` operators, where nothing is a wildcard); `nil` when
    /// a variable is unresolved, or when the text passes `maxBytes` UTF-8 bytes (the caller then
    /// knows it equals no text of `maxBytes` or fewer; see ``tokens(in:caseInsensitive:maxValueBytes:)``).
    func string(in context: RequestContext, maxBytes: Int = .max) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text), .literal(let text):
                guard out.utf8.count + text.utf8.count <= maxBytes else { return nil }
                out += text
            case .variable(let key, let defaultValue):
                guard let value = Self.value(of: key, defaultValue: defaultValue, in: context) else { return nil }
                guard out.utf8.count + value.utf8.count <= maxBytes else { return nil }
                out += value
            }
        }
        return out
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
