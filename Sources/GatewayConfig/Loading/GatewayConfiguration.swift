/// Everything a configuration file describes: the APIs with their stages, and references to the
/// principals files the store loads.
public struct GatewayConfiguration: Sendable {
    /// In file order; names are unique.
    public var apis: [ConfiguredAPI]
    /// Principals files (users, roles, keys, policies), as written (relative paths are relative
    /// to the configuration file's folder; the store reads them).
    public var principalFiles: [String]
    /// What was accepted but set aside, for the start-up report.
    public var notices: [ConfigNotice]

    public init(apis: [ConfiguredAPI] = [], principalFiles: [String] = [], notices: [ConfigNotice] = []) {
        self.apis = apis
        self.principalFiles = principalFiles
        self.notices = notices
    }
}

/// One API with its deployments and stages.
public struct ConfiguredAPI: Sendable {
    /// The API as configured.
    public var definition: APIDefinition
    /// The deployments stages may point at; the first is the configuration as written.
    public var deployments: [Deployment]
    public var stages: [Stage]

    public init(definition: APIDefinition, deployments: [Deployment], stages: [Stage]) {
        self.definition = definition
        self.deployments = deployments
        self.stages = stages
    }

    /// The deployment a stage serves: the one it names, else the configuration as written.
    public func deployment(for stage: Stage) -> Deployment? {
        guard let id = stage.deploymentId else { return deployments.first }
        return deployments.first { $0.id == id }
    }

    /// The routing table of a stage, compiled from the deployment it serves.
    public func routingTable(for stage: Stage) throws(RoutingTable.Problem) -> RoutingTable {
        guard let deployment = deployment(for: stage) else {
            throw RoutingTable.Problem(message: "the stage `\(stage.stageName)` names no known deployment")
        }
        return try RoutingTable(api: deployment.api, stage: stage)
    }
}
