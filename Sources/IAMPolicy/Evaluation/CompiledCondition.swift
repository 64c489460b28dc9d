/// A condition prepared once for evaluation (reference/iam.md §9): the key lowercased, each policy
/// value's template, glob or ARN segments built, so evaluating a request parses and allocates
/// nothing for the policy side.
final class CompiledCondition: Sendable {
    /// One policy value, with what its operator needs precomputed.
    final class Value: Sendable {
        let text: String
        let typed: ConditionValue
        /// Present when the value holds variables that are substituted (String and Arn operators
        /// under 2012-10-17).
        let template: PolicyTemplate?
        /// `StringLike`/`StringNotLike` without variables.
        let glob: Glob?
        /// `Arn*` without variables: one glob per segment, or `nil` segments for a bare `*`.
        let arnSegments: [Glob]?
        /// `StringEqualsIgnoreCase` without variables.
        let lowercased: String?

        init(
            text: String,
            typed: ConditionValue,
            template: PolicyTemplate?,
            glob: Glob?,
            arnSegments: [Glob]?,
            lowercased: String?
        ) {
            self.text = text
            self.typed = typed
            self.template = template
            self.glob = glob
            self.arnSegments = arnSegments
            self.lowercased = lowercased
        }
    }

    /// The commonest shapes — one address range, one boolean, one literal string, no set
    /// qualifier — decided without the general loop over values.
    enum Single: Sendable {
        case none
        case cidr(CIDR)
        case bool(Bool)
        case equals(String)
    }

    let condition: Condition
    let `operator`: ConditionOperator
    let lowercasedKey: String
    let values: [Value]
    let single: Single

    init(_ condition: Condition, variablesAreLiteral: Bool) {
        self.condition = condition
        self.operator = condition.operator
        self.lowercasedKey = condition.key.lowercased()
        let base = condition.operator.base
        values = zip(condition.values, condition.typedValues).map { text, typed in
            let template: PolicyTemplate? =
                !variablesAreLiteral && base.takesVariables && PolicyTemplate.mayHoldVariables(text)
                ? PolicyTemplate(text) : nil
            var glob: Glob? = nil
            var segments: [Glob]? = nil
            var lowercased: String? = nil
            if template == nil {
                switch base {
                case .stringLike, .stringNotLike: glob = Glob(text)
                case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                    segments = text == "*" ? nil : Self.arnSegments(Glob.tokens(of: text))
                case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: lowercased = text.lowercased()
                default: break
                }
            }
            return Value(
                text: text,
                typed: typed,
                template: template,
                glob: glob,
                arnSegments: segments,
                lowercased: lowercased
            )
        }
        var single = Single.none
        if condition.operator.qualifier == nil, values.count == 1, values[0].template == nil {
            switch (base, values[0].typed) {
            case (.ipAddress, .cidr(let range)), (.notIpAddress, .cidr(let range)): single = .cidr(range)
            case (.bool, .bool(let flag)): single = .bool(flag)
            case (.stringEquals, .text(let text)), (.stringNotEquals, .text(let text)): single = .equals(text)
            default: break
            }
        }
        self.single = single
    }

    /// Splits ARN pattern tokens at the first five literal `:` into six segment globs; `[]` when
    /// the pattern has fewer segments (it then matches no ARN).
    static func arnSegments(_ pattern: [Glob.Token]) -> [Glob] {
        var segments: [[Glob.Token]] = [[]]
        for token in pattern {
            if token == .character(":") && segments.count < 6 {
                segments.append([])
            } else {
                segments[segments.count - 1].append(token)
            }
        }
        guard segments.count == 6 else { return [] }
        return segments.map { Glob(tokens: $0) }
    }
}

extension Glob {
    /// A pattern string as tokens: `*` and `?` wildcards, everything else literal.
    static func tokens(of pattern: String) -> [Token] {
        pattern.unicodeScalars.map { $0 == "*" ? .anyRun : $0 == "?" ? .anyOne : .character($0) }
    }
}
