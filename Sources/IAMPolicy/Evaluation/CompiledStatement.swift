/// A statement prepared once for evaluation (reference/iam.md §9): actions as lowercased globs,
/// resources as globs (or templates when they hold variables), conditions compiled.
final class CompiledStatement: Sendable {
    /// A `Resource`/`NotResource` entry.
    enum ResourcePattern: Sendable {
        case glob(Glob)
        /// Variables after the fifth `:` (2012-10-17 only): the head is always policy text (a
        /// `${…}` there is literal), the tail a template.
        case template(head: String, tail: PolicyTemplate)
    }

    let reference: StatementReference
    /// `[reference]`, built once: most decisions name one statement, and hand this list out.
    let referenceList: [StatementReference]
    let layer: PolicyLayer
    let effect: Statement.Effect
    let principal: Negatable<PrincipalSet>?
    let actions: [Glob]
    let actionsNegated: Bool
    let resources: [ResourcePattern]
    /// The same entries split by kind for the hot path: globs match bytes with no enum payload
    /// copied per entry; templates (rare) are substituted per request.
    let resourceGlobs: [Glob]
    let resourceTemplates: [(head: String, tail: PolicyTemplate)]
    let resourcesNegated: Bool
    let conditions: [CompiledCondition]
    /// The source statement, for explanations.
    let statement: Statement

    init(_ statement: Statement, reference: StatementReference, version: PolicyDocument.Version) {
        self.reference = reference
        self.referenceList = [reference]
        self.layer = reference.layer
        self.effect = statement.effect
        self.principal = statement.principal
        self.actions = statement.action.value.map { Glob($0, caseInsensitive: true) }
        self.actionsNegated = statement.action.negated
        let resources = statement.resource.value.map { Self.resourcePattern($0, version: version) }
        self.resources = resources
        self.resourceGlobs = resources.compactMap { if case .glob(let glob) = $0 { glob } else { nil } }
        self.resourceTemplates = resources.compactMap {
            if case .template(let head, let tail) = $0 { (head, tail) } else { nil }
        }
        self.resourcesNegated = statement.resource.negated
        let literal = version != .v2012_10_17
        self.conditions = statement.conditions.map { CompiledCondition($0, variablesAreLiteral: literal) }
        self.statement = statement
    }

    /// Under 2012-10-17, variables after the fifth `:` are substituted (as literal text).
    private static func resourcePattern(_ pattern: String, version: PolicyDocument.Version) -> ResourcePattern {
        guard version == .v2012_10_17, PolicyTemplate.mayHoldVariables(pattern) else { return .glob(Glob(pattern)) }
        var colons = 0
        var split = pattern.endIndex
        for index in pattern.indices where pattern[index] == ":" {
            colons += 1
            if colons == 5 {
                split = pattern.index(after: index)
                break
            }
        }
        let head = String(pattern[..<split])
        let tail = PolicyTemplate(String(pattern[split...]))
        if !tail.hasVariables, let tokens = tail.tokens(in: RequestContext()) {
            // Only escapes: the pattern is fixed.
            return .glob(Glob(tokens: Glob.tokens(of: head) + tokens, description: pattern))
        }
        return .template(head: head, tail: tail)
    }

    /// Whether the action element matches (or, for `NotAction`, does not). `action` is the
    /// request's action as UTF-8, ASCII-folded when `foldASCII`, else already lowercased.
    func actionMatches(_ action: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        var matched = false
        for glob in actions where unsafe glob.matches(utf8: action, foldASCII: foldASCII) {
            matched = true
            break
        }
        return matched != actionsNegated
    }

    /// Whether the resource element matches (or, for `NotResource`, does not). An unresolved
    /// variable makes its entry match nothing. `bytes` is `resource` as UTF-8.
    func resourceMatches(_ resource: String, bytes: UnsafeBufferPointer<UInt8>, context: RequestContext) -> Bool {
        var matched = false
        var index = 0
        while index < resourceGlobs.count {
            if unsafe resourceGlobs[index].matches(utf8: bytes, foldASCII: false) {
                matched = true
                break
            }
            index += 1
        }
        if !matched && !resourceTemplates.isEmpty {
            for (head, tail) in resourceTemplates {
                if let tailTokens = tail.tokens(in: context, maxValueBytes: resource.utf8.count),
                    Glob(tokens: Glob.tokens(of: head) + tailTokens).matches(resource)
                {
                    matched = true
                    break
                }
            }
        }
        return matched != resourcesNegated
    }

    func resourceMatches(_ resource: String, context: RequestContext) -> Bool {
        var utf8 = resource
        return utf8.withUTF8 { unsafe resourceMatches(resource, bytes: $0, context: context) }
    }

    /// §2.1 for the resource and conditions (the caller has matched action and principal).
    func appliesToResource(
        _ request: AuthorizationRequest,
        resource: UnsafeBufferPointer<UInt8>
    ) -> PolicyEvaluator.Applicability {
        guard unsafe resourceMatches(request.resource, bytes: resource, context: request.context) else { return .no }
        if conditions.isEmpty { return .yes }
        switch ConditionEvaluator.evaluate(conditions, in: request.context) {
        case .satisfied: return .yes
        case .notSatisfied: return .no
        case .unevaluable(let reason): return .unevaluable(reason)
        }
    }
}
