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
        /// The stage's canary release, when `canarySettings.percentTraffic` is above 0: that share
        /// of requests, drawn at random per request, is served from the canary's deployment with
        /// its stage-variable overrides (reference/gateway.md, "Canary releases").
        public let canary: CanaryRelease?

        /// The side that serves one request: the canary's when `canary` (and there is one).
        func serving(canary chosen: Bool) -> ServedStage {
            guard chosen, let canary else { return self }
            return ServedStage(stage: canary.stage, deployment: canary.deployment, table: canary.table, canary: nil)
        }

        /// Draws the side of one request: `true` (canary) with `percentTraffic`% probability.
        func drawsCanary<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Bool {
            guard let canary else { return false }
            return Double.random(in: 0..<100, using: &generator) < canary.percentTraffic
        }
    }

    /// A stage's canary: its share of traffic, and the stage as the canary serves it (variables
    /// with the overrides applied), its deployment and that deployment's routing table.
    public struct CanaryRelease: Sendable {
        public let percentTraffic: Double
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
            let canary = try Self.canary(of: stage, configured: configured, main: deployment, api: definition.name)
            stages[stage.stageName] = ServedStage(stage: stage, deployment: deployment, table: table, canary: canary)
        }
        self.stages = stages
        var responses: [GatewayResponseType: GatewayResponse] = [:]
        for response in definition.gatewayResponses { responses[response.type] = response }
        gatewayResponses = responses
    }

    /// The canary of `stage`, compiled; `nil` when it takes no traffic. Its deployment is
    /// `canarySettings.deploymentId` (the stage's own when absent); its variables the stage's
    /// with `stageVariableOverrides` applied.
    private static func canary(
        of stage: Stage,
        configured: ConfiguredAPI,
        main: Deployment,
        api: String
    ) throws(GatewayStartError) -> CanaryRelease? {
        guard let settings = stage.canarySettings, settings.percentTraffic > 0 else { return nil }
        let deployment: Deployment
        if let id = settings.deploymentId {
            guard let found = configured.deployments.first(where: { $0.id == id }) else {
                throw GatewayStartError(
                    "API `\(api)`, stage `\(stage.stageName)`: the canary names no known deployment (`\(id)`)"
                )
            }
            deployment = found
        } else {
            deployment = main
        }
        var side = stage
        side.variables.merge(settings.stageVariableOverrides) { _, override in override }
        let table: RoutingTable
        do {
            table = try RoutingTable(api: deployment.api, stage: side)
        } catch {
            throw GatewayStartError("API `\(api)`, stage `\(stage.stageName)`, canary: \(error)")
        }
        return CanaryRelease(
            percentTraffic: settings.percentTraffic,
            stage: side,
            deployment: deployment,
            table: table
        )
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
