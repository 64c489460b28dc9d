import GatehouseCore

/// Why an authorizer configuration file, or one authorizer in it, cannot be used: a lowercase
/// message naming the offending field in backticks (`` `authorizers.jwt.timeoutSeconds` ``), or
/// for a syntax error its line and column. Never the default in place of a wrong value.
public struct AuthorizerConfigError: Error, Sendable, CustomStringConvertible {
    /// The dotted path of the offending field (`authorizers.jwt.function.lambda.endpoint`); empty
    /// for the document itself.
    public let field: String
    /// What is wrong, naming the field.
    public let message: String
    /// Where a syntax error is (1-based), when the text did not parse.
    public let line: Int?
    public let column: Int?

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
        self.line = nil
        self.column = nil
    }

    init(syntax error: JSONError) {
        field = ""
        message = error.message
        line = error.line
        column = error.column
    }

    /// `line:column: message` for a syntax error, else the message.
    public var description: String {
        guard let line, let column else { return message }
        return "\(line):\(column): \(message)"
    }
}
