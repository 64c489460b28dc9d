public import GatehouseCore

/// What a ``RoutingTable`` answers for a method and a path.
public enum RouteLookup: Sendable {
    /// A method matched: the route and the path parameters.
    case matched(RouteMatch)
    /// No resource, or no method on the matching resources: API Gateway answers 403
    /// `{"message":"Missing Authentication Token"}` (not 404) — see ``NoRoute/denial``.
    case noRoute(NoRoute)

    /// The match, if any.
    public var match: RouteMatch? {
        if case .matched(let match) = self { return match }
        return nil
    }
}

/// A matched request.
public struct RouteMatch: Sendable {
    public let route: Route
    /// Path parameters in path order, values **undecoded** as sent (API Gateway passes `%2B` and
    /// `+` through); a greedy parameter holds the rest of the path without its leading or
    /// trailing slash (`hello/world`).
    public let pathParameters: [(name: String, value: String)]

    /// The value of the parameter `name`.
    public func parameter(_ name: String) -> String? { pathParameters.first { $0.name == name }?.value }
}

/// The typed "no route" outcome.
public struct NoRoute: Sendable, Equatable {
    /// The request's method and path as routed, for the log line.
    public let method: String
    public let path: String

    /// API Gateway's answer: 403 MISSING_AUTHENTICATION_TOKEN.
    public var denial: AccessDenial {
        .missingAuthenticationToken(reason: "no route for \(method) \(path)")
    }
}
