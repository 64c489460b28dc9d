/// A stage's canary (`canarySettings`): a share of requests served by another deployment, with
/// stage variables overridden for them.
public struct CanarySettings: Sendable, Equatable {
    /// 0.0 to 100.0.
    public var percentTraffic: Double
    /// The canary's deployment; `nil` means the stage's own.
    public var deploymentId: String?
    public var stageVariableOverrides: [String: String]
    public var useStageCache: Bool

    public init(
        percentTraffic: Double = 0,
        deploymentId: String? = nil,
        stageVariableOverrides: [String: String] = [:],
        useStageCache: Bool = false
    ) {
        self.percentTraffic = percentTraffic
        self.deploymentId = deploymentId
        self.stageVariableOverrides = stageVariableOverrides
        self.useStageCache = useStageCache
    }
}
