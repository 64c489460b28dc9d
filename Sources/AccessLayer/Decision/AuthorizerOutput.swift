public import GatehouseCore

/// What a Lambda authorizer granted, for `requestContext.authorizer` and `$context.authorizer.*`.
public struct AuthorizerOutput: Sendable {
    /// `principalId` (`nil` for HTTP API simple responses).
    public var principalId: String?
    /// `context`, in the function's order (REST backends receive the values as strings).
    public var context: [(String, JSONValue)]
    /// `usageIdentifierKey`: the API key value, for an `AUTHORIZER` key source.
    public var usageIdentifierKey: String?
    /// The function's latency in milliseconds (`integrationLatency`); `0` for a cached result.
    public var integrationLatencyMilliseconds: Int
    /// Whether the result came from the authorizer's result cache.
    public var cacheHit: Bool

    public init(
        principalId: String?,
        context: [(String, JSONValue)] = [],
        usageIdentifierKey: String? = nil,
        integrationLatencyMilliseconds: Int = 0,
        cacheHit: Bool = false
    ) {
        self.principalId = principalId
        self.context = context
        self.usageIdentifierKey = usageIdentifierKey
        self.integrationLatencyMilliseconds = integrationLatencyMilliseconds
        self.cacheHit = cacheHit
    }
}
