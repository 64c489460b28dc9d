/// One thing the linter found, and where.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    public var rule: LintRule
    public var message: String
    public var line: Int
    public var column: Int
    /// The JSON path, such as `$.Statement[1].Condition`.
    public var path: String

    public var description: String {
        "\(line):\(column): \(rule.severity.rawValue)[\(rule.code) \(rule.name)]: \(message) (at \(path))"
    }
}
