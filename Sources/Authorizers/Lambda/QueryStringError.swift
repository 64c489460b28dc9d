import GatehouseCrypto

/// A query string that does not decode strictly (``AuthorizerRequest/queryParameters``). Its
/// text never holds a value — values are tokens — only the parameter's position, its name (when
/// the value was the problem) and the escape at fault.
public struct QueryStringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pair's position in the query string, from 0.
    public let parameter: Int
    /// The decoded name when the value was at fault; `nil` when the name itself was.
    public let name: String?
    public let problem: QueryComponentProblem

    public var description: String {
        let part =
            name.map { "the value of query parameter `\(JWTVerifier.printable($0))`" }
            ?? "the name of query parameter \(parameter + 1)"
        switch problem {
        case .invalidEscape(let offset, let text):
            return
                "\(part) has `\(JWTVerifier.printable(text))` at byte \(offset), which is not a percent-escape (`%` and two hex digits)"
        case .notUTF8(let offset):
            return "\(part) does not decode to UTF-8 (decoded byte \(offset))"
        }
    }
}
