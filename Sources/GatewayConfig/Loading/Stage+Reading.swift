package import GatehouseCore

extension Stage {
    /// Fields `get-stage` prints that describe the stage rather than configure it: accepted and
    /// ignored, so its output can be pasted as it is.
    static let readOnlyFields = ["createdDate", "lastUpdatedDate", "cacheClusterStatus"]

    /// Reads a stage in the shape `aws apigateway get-stage` prints. `name` is the stage's name
    /// when the file names it by key (`stages: {prod: …}`); a `stageName` field must then agree.
    package static func read(
        _ node: JSONNode,
        name: String?,
        _ context: LoadContext
    ) throws(GatewayConfigError) -> Stage {
        var object = try ConfigObject(node, context, what: "the stage")
        let nameNode = object.members.first { $0.key == "stageName" }?.value
        let written = try object.optionalString("stageName")
        if let name, let written, name != written {
            throw context.error(
                .inconsistent,
                "`stageName` is `\(written)` but the stage is listed as `\(name)`",
                at: nameNode ?? node
            )
        }
        guard let stageName = name ?? written else { throw object.missing("stageName", "the stage's name") }
        guard Stage.isValidName(stageName) else {
            throw context.error(
                .invalidValue,
                "`\(stageName)` is not a stage name (letters, digits, `-` and `_`, up to 128)",
                at: nameNode ?? node
            )
        }
        var stage = Stage(stageName: stageName)
        stage.deploymentId = try object.optionalString("deploymentId")
        stage.description = try object.optionalString("description")
        if let variables = object.members.first(where: { $0.key == "variables" })?.value {
            stage.variables = try object.optionalStringMap("variables") ?? [:]
            try checkVariables(stage.variables, at: variables, context)
        }
        if let settings = try object.optionalObject("methodSettings") {
            var settingsObject = settings
            for key in settings.keys {
                let value = settingsObject.value(key)!
                guard let parsed = MethodSettingsKey(parsing: key) else {
                    throw context.error(
                        .invalidValue,
                        "`\(key)` is not a method settings key (`resourcePath/METHOD` without the leading slash, "
                            + "`~1` for inner slashes, e.g. `pets~1{id}/GET`, or `*/*`)",
                        at: value
                    )
                }
                if parsed.hadUnescapedSlash {
                    context.note(
                        .warning,
                        "`\(key)` is read as `\(parsed.resourcePath)` `\(parsed.verb)`; get-stage writes it `\(parsed)`",
                        at: value
                    )
                }
                stage.methodSettings[parsed] = try MethodSettings.read(value, context)
            }
            try settingsObject.finish()
        }
        stage.cacheClusterEnabled = try object.optionalBool("cacheClusterEnabled") ?? false
        stage.cacheClusterSize = try object.optionalChoice("cacheClusterSize", Stage.cacheClusterSizes)
        if var logs = try object.optionalObject("accessLogSettings") {
            stage.accessLogSettings = AccessLogSettings(
                format: try logs.optionalString("format"),
                destinationArn: try logs.optionalString("destinationArn")
            )
            try logs.finish()
        }
        stage.tracingEnabled = try object.optionalBool("tracingEnabled") ?? false
        if var canary = try object.optionalObject("canarySettings") {
            var settings = CanarySettings()
            settings.percentTraffic = try canary.optionalNumber("percentTraffic", in: 0...100) ?? 0
            settings.deploymentId = try canary.optionalString("deploymentId")
            if let overrides = canary.members.first(where: { $0.key == "stageVariableOverrides" })?.value {
                settings.stageVariableOverrides = try canary.optionalStringMap("stageVariableOverrides") ?? [:]
                try checkVariables(settings.stageVariableOverrides, at: overrides, context)
            }
            settings.useStageCache = try canary.optionalBool("useStageCache") ?? false
            try canary.finish()
            stage.canarySettings = settings
        }
        stage.tags = try object.optionalStringMap("tags") ?? [:]
        for field in readOnlyFields { object.skip(field) }
        try object.finish(unsupported: [
            "clientCertificateId": "client certificates toward backends are not implemented",
            "webAclArn": "AWS WAF is not available locally",
            "documentationVersion": "documentation parts are not implemented",
        ])
        return stage
    }

    /// At most 100 variables; names `[A-Za-z0-9_]` up to 64; values up to 512 characters.
    private static func checkVariables(
        _ variables: [String: String],
        at node: JSONNode,
        _ context: LoadContext
    ) throws(GatewayConfigError) {
        guard variables.count <= 100 else {
            throw context.error(.invalidValue, "a stage has at most 100 variables, not \(variables.count)", at: node)
        }
        guard case .object(let members) = node.value else { return }
        for (name, value) in members {
            guard Stage.isValidVariableName(name) else {
                throw context.error(
                    .invalidValue,
                    "`\(name)` is not a stage variable name (letters, digits and `_`, up to 64)",
                    at: value
                )
            }
            if case .string(let text) = value.value, text.count > 512 {
                throw context.error(.invalidValue, "a stage variable's value is at most 512 characters", at: value)
            }
        }
    }

    /// The stage as `get-stage` prints it (only what is set).
    package var json: JSONValue {
        var members: [(String, JSONValue)] = [("stageName", .string(stageName))]
        if let deploymentId { members.append(("deploymentId", .string(deploymentId))) }
        if let description { members.append(("description", .string(description))) }
        if !variables.isEmpty { members.append(("variables", Integration.stringMap(variables))) }
        if !methodSettings.isEmpty {
            members.append(
                (
                    "methodSettings",
                    JSONValue.members(
                        methodSettings.sorted { $0.key < $1.key }.map { ($0.key.description, $0.value.json) }
                    )
                )
            )
        }
        members.append(("cacheClusterEnabled", .bool(cacheClusterEnabled)))
        if let cacheClusterSize { members.append(("cacheClusterSize", .string(cacheClusterSize))) }
        if let logs = accessLogSettings {
            var fields: [(String, JSONValue)] = []
            if let format = logs.format { fields.append(("format", .string(format))) }
            if let arn = logs.destinationArn { fields.append(("destinationArn", .string(arn))) }
            members.append(("accessLogSettings", JSONValue.members(fields)))
        }
        members.append(("tracingEnabled", .bool(tracingEnabled)))
        if let canary = canarySettings {
            var fields: [(String, JSONValue)] = [("percentTraffic", .number(String(canary.percentTraffic)))]
            if let id = canary.deploymentId { fields.append(("deploymentId", .string(id))) }
            if !canary.stageVariableOverrides.isEmpty {
                fields.append(("stageVariableOverrides", Integration.stringMap(canary.stageVariableOverrides)))
            }
            fields.append(("useStageCache", .bool(canary.useStageCache)))
            members.append(("canarySettings", JSONValue.members(fields)))
        }
        if !tags.isEmpty { members.append(("tags", Integration.stringMap(tags))) }
        return JSONValue.members(members)
    }
}

extension MethodSettings {
    package static func read(_ node: JSONNode, _ context: LoadContext) throws(GatewayConfigError) -> MethodSettings {
        var object = try ConfigObject(node, context, what: "the method settings")
        var settings = MethodSettings()
        settings.metricsEnabled = try object.optionalBool("metricsEnabled")
        settings.loggingLevel = try object.optionalChoice("loggingLevel", MethodSettings.loggingLevels)
        settings.dataTraceEnabled = try object.optionalBool("dataTraceEnabled")
        settings.throttlingBurstLimit = try object.optionalInteger("throttlingBurstLimit", in: 0...Int(Int32.max))
        settings.throttlingRateLimit = try object.optionalNumber("throttlingRateLimit", in: 0...1e12)
        settings.cachingEnabled = try object.optionalBool("cachingEnabled")
        settings.cacheTtlInSeconds = try object.optionalInteger("cacheTtlInSeconds", in: 0...3600)
        settings.cacheDataEncrypted = try object.optionalBool("cacheDataEncrypted")
        settings.requireAuthorizationForCacheControl = try object.optionalBool("requireAuthorizationForCacheControl")
        settings.unauthorizedCacheControlHeaderStrategy = try object.optionalChoice(
            "unauthorizedCacheControlHeaderStrategy",
            MethodSettings.cacheControlStrategies
        )
        try object.finish()
        return settings
    }

    package var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let metricsEnabled { members.append(("metricsEnabled", .bool(metricsEnabled))) }
        if let loggingLevel { members.append(("loggingLevel", .string(loggingLevel))) }
        if let dataTraceEnabled { members.append(("dataTraceEnabled", .bool(dataTraceEnabled))) }
        if let throttlingBurstLimit {
            members.append(("throttlingBurstLimit", JSONValue.integer(throttlingBurstLimit)))
        }
        if let throttlingRateLimit { members.append(("throttlingRateLimit", .number(String(throttlingRateLimit)))) }
        if let cachingEnabled { members.append(("cachingEnabled", .bool(cachingEnabled))) }
        if let cacheTtlInSeconds { members.append(("cacheTtlInSeconds", JSONValue.integer(cacheTtlInSeconds))) }
        if let cacheDataEncrypted { members.append(("cacheDataEncrypted", .bool(cacheDataEncrypted))) }
        if let requireAuthorizationForCacheControl {
            members.append(("requireAuthorizationForCacheControl", .bool(requireAuthorizationForCacheControl)))
        }
        if let unauthorizedCacheControlHeaderStrategy {
            members.append(("unauthorizedCacheControlHeaderStrategy", .string(unauthorizedCacheControlHeaderStrategy)))
        }
        return JSONValue.members(members)
    }
}

/// A stage settings file (`serve --stage-settings FILE`): one stage in the shape
/// `aws apigateway get-stage` prints, JSON or YAML.
public enum StageSettingsFile {
    /// Reads the stage in `text`; `file` names it in errors and notices. `stageName` (from
    /// `--stage`) is used when the file has none, and must agree when it has one.
    public static func load(
        _ text: String,
        file: String,
        stageName: String? = nil
    ) throws(GatewayConfigError) -> (stage: Stage, notices: [ConfigNotice]) {
        let context = LoadContext(file: file, strict: true)
        let stage = try Stage.read(try ConfigDocument.tree(text, file: file), name: stageName, context)
        return (stage, context.notices)
    }
}
