/// One method of a compiled ``RoutingTable``: what a request that matches it gets.
public struct Route: Sendable {
    /// The resource's template (`/pets/{id}`); the root for an HTTP API's `$default`.
    public let resourcePath: ResourcePath
    /// The method as configured (its verb may be `ANY`).
    public let method: Method
    /// The stage's `methodSettings` in effect for this method.
    public let settings: MethodSettings
    /// The HTTP API route key (`GET /pets/{id}`, `$default`); REST methods get the same form.
    public let routeKey: String
    /// The names of the template's parameters in path order (the greedy one last).
    public let parameterNames: [String]
    /// Whether this is an HTTP API's `$default` route.
    public let isDefaultRoute: Bool
}
