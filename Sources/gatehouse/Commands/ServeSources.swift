import Foundation
import GatehouseCore
import GatewayConfig

/// What `serve` and `export` read: the configuration file, OpenAPI documents with a stage, or
/// the embedded demo, loaded strictly (every error names the file, line, column and JSON path).
struct ServeSources {
    var config: String?
    var openAPI: [String]
    /// `--stage`; `nil` when not given (``defaultStageName``, or `$default` for an HTTP API).
    var stageName: String?
    var stageSettings: String?

    /// True when neither `--config` nor `--openapi` was given: the embedded demo is served.
    var isDemo: Bool { config == nil && openAPI.isEmpty }

    /// Loads everything named, or the demo with its backend at `demoBackend` (host:port).
    func load(demoBackend: String? = nil) throws -> GatewayConfiguration {
        if isDemo {
            if stageSettings != nil {
                throw CLIError("--stage-settings goes with --openapi FILE (a configuration file writes its stages)")
            }
            return try ServeDemo.configuration(backend: demoBackend)
        }
        var configuration = GatewayConfiguration()
        if let config {
            configuration = try Self.mapping { () throws(GatewayConfigError) in
                try GatewayConfigFile.load(try Self.read(config), file: config)
            }
        }
        guard !openAPI.isEmpty else {
            if stageSettings != nil {
                throw CLIError("--stage-settings goes with --openapi FILE (a configuration file writes its stages)")
            }
            return configuration
        }
        let stage = try loadStage(notices: &configuration.notices)
        for path in openAPI {
            let definition = try Self.mapping { () throws(GatewayConfigError) in
                try OpenAPIImport.load(try Self.read(path), file: path)
            }
            if configuration.apis.contains(where: { $0.definition.name == definition.name }) {
                throw CLIError(
                    "\(path): an API named `\(definition.name)` is served already; API names are unique (change info.title)"
                )
            }
            configuration.notices += definition.notices
            let deployment = Deployment.snapshot(of: definition)
            var served = stage
            // An HTTP API exported by AWS is served on its `$default` stage unless told otherwise.
            if definition.kind == .http, stageSettings == nil, stageName == nil {
                served.stageName = Stage.defaultStageName
            }
            let api = ConfiguredAPI(definition: definition, deployments: [deployment], stages: [served])
            do {
                _ = try api.routingTable(for: served)
            } catch {
                throw CLIError("\(path): \(error.message)")
            }
            configuration.apis.append(api)
        }
        return configuration
    }

    static let defaultStageName = "prod"

    /// The stage OpenAPI documents are served on: `--stage-settings` (named `--stage` unless the
    /// file names one) or a bare `--stage`.
    func loadStage(notices: inout [ConfigNotice]) throws -> Stage {
        let stageName = self.stageName ?? Self.defaultStageName
        guard Stage.isValidName(stageName) else {
            throw CLIError(
                "--stage `\(stageName)`: a stage name is 1 to 128 letters, digits, `-` and `_` (or `$default`)"
            )
        }
        guard let stageSettings else { return Stage(stageName: stageName) }
        let loaded = try Self.mapping { () throws(GatewayConfigError) in
            let text = try Self.read(stageSettings)
            // The file's own `stageName` counts when --stage is not given; without either, `prod`.
            let name = self.stageName ?? (text.contains("stageName") ? nil : Self.defaultStageName)
            return try StageSettingsFile.load(text, file: stageSettings, stageName: name)
        }
        notices += loaded.notices
        return loaded.stage
    }

    /// A file's text, or an error naming it.
    static func read(_ path: String) throws(GatewayConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GatewayConfigError(.unreadable, "cannot read the file", file: path, line: 0, column: 0, path: "$")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GatewayConfigError(.unreadable, "the file is not UTF-8", file: path, line: 0, column: 0, path: "$")
        }
        return text
    }

    /// Runs `body`, turning a ``GatewayConfigError`` into the CLI's one-line error
    /// (`file:line:column: $.path: message [code]`).
    static func mapping<T>(_ body: () throws(GatewayConfigError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CLIError(error.description)
        }
    }
}
