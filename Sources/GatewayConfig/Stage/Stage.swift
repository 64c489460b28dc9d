/// A stage in the shape of API Gateway's `Stage` resource, as `aws apigateway get-stage` prints it:
/// the deployment it serves, its variables and its per-method settings.
///
/// Settings that nothing enforces yet are kept and reported (``notEnforced(enforcing:file:)``),
/// never silently ignored.
public struct Stage: Sendable, Equatable {
    /// Stage names: letters, digits, `_` and `-`, up to 128 characters (`$default` for HTTP APIs).
    public var stageName: String
    /// The deployment served; `nil` means the API as configured (its latest deployment).
    public var deploymentId: String?
    public var description: String?
    /// At most 100; names `[A-Za-z0-9_]`, ≤ 64 characters; values ≤ 512 characters.
    public var variables: [String: String]
    public var methodSettings: [MethodSettingsKey: MethodSettings]
    public var cacheClusterEnabled: Bool
    /// `0.5`, `1.6`, `6.1`, `13.5`, `28.4`, `58.2`, `118` or `237` (GB).
    public var cacheClusterSize: String?
    public var accessLogSettings: AccessLogSettings?
    public var tracingEnabled: Bool
    public var canarySettings: CanarySettings?
    public var tags: [String: String]

    /// `accessLogSettings`: a `$context` template and where AWS would send it.
    public struct AccessLogSettings: Sendable, Equatable {
        public var format: String?
        public var destinationArn: String?

        public init(format: String? = nil, destinationArn: String? = nil) {
            self.format = format
            self.destinationArn = destinationArn
        }
    }

    public init(
        stageName: String,
        deploymentId: String? = nil,
        description: String? = nil,
        variables: [String: String] = [:],
        methodSettings: [MethodSettingsKey: MethodSettings] = [:],
        cacheClusterEnabled: Bool = false,
        cacheClusterSize: String? = nil,
        accessLogSettings: AccessLogSettings? = nil,
        tracingEnabled: Bool = false,
        canarySettings: CanarySettings? = nil,
        tags: [String: String] = [:]
    ) {
        self.stageName = stageName
        self.deploymentId = deploymentId
        self.description = description
        self.variables = variables
        self.methodSettings = methodSettings
        self.cacheClusterEnabled = cacheClusterEnabled
        self.cacheClusterSize = cacheClusterSize
        self.accessLogSettings = accessLogSettings
        self.tracingEnabled = tracingEnabled
        self.canarySettings = canarySettings
        self.tags = tags
    }

    /// HTTP APIs' stage served at the root of the API's URL (no stage segment in the path).
    public static let defaultStageName = "$default"

    public static let cacheClusterSizes = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]

    /// The settings in effect for one method: its own key, then its resource's `*` verb key, then
    /// `*/*`, each filling what the more specific one leaves unset.
    public func effectiveSettings(for path: ResourcePath, verb: HTTPVerb) -> MethodSettings {
        methodSettings.filter { $0.key.applies(to: path, verb: verb) }
            .sorted { $0.key.specificity > $1.key.specificity }
            .reduce(MethodSettings()) { $0.filled(from: $1.value) }
    }

    /// Whether `name` is a valid stage name.
    public static func isValidName(_ name: String) -> Bool {
        name == defaultStageName
            || (!name.isEmpty && name.utf8.count <= 128
                && name.utf8.allSatisfy { ResourcePath.isNameByte($0) && $0 != UInt8(ascii: ".") })
    }

    /// Whether `name` is a valid stage variable name.
    public static func isValidVariableName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy {
                ResourcePath.isNameByte($0) && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-")
            }
    }
}
