import GatehouseCore

// For `Data(base64Encoded:)` (BinaryEquals) only, the one Foundation use left in IAMPolicy. The
// package's own Base64 is in GatehouseCrypto, which links OpenSSL and libjwt and is not below this
// pure-Swift engine (it depends on GatehouseCore alone); FoundationEssentials is the lighter choice.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        evaluate(conditions.map { CompiledCondition($0, variablesAreLiteral: variablesAreLiteral) }, in: context)
    }

    /// Evaluates one `Operator: {Key: values}` entry, applying the first rule of §4.4 that fits.
    public static func evaluate(
        _ condition: Condition,
        in context: RequestContext,
        variablesAreLiteral: Bool = false
    ) -> ConditionOutcome {
        evaluate(CompiledCondition(condition, variablesAreLiteral: variablesAreLiteral), in: context)
    }

    /// A compiled block (AND).
    static func evaluate(_ conditions: [CompiledCondition], in context: RequestContext) -> ConditionOutcome {
        var unevaluable: String? = nil
        for condition in conditions {
            switch evaluate(condition, in: context) {
            case .satisfied: continue
            case .notSatisfied: return .notSatisfied
            case .unevaluable(let reason): unevaluable = unevaluable ?? reason
            }
        }
        return unevaluable.map(ConditionOutcome.unevaluable) ?? .satisfied
    }

    /// One compiled condition: the first rule of §4.4 that fits.
    static func evaluate(_ condition: CompiledCondition, in context: RequestContext) -> ConditionOutcome {
        let op = condition.operator
        let value = context.value(lowercasedKey: condition.lowercasedKey)
        if op.base == .null {
            // `true` means the key is absent, `false` present; several values OR.
            let absent = value == nil
            let matches = condition.values.contains { $0.typed == .bool(absent) }
            return matches ? .satisfied : .notSatisfied
        }
        if op.ifExists && value == nil { return .satisfied }
        if let qualifier = op.qualifier {
            let requestValues = value?.asSet ?? []
            if requestValues.isEmpty { return qualifier == .forAllValues ? .satisfied : .notSatisfied }
            var anyPassed = false
            var allPassed = true
            for requestValue in requestValues {
                switch passes(requestValue, condition, context: context) {
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
        let matched: Bool?
        switch condition.single {
        case .none: return passes(requestValue, condition, context: context)
        case .cidr(let range): matched = range.containsAddress(requestValue)
        case .bool(let expected): matched = booleanValue(requestValue).map { $0 == expected }
        case .equals(let text): matched = requestValue.sameUTF8(as: text)
        }
        // A request value that does not parse: the general path words the reason.
        guard let matched else { return passes(requestValue, condition, context: context) }
        return matched != op.base.isNegated ? .satisfied : .notSatisfied
    }

    /// One request value against the policy values: OR over them, NOR for negated operators.
    static func passes(
        _ requestValue: String,
        _ condition: CompiledCondition,
        context: RequestContext
    )
        -> ConditionOutcome
    {
        let base = condition.operator.base
        var matched = false
        for policyValue in condition.values {
            switch matches(requestValue, policyValue, base, context: context) {
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
    /// A value's template carries its variables (String and Arn operators under 2012-10-17). An
    /// unresolved variable without a default matches nothing, so for a negated operator the "not"
    /// holds (§4.6).
    static func matches(
        _ request: String,
        _ policy: CompiledCondition.Value,
        _ base: ConditionOperator.Base,
        context: RequestContext
    ) -> Bool? {
        switch base {
        case .stringEquals, .stringNotEquals:
            guard let template = policy.template else { return request.sameUTF8(as: policy.text) }
            // A longer expansion equals nothing this request holds: it is not built.
            guard let expected = template.string(in: context, maxBytes: request.utf8.count) else { return false }
            return request.sameUTF8(as: expected)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            if let lowercased = policy.lowercased { return equalsIgnoringCase(request, lowercased: lowercased) }
            // Lowercasing and canonical equivalence change a text's UTF-8 length well under 16 times.
            guard let expected = policy.template?.string(in: context, maxBytes: 16 * request.utf8.count + 16) else {
                return false
            }
            return equalsIgnoringCase(request, lowercased: expected.lowercased())
        case .stringLike, .stringNotLike:
            if let glob = policy.glob { return glob.matches(request) }
            guard let tokens = policy.template?.tokens(in: context, maxValueBytes: request.utf8.count) else {
                return false
            }
            return Glob(tokens: tokens).matches(request)
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            guard let lhs = PolicyNumber(request), case .number(let rhs) = policy.typed else { return nil }
            return compare(lhs, rhs, base)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let lhs = Timestamp(policyDate: request), case .instant(let rhs) = policy.typed else { return nil }
            return compare(lhs, rhs, base)
        case .bool:
            guard case .bool(let expected) = policy.typed, let value = booleanValue(request) else { return nil }
            return value == expected
        case .binaryEquals:
            guard let bytes = Data(base64Encoded: request), case .bytes(let expected) = policy.typed else { return nil }
            return Array(bytes) == expected
        case .ipAddress, .notIpAddress:
            guard case .cidr(let range) = policy.typed else { return nil }
            return range.containsAddress(request)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            guard let template = policy.template else {
                return arnMatches(request, segments: policy.arnSegments)
            }
            guard let tokens = template.tokens(in: context, maxValueBytes: request.utf8.count) else {
                // An unresolved variable (or values longer than the request) matches nothing — but a request value that is not an ARN
                // is still unevaluable.
                return ARN(request) == nil ? nil : false
            }
            return arnMatches(request, segments: tokens == [.anyRun] ? nil : CompiledCondition.arnSegments(tokens))
        case .null:
            return nil
        }
    }

    /// `true`/`false` in any case, read as one word; `nil` for anything else.
    static func booleanValue(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard bytes.count == 4 || bytes.count == 5 else { return nil }
            var word: UInt64 = 0
            for index in 0..<bytes.count { unsafe word |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            // Length and value together: `"true\0"` packs to the same word as `"true"`.
            switch (bytes.count, FoldedKeyTable.foldWord(word)) {
            case (4, 0x65_7572_74): return true  // "true", little-endian
            case (5, 0x65_736c_6166): return false  // "false"
            default: return nil
            }
        }
    }

    /// Case-insensitive equality against an already-lowercased value: bytes for ASCII, Unicode
    /// lowercasing otherwise.
    static func equalsIgnoringCase(_ text: String, lowercased expected: String) -> Bool {
        var text = text
        var expected = expected
        let ascii = text.withUTF8 { lhs in
            expected.withUTF8 { rhs -> Bool? in
                guard lhs.count == rhs.count else {
                    return unsafe lhs.allSatisfy { $0 < 0x80 } && rhs.allSatisfy { $0 < 0x80 } ? false : nil
                }
                for index in 0..<lhs.count {
                    let byte = unsafe lhs[index]
                    guard byte < 0x80, unsafe rhs[index] < 0x80 else { return nil }
                    let folded = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                    if unsafe folded != rhs[index] { return false }
                }
                return true
            }
        }
        return ascii ?? text.lowercased().sameUTF8(as: expected)
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
    /// so `*` never swallows a `:` (§4.2). `segments` is `nil` for a bare `*` pattern and empty for
    /// a pattern without six segments. `nil` when the request value is not an ARN.
    static func arnMatches(_ request: String, segments: [Glob]?) -> Bool? {
        var request = request
        return request.withUTF8 { bytes -> Bool? in
            // Where each of the six segments ends (the last at the end of the text).
            var ends = SIMD8<Int>(repeating: bytes.count)
            var found = 0
            var index = 0
            while index < bytes.count && found < 5 {
                if unsafe bytes[index] == UInt8(ascii: ":") {
                    ends[found] = index
                    found += 1
                }
                index += 1
            }
            guard found == 5, ends[0] == 3, unsafe bytes[0] == UInt8(ascii: "a"), unsafe bytes[1] == UInt8(ascii: "r"),
                unsafe bytes[2] == UInt8(ascii: "n")
            else { return nil }
            guard let segments else { return true }
            guard segments.count == 6 else { return false }
            var start = 0
            for (position, segment) in segments.enumerated() {
                let range = start..<ends[position]
                guard unsafe segment.matches(utf8: UnsafeBufferPointer(rebasing: bytes[range]), foldASCII: false) else {
                    return false
                }
                start = ends[position] + 1
            }
            return true
        }
    }
}
