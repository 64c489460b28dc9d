public import GatehouseCore

// For `Data(base64Encoded:)` (BinaryEquals) only, the one Foundation use left in IAMPolicy. The
// package's own Base64 is in GatehouseCrypto, which links OpenSSL and libjwt and is not below this
// pure-Swift engine (it depends on GatehouseCore alone); FoundationEssentials is the lighter choice.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A condition value parsed once, at load, for its operator (reference/iam.md §4.2, §9): numbers
/// as exact decimals, dates as instants, addresses as CIDR ranges, base64 as bytes. A value that
/// does not parse is a load error, never a condition that quietly evaluates to false.
public enum ConditionValue: Sendable, Hashable {
    /// String and ARN operators: the text, possibly with `${…}` variables (substituted at evaluation).
    case text(String)
    case number(PolicyNumber)
    /// `Date…` operators: the instant (``GatehouseCore/Timestamp``), read by `Timestamp(policyDate:)`.
    case instant(Timestamp)
    case bool(Bool)
    case bytes([UInt8])
    case cidr(CIDR)

    /// Parses `text` for `base`; `nil` when it does not parse (the caller reports where).
    static func parse(_ text: String, for base: ConditionOperator.Base) -> ConditionValue? {
        switch base {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
            .stringNotLike:
            return .text(text)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            // Six segments (wildcards allowed inside them); variables may stand anywhere.
            let segments = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard
                text == "*" || (segments.count == 6 && segments[0].lowercased().hasPrefix("arn") || text.contains("${"))
            else { return nil }
            return .text(text)
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return PolicyNumber(text).map(ConditionValue.number)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return Timestamp(policyDate: text).map(ConditionValue.instant)
        case .bool, .null:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .binaryEquals:
            // Strict RFC 4648 base64 (padding required, no whitespace), decoded at load.
            return Data(base64Encoded: text).map { ConditionValue.bytes(Array($0)) }
        case .ipAddress, .notIpAddress:
            return CIDR(text).map(ConditionValue.cidr)
        }
    }

    /// What a value of this operator must look like, for error messages.
    static func expectation(for base: ConditionOperator.Base) -> String {
        switch base {
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: return "an ARN with six `:`-separated segments"
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return "a number (integer or decimal)"
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return "an ISO 8601 date or time, or seconds since 1970"
        case .bool, .null: return "`true` or `false`"
        case .binaryEquals: return "base64"
        case .ipAddress, .notIpAddress: return "an IPv4 or IPv6 address or CIDR range"
        default: return "a string"
        }
    }
}
