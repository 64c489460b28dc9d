import HTTPTypes
import IAMPolicy

/// A configuration API Gateway would refuse.
public struct AuthorizerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
