/// IAM's wildcard match: `*` is any run of characters (including none and `/`), `?` exactly one
/// character, everything else literal (reference/iam.md §3). A dedicated matcher — never a regular
/// expression built by string replacement, which is how evaluators get `.` and `?` wrong.
///
/// A pattern is a list of tokens, so text that must stay literal — a substituted policy variable,
/// a `${*}` escape — can contain `*` or `?` without becoming a wildcard.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// One pattern element.
    public enum Token: Sendable, Hashable {
        case character(Unicode.Scalar)
        /// `*`
        case anyRun
        /// `?`
        case anyOne
    }

    private let tokens: [Token]
    private let hasWildcards: Bool
    /// Whether letters compare without regard to case (actions do; ARNs do not).
    public let caseInsensitive: Bool
    public let description: String

    /// A pattern where every `*` and `?` is a wildcard.
    public init(_ pattern: String, caseInsensitive: Bool = false) {
        let text = caseInsensitive ? pattern.lowercased() : pattern
        self.init(
            tokens: text.unicodeScalars.map { scalar in
                scalar == "*" ? .anyRun : scalar == "?" ? .anyOne : .character(scalar)
            },
            caseInsensitive: caseInsensitive,
            description: pattern
        )
    }

    /// A pattern from tokens (literal text as `.character`s). Callers lowercase literal
    /// characters themselves when `caseInsensitive`.
    public init(tokens: [Token], caseInsensitive: Bool = false, description: String? = nil) {
        self.tokens = tokens
        self.hasWildcards = tokens.contains { !isCharacter($0) }
        self.caseInsensitive = caseInsensitive
        self.description =
            description
            ?? String(
                String.UnicodeScalarView(
                    tokens.map { token in
                        switch token {
                        case .character(let scalar): return scalar
                        case .anyRun: return "*"
                        case .anyOne: return "?"
                        }
                    }
                )
            )
    }

    /// `true` when `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let scalars = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        if tokens == [.anyRun] { return true }
        if !hasWildcards {
            guard scalars.count == tokens.count else { return false }
            for (scalar, token) in zip(scalars, tokens) where token != .character(scalar) { return false }
            return true
        }
        return Self.match(tokens, scalars)
    }

    /// Linear-time wildcard matching with one backtrack point (the last `*`): no recursion, so a
    /// hostile pattern like `*a*a*a*…b` cannot blow up.
    private static func match(_ pattern: [Token], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == .anyOne || pattern[p] == .character(text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == .anyRun {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == .anyRun { p += 1 }
        return p == pattern.count
    }
}

private func isCharacter(_ token: Glob.Token) -> Bool {
    if case .character = token { return true }
    return false
}
