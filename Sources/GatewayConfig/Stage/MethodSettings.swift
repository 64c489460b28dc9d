/// One `methodSettings` entry of a stage, as `aws apigateway get-stage` prints it. Every field is
/// optional here: only what the configuration sets is kept, and an entry for one method starts
/// from the `*/*` entry's values (``Stage/effectiveSettings(for:verb:)``).
public struct MethodSettings: Sendable, Equatable {
    public var metricsEnabled: Bool?
    /// `OFF`, `ERROR` or `INFO`.
    public var loggingLevel: String?
    public var dataTraceEnabled: Bool?
    public var throttlingBurstLimit: Int?
    public var throttlingRateLimit: Double?
    public var cachingEnabled: Bool?
    public var cacheTtlInSeconds: Int?
    public var cacheDataEncrypted: Bool?
    public var requireAuthorizationForCacheControl: Bool?
    /// `FAIL_WITH_403`, `SUCCEED_WITH_RESPONSE_HEADER` or `SUCCEED_WITHOUT_RESPONSE_HEADER`.
    public var unauthorizedCacheControlHeaderStrategy: String?

    public init() {}

    /// These settings with `base`'s values where these have none.
    public func filled(from base: MethodSettings) -> MethodSettings {
        var out = self
        out.metricsEnabled = metricsEnabled ?? base.metricsEnabled
        out.loggingLevel = loggingLevel ?? base.loggingLevel
        out.dataTraceEnabled = dataTraceEnabled ?? base.dataTraceEnabled
        out.throttlingBurstLimit = throttlingBurstLimit ?? base.throttlingBurstLimit
        out.throttlingRateLimit = throttlingRateLimit ?? base.throttlingRateLimit
        out.cachingEnabled = cachingEnabled ?? base.cachingEnabled
        out.cacheTtlInSeconds = cacheTtlInSeconds ?? base.cacheTtlInSeconds
        out.cacheDataEncrypted = cacheDataEncrypted ?? base.cacheDataEncrypted
        out.requireAuthorizationForCacheControl =
            requireAuthorizationForCacheControl ?? base.requireAuthorizationForCacheControl
        out.unauthorizedCacheControlHeaderStrategy =
            unauthorizedCacheControlHeaderStrategy ?? base.unauthorizedCacheControlHeaderStrategy
        return out
    }

    public static let loggingLevels = ["OFF", "ERROR", "INFO"]
    public static let cacheControlStrategies = [
        "FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER",
    ]
}
