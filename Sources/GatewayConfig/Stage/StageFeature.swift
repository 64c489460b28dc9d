/// A stage feature the gateway may or may not enforce: settings for a feature it does not enforce
/// are reported at start-up as accepted but not enforced. A closed-but-growing set.
public struct StageFeature: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    /// `cacheClusterEnabled`, `cachingEnabled`, cache TTLs and encryption, cache-control rules.
    public static let caching = StageFeature("caching")
    /// `throttlingBurstLimit` / `throttlingRateLimit`.
    public static let throttling = StageFeature("throttling")
    /// `loggingLevel` and `dataTraceEnabled` (execution logs).
    public static let executionLogs = StageFeature("execution logs")
    /// `metricsEnabled` (per-method metrics).
    public static let detailedMetrics = StageFeature("detailed metrics")
    /// `tracingEnabled` (X-Ray).
    public static let tracing = StageFeature("tracing")
    /// `accessLogSettings.format` (a custom `$context` template).
    public static let accessLogFormat = StageFeature("access log format")
    /// `canarySettings`.
    public static let canary = StageFeature("canary")
}

extension Stage {
    /// The settings this stage sets to a value that does something, for every feature not in
    /// `enforcing`: one notice each, naming the setting's path (`$.methodSettings.*/*.cachingEnabled`).
    public func notEnforced(enforcing: Set<StageFeature>, file: String = "") -> [ConfigNotice] {
        var notices: [ConfigNotice] = []
        func note(_ feature: StageFeature, _ path: String, _ what: String) {
            guard !enforcing.contains(feature) else { return }
            notices.append(
                ConfigNotice(
                    .notEnforced,
                    file: file,
                    line: 0,
                    path: "stage `\(stageName)`: $.\(path)",
                    "\(what) is accepted but not enforced yet (\(feature))"
                )
            )
        }
        if cacheClusterEnabled { note(.caching, "cacheClusterEnabled", "a stage cache") }
        if tracingEnabled { note(.tracing, "tracingEnabled", "X-Ray tracing") }
        if accessLogSettings?.format != nil {
            note(.accessLogFormat, "accessLogSettings.format", "a custom access log format")
        }
        if let canary = canarySettings, canary.percentTraffic > 0 {
            note(.canary, "canarySettings", "a canary taking \(canary.percentTraffic)% of requests")
        }
        for (key, settings) in methodSettings.sorted(by: { $0.key < $1.key }) {
            let base = "methodSettings.\(key)"
            if settings.cachingEnabled == true { note(.caching, base + ".cachingEnabled", "response caching") }
            if settings.throttlingBurstLimit != nil || settings.throttlingRateLimit != nil {
                note(.throttling, base + ".throttling", "stage throttling")
            }
            if let level = settings.loggingLevel, level != "OFF" {
                note(.executionLogs, base + ".loggingLevel", "execution logging at `\(level)`")
            }
            if settings.dataTraceEnabled == true { note(.executionLogs, base + ".dataTraceEnabled", "data tracing") }
            if settings.metricsEnabled == true { note(.detailedMetrics, base + ".metricsEnabled", "detailed metrics") }
        }
        return notices
    }
}
