#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The result of one condition: never a bare `Bool`, because "could not evaluate" must fail closed
/// (an Allow never grants; a Deny still denies — reference/iam.md §4.5).
public enum ConditionOutcome: Sendable, Hashable {
    case satisfied
    case notSatisfied
    /// The condition could not be evaluated; the reason is for the decision record.
    case unevaluable(String)
}

/// Evaluates conditions against a request context (reference/iam.md §4.1–4.5).
public enum ConditionEvaluator {
    /// Evaluates a condition block: every condition must hold (AND). An unevaluable condition makes
    /// the block unevaluable unless another condition is already false.
    ///
    /// `variablesAreLiteral` is `true` for documents without `"Version": "2012-10-17"`, where
    /// `${…}` is plain text (§4.6).
    public static func evaluate(
        _ conditions: [Condition],
        in context: RequestContext,
        variablesAreLiteral: Bool = false
    ) -> ConditionOutcome {
        var unevaluable: String? = nil
        for condition in conditions {
            switch evaluate(condition, in: context, variablesAreLiteral: variablesAreLiteral) {
            case .satisfied: continue
            case .notSatisfied: return .notSatisfied
            case .unevaluable(let reason): unevaluable = unevaluable ?? reason
            }
        }
        return unevaluable.map(ConditionOutcome.unevaluable) ?? .satisfied
    }

    /// Evaluates one `Operator: {Key: values}` entry, applying the first rule of §4.4 that fits.
    public static func evaluate(
        _ condition: Condition,
        in context: RequestContext,
        variablesAreLiteral: Bool = false
    ) -> ConditionOutcome {
        let op = condition.operator
        let value = context[condition.key]
        if op.base == .null {
            // `true` means the key is absent, `false` present; several values OR.
            let absent = value == nil
            let matches = condition.typedValues.contains { $0 == .bool(absent) }
            return matches ? .satisfied : .notSatisfied
        }
        if op.ifExists && value == nil { return .satisfied }
        if let qualifier = op.qualifier {
            let requestValues = value?.asSet ?? []
            if requestValues.isEmpty { return qualifier == .forAllValues ? .satisfied : .notSatisfied }
            var anyPassed = false
            var allPassed = true
            for requestValue in requestValues {
                switch passes(requestValue, condition, context: context, variablesAreLiteral: variablesAreLiteral) {
                case .unevaluable(let reason): return .unevaluable(reason)
                case .satisfied: anyPassed = true
                case .notSatisfied: allPassed = false
                }
            }
            return (qualifier == .forAllValues ? allPassed : anyPassed) ? .satisfied : .notSatisfied
        }
        guard let value else { return op.base.isNegated ? .satisfied : .notSatisfied }
        guard case .single(let requestValue) = value else {
            // A plain operator on a multivalued key is false, negated ones included (§7).
            return .notSatisfied
        }
        return passes(requestValue, condition, context: context, variablesAreLiteral: variablesAreLiteral)
    }

    /// One request value against the policy values: OR over them, NOR for negated operators.
    static func passes(
        _ requestValue: String,
        _ condition: Condition,
        context: RequestContext,
        variablesAreLiteral: Bool
    ) -> ConditionOutcome {
        let base = condition.operator.base
        var matched = false
        for (policyText, policyValue) in zip(condition.values, condition.typedValues) {
            // Only String and Arn operators take variables (§4.6); build a template only for them.
            let template = variablesAreLiteral || !base.takesVariables ? nil : PolicyTemplate(policyText)
            switch matches(requestValue, policyText, policyValue, base, template: template, context: context) {
            case nil:
                return .unevaluable(
                    "the request value `\(requestValue)` is not \(ConditionValue.expectation(for: base))"
                )
            case true?:
                matched = true
            case false?:
                continue
            }
            if matched { break }
        }
        return matched != base.isNegated ? .satisfied : .notSatisfied
    }

    /// The positive comparison (`Equals`, `Like`, `LessThan`, …) of one request value with one
    /// policy value; negation is applied by the caller. `nil` when the request value does not parse.
    ///
    /// `template` carries the policy value's variables (String and Arn operators under
    /// 2012-10-17). An unresolved variable without a default matches nothing, so for a negated
    /// operator the "not" holds (§4.6).
    static func matches(
        _ request: String,
        _ policyText: String,
        _ policy: ConditionValue,
        _ base: ConditionOperator.Base,
        template: PolicyTemplate?,
        context: RequestContext
    ) -> Bool? {
        switch base {
        case .stringEquals, .stringNotEquals:
            guard let expected = template.map({ $0.string(in: context) }) ?? policyText else { return false }
            return request == expected
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            guard let expected = template.map({ $0.string(in: context) }) ?? policyText else { return false }
            return request.lowercased() == expected.lowercased()
        case .stringLike, .stringNotLike:
            guard let template else { return Glob(policyText).matches(request) }
            guard let tokens = template.tokens(in: context) else { return false }
            return Glob(tokens: tokens).matches(request)
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            guard let lhs = PolicyNumber(request), case .number(let rhs) = policy else { return nil }
            return compare(lhs, rhs, base)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let lhs = PolicyInstant(request), case .instant(let rhs) = policy else { return nil }
            return compare(lhs, rhs, base)
        case .bool:
            guard case .bool(let expected) = policy else { return nil }
            switch request.lowercased() {
            case "true": return expected
            case "false": return !expected
            default: return nil
            }
        case .binaryEquals:
            guard let bytes = Data(base64Encoded: request), case .bytes(let expected) = policy else { return nil }
            return Array(bytes) == expected
        case .ipAddress, .notIpAddress:
            guard let address = CIDR(request), address.prefixLength == address.network.count * 8,
                case .cidr(let range) = policy
            else { return nil }
            return range.contains(address.network)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            guard let tokens = (template ?? PolicyTemplate(literalText: policyText)).tokens(in: context) else {
                // An unresolved variable matches nothing — but a request value that is not an ARN
                // is still unevaluable.
                return ARN(request) == nil ? nil : false
            }
            return arnMatches(request, pattern: tokens)
        case .null:
            return nil
        }
    }

    private static func compare<T: Comparable>(_ lhs: T, _ rhs: T, _ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: return lhs == rhs
        case .numericLessThan, .dateLessThan: return lhs < rhs
        case .numericLessThanEquals, .dateLessThanEquals: return lhs <= rhs
        case .numericGreaterThan, .dateGreaterThan: return lhs > rhs
        default: return lhs >= rhs
        }
    }

    /// `Arn*`: both split at the first five `:` into six segments, each globbed case-sensitively,
    /// so `*` never swallows a `:` (§4.2). `nil` when the request value is not an ARN.
    static func arnMatches(_ request: String, pattern: [Glob.Token]) -> Bool? {
        let requestSegments = request.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard requestSegments.count == 6, requestSegments[0] == "arn" else { return nil }
        if pattern == [.anyRun] { return true }
        var segments: [[Glob.Token]] = [[]]
        for token in pattern {
            if token == .character(":") && segments.count < 6 {
                segments.append([])
            } else {
                segments[segments.count - 1].append(token)
            }
        }
        guard segments.count == 6 else { return false }
        for (value, segment) in zip(requestSegments, segments) where !Glob(tokens: segment).matches(String(value)) {
            return false
        }
        return true
    }
}
