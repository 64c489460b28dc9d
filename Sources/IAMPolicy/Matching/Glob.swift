/// IAM's wildcard match: `*` is any run of characters (including none and `/`), `?` exactly one
/// character, everything else literal (reference/iam.md §3). A dedicated matcher — never a regular
/// expression built by string replacement, which is how evaluators get `.` and `?` wrong.
///
/// Compiled once: the pattern is kept as Unicode scalars (so `?` is one character, not one byte),
/// with a fast path for patterns without wildcards and for a lone `*`.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    private enum Form: Sendable, Hashable {
        case anything
        case exact([Unicode.Scalar])
        case pattern([Unicode.Scalar])
    }

    private let form: Form
    /// Whether letters compare without regard to ASCII case (actions do; ARNs do not).
    public let caseInsensitive: Bool
    public let description: String

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        description = pattern
        self.caseInsensitive = caseInsensitive
        let scalars = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
        if scalars == ["*"] {
            form = .anything
        } else if scalars.contains("*") || scalars.contains("?") {
            form = .pattern(scalars)
        } else {
            form = .exact(scalars)
        }
    }

    /// `true` when `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        switch form {
        case .anything:
            return true
        case .exact(let scalars):
            return Array((caseInsensitive ? text.lowercased() : text).unicodeScalars) == scalars
        case .pattern(let scalars):
            return Self.match(scalars, Array((caseInsensitive ? text.lowercased() : text).unicodeScalars))
        }
    }

    /// Linear-time wildcard matching with one backtrack point (the last `*`): no recursion, so a
    /// hostile pattern like `*a*a*a*…b` cannot blow up.
    private static func match(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
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
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
