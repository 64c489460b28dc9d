/// A condition operator with its `…IfExists` suffix and `ForAnyValue:`/`ForAllValues:` qualifier
/// (reference/iam.md §4.2, §4.4). Names are accepted in any case, as IAM does.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    /// The operator family.
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// String and Arn operators, whose values may hold policy variables (§4.6).
        public var takesVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
                .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                return true
            default:
                return false
            }
        }

        /// Negated operators (true when the key is missing, per §4.3).
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                .notIpAddress, .arnNotEquals, .arnNotLike:
                return true
            default:
                return false
            }
        }
    }

    /// A set qualifier for multivalued keys.
    public enum Qualifier: String, Sendable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    public var base: Base
    public var ifExists: Bool
    public var qualifier: Qualifier?

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    /// Parses an operator name (any case). Returns `nil` for unknown names, and for `IfExists` or a
    /// qualifier on `Null`, which IAM rejects.
    public init?(_ text: String) {
        var name = Substring(text)
        var qualifier: Qualifier? = nil
        if let colon = name.firstIndex(of: ":") {
            let prefix = name[..<colon].lowercased()
            guard
                let found = [Qualifier.forAnyValue, .forAllValues].first(where: { $0.rawValue.lowercased() == prefix })
            else { return nil }
            qualifier = found
            name = name[name.index(after: colon)...]
        }
        var ifExists = false
        if name.lowercased().hasSuffix("ifexists") {
            ifExists = true
            name = name.dropLast("IfExists".count)
        }
        let lower = name.lowercased()
        guard let base = Base.allCases.first(where: { $0.rawValue.lowercased() == lower }) else { return nil }
        if base == .null && (ifExists || qualifier != nil) { return nil }
        self.base = base
        self.ifExists = ifExists
        self.qualifier = qualifier
    }
}
