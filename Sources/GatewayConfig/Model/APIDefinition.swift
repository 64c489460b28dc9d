internal import GatehouseCore

/// One API as configured: its resources and methods (or an HTTP API's routes), authorizers and
/// API-wide settings. A ``Deployment`` freezes one; a ``Stage`` serves a deployment.
public struct APIDefinition: Sendable, Equatable {
    /// The API's name, unique in a configuration; the store assigns the id by it.
    public var name: String
    /// An id the configuration pins; `nil` lets the ``APIIdentifierAssigner`` choose.
    public var id: APIIdentifier?
    public var kind: APIKind
    public var description: String?
    /// REST resources, or HTTP API routes grouped by path; paths are unique.
    public var resources: [Resource]
    /// An HTTP API's `$default` route: what answers when no route matches.
    public var defaultRoute: Method?
    /// By name; names are unique.
    public var authorizers: [Authorizer]
    /// At most one per type.
    public var gatewayResponses: [GatewayResponse]
    /// Content types treated as binary (`image/png`, `*/*`).
    public var binaryMediaTypes: [String]
    public var apiKeySource: APIKeySource
    public var resourcePolicy: ResourcePolicy?
    /// HTTP APIs only.
    public var cors: CORSConfiguration?
    public var endpointConfiguration: EndpointConfiguration?
    /// What the loader set aside (unknown extensions, unsupported features), for the start-up report.
    public var notices: [ConfigNotice]

    public init(
        name: String,
        id: APIIdentifier? = nil,
        kind: APIKind = .rest,
        description: String? = nil,
        resources: [Resource] = [],
        defaultRoute: Method? = nil,
        authorizers: [Authorizer] = [],
        gatewayResponses: [GatewayResponse] = [],
        binaryMediaTypes: [String] = [],
        apiKeySource: APIKeySource = .header,
        resourcePolicy: ResourcePolicy? = nil,
        cors: CORSConfiguration? = nil,
        endpointConfiguration: EndpointConfiguration? = nil,
        notices: [ConfigNotice] = []
    ) {
        self.name = name
        self.id = id
        self.kind = kind
        self.description = description
        self.resources = resources
        self.defaultRoute = defaultRoute
        self.authorizers = authorizers
        self.gatewayResponses = gatewayResponses
        self.binaryMediaTypes = binaryMediaTypes
        self.apiKeySource = apiKeySource
        self.resourcePolicy = resourcePolicy
        self.cors = cors
        self.endpointConfiguration = endpointConfiguration
        self.notices = notices
    }

    /// The resource at `path`, if declared.
    public func resource(_ path: ResourcePath) -> Resource? { resources.first { $0.path == path } }

    /// The authorizer named `name`.
    public func authorizer(named name: String) -> Authorizer? { authorizers.first { $0.name == name } }

    /// Every (resource, method) pair, resources in path order and methods in verb order: what
    /// routing tables compile and what round-trip tests compare.
    public var routes: [(path: ResourcePath, method: Method)] {
        resources.sorted { $0.path < $1.path }.flatMap { resource in
            resource.methods.sorted { $0.verb < $1.verb }.map { (resource.path, $0) }
        }
    }

    /// Equal when they serve the same: the same routes (whatever order resources and methods were
    /// listed in), authorizers and gateway responses by name, and the same settings. Notices are
    /// not compared.
    public static func == (lhs: APIDefinition, rhs: APIDefinition) -> Bool {
        let lhsRoutes = lhs.routes
        let rhsRoutes = rhs.routes
        return lhs.name == rhs.name && lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.description == rhs.description
            && lhsRoutes.count == rhsRoutes.count
            && zip(lhsRoutes, rhsRoutes).allSatisfy { $0.path == $1.path && $0.method == $1.method }
            && lhs.defaultRoute == rhs.defaultRoute
            && lhs.authorizers.sorted { $0.name < $1.name } == rhs.authorizers.sorted { $0.name < $1.name }
            && lhs.gatewayResponses.sorted { $0.type.name < $1.type.name }
                == rhs.gatewayResponses.sorted { $0.type.name < $1.type.name }
            && lhs.binaryMediaTypes == rhs.binaryMediaTypes && lhs.apiKeySource == rhs.apiKeySource
            && lhs.resourcePolicy == rhs.resourcePolicy && lhs.cors == rhs.cors
            && lhs.endpointConfiguration == rhs.endpointConfiguration
    }
}
