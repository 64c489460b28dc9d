import GatewayConfig

/// What `serve` prints at start (on standard error, so the access log on standard output stays
/// JSON lines): each API with its id, stages and invoke URLs, the functions Lambda ARNs resolve
/// to, everything accepted but not acted on, and where the root credentials are.
struct ServeReport: Sendable {
    let configuration: GatewayConfiguration
    let functions: [String: String]
    let lambdaEndpoint: String?
    let demoBackendPort: Int?
    /// What was accepted but is not acted on (the gateway's own list when it is built).
    var notices: [String]

    init(
        configuration: GatewayConfiguration,
        functions: [String: String],
        lambdaEndpoint: String?,
        demoBackendPort: Int?,
        notices: [String]? = nil
    ) {
        self.configuration = configuration
        self.functions = functions
        self.lambdaEndpoint = lambdaEndpoint
        self.demoBackendPort = demoBackendPort
        self.notices = notices ?? Self.notices(configuration)
    }

    /// The configuration's notices and every stage setting nothing enforces yet.
    static func notices(_ configuration: GatewayConfiguration) -> [String] {
        var notices = configuration.notices.map(\.description)
        for api in configuration.apis {
            notices += api.definition.notices.map(\.description)
            for stage in api.stages { notices += stage.notEnforced(enforcing: [.canary]).map(\.description) }
        }
        for file in configuration.principalFiles {
            notices.append(
                "principals file `\(file)` is not read: principals live in the data dir, managed with `gatehouse principals`"
            )
        }
        return notices
    }

    /// `listening` is false for `--check`, which only says where it would listen.
    func text(host: String, port: Int, scheme: String, root: String?, listening: Bool = true) -> String {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let authority = shownHost.contains(":") ? "[\(shownHost)]:\(port)" : "\(shownHost):\(port)"
        var lines: [String] = []
        lines.append("gatehouse serve: \(listening ? "listening on" : "would listen on") \(scheme)://\(authority)")
        if let demoBackendPort {
            lines.append(
                "  the embedded demo (Policies/demo/gateway.yaml); its backend is on http://127.0.0.1:\(demoBackendPort)"
            )
        }
        for api in configuration.apis {
            let definition = api.definition
            let id = definition.id?.text ?? "(id assigned at start)"
            lines.append("API \(definition.name) (\(definition.kind == .http ? "HTTP" : "REST")) id \(id)")
            for stage in api.stages {
                let stagePath = stage.stageName == Stage.defaultStageName ? "" : "/\(stage.stageName)"
                lines.append("  stage \(stage.stageName)")
                lines.append("    \(scheme)://\(authority)/restapis/\(id)/\(stage.stageName)/_user_request_/")
                lines.append("    \(scheme)://\(id).execute-api.localhost:\(port)\(stagePath)/")
                for (path, method) in definition.routes {
                    let auth =
                        method.authorizerName.map { "\(method.authorizationType) (\($0))" }
                        ?? "\(method.authorizationType)"
                    let integration = method.integration?.type.name ?? "no integration"
                    lines.append("      \(method.verb.name) \(path) — \(auth), \(integration)")
                }
            }
        }
        for (name, command) in functions.sorted(by: { $0.key < $1.key }) {
            lines.append("function \(name): local command `\(command)`")
        }
        if let lambdaEndpoint { lines.append("other Lambda ARNs: the Invoke API at \(lambdaEndpoint)") }
        for notice in notices { lines.append("notice: \(notice)") }
        if let root { lines.append(root) }
        lines.append(
            "health: \(scheme)://\(authority)/_gatehouse/health   APIs: \(scheme)://\(authority)/_gatehouse/apis"
        )
        // Names and paths come from the configuration: one line each, nothing a terminal acts on.
        return lines.map(TerminalText.escape).joined(separator: "\n")
    }
}
