public import GatehouseCore
public import GatewayConfig

/// One API as served: its definition, its id, and each stage compiled to a routing table over
/// the deployment the stage points at. Immutable; the gateway holds all of them in one
/// ``ServingTable`` and swaps that whole.
public struct ServedAPI: Sendable {
    /// One stage of the API, ready to route.
    public struct ServedStage: Sendable {
        public let stage: Stage
        public let deployment: Deployment
        public let table: RoutingTable
    }

    public let id: APIIdentifier
    public let definition: APIDefinition
    public let stages: [String: ServedStage]
    /// Gateway responses configured on the API, by type.
    let gatewayResponses: [GatewayResponseType: GatewayResponse]

    init(id: APIIdentifier, configured: ConfiguredAPI) throws(GatewayStartError) {
        self.id = id
        var definition = configured.definition
        definition.id = id
        self.definition = definition
        var stages: [String: ServedStage] = [:]
        for stage in configured.stages {
            guard let deployment = configured.deployment(for: stage) else {
                throw GatewayStartError(
                    "API `\(definition.name)`: the stage `\(stage.stageName)` names no known deployment"
                )
            }
            let table: RoutingTable
            do {
                table = try RoutingTable(api: deployment.api, stage: stage)
            } catch {
                throw GatewayStartError("API `\(definition.name)`, stage `\(stage.stageName)`: \(error)")
            }
            guard stages[stage.stageName] == nil else {
                throw GatewayStartError("API `\(definition.name)`: the stage `\(stage.stageName)` is declared twice")
            }
            stages[stage.stageName] = ServedStage(stage: stage, deployment: deployment, table: table)
        }
        self.stages = stages
        var responses: [GatewayResponseType: GatewayResponse] = [:]
        for response in definition.gatewayResponses { responses[response.type] = response }
        gatewayResponses = responses
    }
}

/// Every API served, with the resolver built over them: the one immutable value a request
/// reads. A reload builds a new one and swaps it whole (``GatewayState``).
public struct ServingTable: Sendable {
    public let apis: [APIIdentifier: ServedAPI]
    /// In configuration order, for listings.
    public let order: [APIIdentifier]
    let resolver: InvokeResolver

    init(apis: [ServedAPI], mappings: [BasePathMapping]) throws(GatewayStartError) {
        var byID: [APIIdentifier: ServedAPI] = [:]
        for api in apis {
            guard byID[api.id] == nil else {
                throw GatewayStartError("two APIs have the id `\(api.id)`")
            }
            byID[api.id] = api
        }
        for mapping in mappings where byID[mapping.apiID] == nil {
            throw GatewayStartError(
                "the base path mapping `\(mapping.domainName)/\(mapping.basePathText)` names no API served (`\(mapping.apiID)`)"
            )
        }
        self.apis = byID
        self.order = apis.map(\.id)
        self.resolver = InvokeResolver(
            stages: byID.mapValues { Set($0.stages.keys) },
            mappings: mappings
        )
    }

    /// `[{"id", "name", "stages": [{"name", "invokeUrl"}]}]`, the contract of `GET /_gatehouse/apis`
    /// and of the listing `serve` prints at start-up. `baseURL` is this server's
    /// (`http://127.0.0.1:8080`), without a trailing slash; invoke URLs are in the path form.
    public func listing(baseURL: String) -> JSONValue {
        .elements(
            order.compactMap { apis[$0] }.map { api -> JSONValue in
                .members([
                    ("id", .string(api.id.text)),
                    ("name", .string(api.definition.name)),
                    (
                        "stages",
                        .elements(
                            api.stages.keys.sorted().map { name -> JSONValue in
                                .members([
                                    ("name", .string(name)),
                                    (
                                        "invokeUrl",
                                        .string("\(baseURL)/restapis/\(api.id.text)/\(name)/_user_request_/")
                                    ),
                                ])
                            }
                        )
                    ),
                ])
            }
        )
    }
}
