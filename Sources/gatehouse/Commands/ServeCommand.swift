import ArgumentParser
import Foundation
import GatehouseStore
import Gateway
import GatewayConfig
import Synchronization

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the gateway: APIs from a configuration file or OpenAPI documents, behind SigV4/IAM, JWT and Lambda authorizers.",
        discussion: """
            With neither --config nor --openapi it serves the embedded demo (Policies/demo/gateway.yaml): \
            a MOCK route, routes to a backend it starts itself, AWS_IAM with a resource policy that \
            denies one path, a JWT authorizer and a REQUEST Lambda authorizer run as a local command. \
            `make run` plays a scripted demo against it.

            At start it prints each API with its id and invoke URLs, what the configuration sets \
            that nothing enforces yet, and where the root credentials are. A configuration error \
            prints FILE:LINE:COLUMN: $.json.path: what is wrong, and nothing is served (exit 2).

            The demo, then a signed call with the root key it generated:
              gatehouse serve
              AWS_SHARED_CREDENTIALS_FILE=.gatehouse/root-credentials \\
                  gatehouse curl http://127.0.0.1:8080/restapis/API_ID/prod/_user_request_/pets

            Your own configuration (YAML or JSON; see the README's "Configuration" section):
              gatehouse serve --config gatehouse.yaml --port 8080 --access-log access.log
              gatehouse serve --config gatehouse.yaml --check     # load, report, exit

            An OpenAPI document exported from API Gateway, SAM or Terraform, with a stage written as \
            `aws apigateway get-stage` prints it, Lambda ARNs answered by local commands:
              gatehouse serve --openapi api.yaml --stage prod --stage-settings prod-stage.json \\
                  --function authorizer='python3 auth.py' --function getPets='node pets.js'

            Lambda ARNs through any Lambda Invoke API (sam local start-lambda, the runtime \
            interface emulator):
              gatehouse serve --openapi template-api.yaml --lambda-endpoint http://127.0.0.1:3001

            TLS (HTTP/2 negotiated by ALPN), all interfaces, one event-loop thread:
              gatehouse serve --config gatehouse.yaml --host 0.0.0.0 --port 8443 \\
                  --tls-cert cert.pem --tls-key key.pem --threads 1

            The root principal (full access) signs with GATEHOUSE_ROOT_ACCESS_KEY_ID and \
            GATEHOUSE_ROOT_SECRET_ACCESS_KEY, or with a key generated once into \
            DATA_DIR/root-credentials (mode 0600, an AWS credentials file). Other principals: \
            `gatehouse principals --help`; a running server sees their changes within a second.
            """
    )

    @Option(help: ArgumentHelp("Gatehouse's own configuration, YAML or JSON.", valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("openapi"),
        help: ArgumentHelp(
            "An OpenAPI 3.0/3.1 document with x-amazon-apigateway-* extensions; repeatable.",
            valueName: "file"
        )
    )
    var openAPI: [String] = []

    @Option(
        help: ArgumentHelp(
            "The stage OpenAPI documents are served on. Default: prod (an HTTP API exported by AWS: $default).",
            valueName: "name"
        )
    )
    var stage: String?

    @Option(
        name: .customLong("stage-settings"),
        help: ArgumentHelp(
            "That stage's settings in the shape `aws apigateway get-stage` prints (variables, methodSettings, canarySettings, …).",
            valueName: "file"
        )
    )
    var stageSettings: String?

    @Option(help: "The address to listen on. Default: 127.0.0.1 (loopback only).")
    var host: String = "127.0.0.1"

    @Option(
        help: "The port (0: a free one, printed at start). Default: 8080. \(OptionRange.port.help)",
        transform: OptionRange.port.parse
    )
    var port: Int = 8080

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "State: principals, stable API ids, the generated root key. Default: ./.gatehouse.",
            valueName: "dir"
        )
    )
    var dataDir: String = DataDirectory.defaultPath

    @Option(
        help: "Event-loop threads. Default: one per core. \(OptionRange.threads.help)",
        transform: OptionRange.threads.parse
    )
    var threads: Int?

    @Option(
        name: .customLong("max-header-bytes"),
        help:
            "The largest request head an HTTP/1.1 client may send: one header field, and all of them together; more is 400. Default: 81920. \(OptionRange.maxHeaderBytes.help)",
        transform: OptionRange.maxHeaderBytes.parse
    )
    var maxHeaderBytes: Int = GatewayServerConfiguration.defaultMaxHeaderBytes

    @Option(
        name: .customLong("max-connections"),
        help:
            "Connections open at once, from all clients; past it a new connection is closed as soon as it is accepted. Default: 10000, lowered with a notice to what the open-file limit leaves (serve first raises its soft `ulimit -n` to the hard limit and keeps 512 descriptors for its own use). \(OptionRange.maxConnections.help)",
        transform: OptionRange.maxConnections.parse
    )
    var maxConnections: Int = GatewayServerConfiguration.defaultMaxConnections

    @Option(
        name: .customLong("max-connections-per-client"),
        help:
            "Connections open at once from one client address, so one host cannot take them all. Default: 1000. \(OptionRange.maxConnectionsPerClient.help)",
        transform: OptionRange.maxConnectionsPerClient.parse
    )
    var maxConnectionsPerClient: Int = GatewayServerConfiguration.defaultMaxConnectionsPerClient

    @Option(
        name: .customLong("lambda-endpoint"),
        help: ArgumentHelp(
            "A Lambda Invoke API that Lambda ARNs without a --function reach.",
            valueName: "url"
        )
    )
    var lambdaEndpoint: String?

    @Option(
        name: .customLong("function"),
        help: ArgumentHelp(
            "NAME=COMMAND: the function NAME (as in a Lambda ARN) is this shell command (event on stdin, result on stdout); repeatable.",
            valueName: "name=command"
        )
    )
    var functions: [String] = []

    @Option(
        name: .customLong("jwks"),
        help: ArgumentHelp(
            "ISSUER=FILE: the keys of JWT authorizers with this issuer (a local JWKS file or an http(s) JWKS URL) instead of OIDC discovery; repeatable.",
            valueName: "issuer=jwks"
        )
    )
    var jwks: [String] = []

    @Option(
        name: .customLong("access-log"),
        help: ArgumentHelp(
            "Append the JSON access log here instead of standard output (`-`: standard output, `off`: none).",
            valueName: "file"
        )
    )
    var accessLog: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain for TLS.", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for TLS.", valueName: "file"))
    var tlsKey: String?

    @Option(
        help: "The region in ARNs, invoke URLs and accepted SigV4 scopes. Default: GATEHOUSE_REGION, else us-east-1."
    )
    var region: String = ProcessInfo.processInfo.environment["GATEHOUSE_REGION"] ?? "us-east-1"

    @Option(
        name: .customLong("account-id"),
        help: "The 12-digit account of ARNs and the root principal. Default: GATEHOUSE_ACCOUNT_ID, else 000000000000."
    )
    var accountId: String =
        ProcessInfo.processInfo.environment["GATEHOUSE_ACCOUNT_ID"] ?? IdentityReference.defaultAccount

    @Flag(help: "Load and check everything, print what would be served, and exit without serving.")
    var check = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port is 0 to 65535, not \(port)") }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads is 1 to 256, not \(threads)")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard Self.isRegion(region) else {
            throw ValidationError("--region `\(region)` is not a region name such as us-east-1")
        }
        guard accountId.utf8.count == 12, accountId.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw ValidationError("--account-id is 12 digits, not `\(accountId)`")
        }
        _ = try Self.parseFunctions(functions)
        _ = try Self.parseJWKS(jwks)
    }

    static func isRegion(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 32
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// `NAME=COMMAND` entries by name; a name given twice is an error.
    static func parseFunctions(_ entries: [String]) throws -> [String: String] {
        var functions: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "=") else {
                throw ValidationError("--function `\(entry)`: write NAME=COMMAND (NAME as in the Lambda ARN)")
            }
            let name = String(entry[..<equals])
            let command = String(entry[entry.index(after: equals)...])
            guard !name.isEmpty, name.utf8.count <= 140,
                name.utf8.allSatisfy({ ServeCommand.isFunctionNameByte($0) })
            else {
                throw ValidationError(
                    "--function `\(name)`: a function name is 1 to 140 letters, digits, `-` and `_`"
                )
            }
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--function \(name)=: the command is empty")
            }
            guard functions[name] == nil else { throw ValidationError("--function \(name) is given twice") }
            functions[name] = command
        }
        return functions
    }

    /// `ISSUER=JWKS` entries by issuer (split at the last `=`: an issuer URL has none after its
    /// scheme, a file name may); an issuer given twice is an error.
    static func parseJWKS(_ entries: [String]) throws -> [String: String] {
        var keys: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.lastIndex(of: "="), equals != entry.startIndex,
                entry.index(after: equals) != entry.endIndex
            else {
                throw ValidationError("--jwks `\(entry)`: write ISSUER=FILE (or ISSUER=https://…/jwks.json)")
            }
            let issuer = String(entry[..<equals])
            guard keys[issuer] == nil else { throw ValidationError("--jwks \(issuer) is given twice") }
            keys[issuer] = String(entry[entry.index(after: equals)...])
        }
        return keys
    }

    static func isFunctionNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2D || byte == 0x5F
    }

    var sources: ServeSources {
        ServeSources(config: config, openAPI: openAPI, stageName: stage, stageSettings: stageSettings)
    }

    func run() async throws {
        let sources = self.sources
        var functions = try Self.parseFunctions(self.functions)
        var jwks = try Self.parseJWKS(self.jwks)
        var backend: (port: Int, task: Task<Void, any Error>)?
        if sources.isDemo {
            for (name, command) in try ServeDemo.functions() where functions[name] == nil {
                functions[name] = command
            }
            if jwks[ServeDemo.jwtIssuer] == nil { jwks[ServeDemo.jwtIssuer] = try ServeDemo.jwks() }
            if !check { backend = try await ServeDemoBackend.start() }
        }
        defer { backend?.task.cancel() }
        var configuration = try sources.load(demoBackend: backend.map { "127.0.0.1:\($0.port)" })
        if check {
            let report = ServeReport(
                configuration: configuration,
                functions: functions,
                lambdaEndpoint: lambdaEndpoint,
                demoBackendPort: nil
            )
            print(
                report.text(
                    host: host,
                    port: port,
                    scheme: tlsCert == nil ? "http" : "https",
                    root: nil,
                    listening: false
                )
            )
            return
        }

        let directory = DataDirectory(dataDir)
        let root = try PrincipalsCLI.mappingSync { () throws(StoreError) in
            try RootCredentials.resolve(
                dataDirectory: directory,
                environment: ProcessInfo.processInfo.environment,
                account: accountId
            )
        }
        try await Self.assignIdentifiers(&configuration, directory: directory)
        let scheme = tlsCert == nil ? "http" : "https"
        let host = self.host
        let report = ReportBox()
        let server = GatewayServerConfiguration(
            apis: configuration,
            host: host,
            port: port,
            threads: threads,
            dataDirectory: dataDir,
            region: region,
            accountID: accountId,
            lambdaEndpoint: lambdaEndpoint,
            functions: functions,
            jwks: jwks,
            accessLog: Self.accessLogDestination(accessLog),
            tlsCertificatePath: tlsCert,
            tlsKeyPath: tlsKey,
            maxHeaderBytes: maxHeaderBytes,
            maxConnections: maxConnections,
            maxConnectionsPerClient: maxConnectionsPerClient,
            onServerRunning: { port in
                if let text = report.value?.text(host: host, port: port, scheme: scheme, root: root.notice) {
                    printError(text)
                }
            }
        )
        let gateway: GatewayApplication
        do {
            gateway = try await buildApplication(server)
        } catch let error as GatewayStartError {
            throw CLIError(error.message)
        }
        // The gateway's own list of what it does not act on, plus the stage settings it leaves.
        var notices = gateway.notices
        for notice in ServeReport.notices(configuration) where !notices.contains(notice) {
            notices.append(notice)
        }
        report.value = ServeReport(
            configuration: configuration,
            functions: functions,
            lambdaEndpoint: lambdaEndpoint,
            demoBackendPort: backend?.port,
            notices: notices
        )
        try await gateway.run()
    }

    static func accessLogDestination(_ option: String?) -> AccessLogDestination {
        switch option {
        case nil, "-": return .standardOutput
        case "off": return .discard
        case let path?: return .file(path)
        }
    }

    /// Gives every API without a pinned id its id from the data directory's store (the same id
    /// for the same name across restarts), so the ids printed are the ids served.
    static func assignIdentifiers(_ configuration: inout GatewayConfiguration, directory: DataDirectory) async throws {
        guard configuration.apis.contains(where: { $0.definition.id == nil }) else { return }
        let store = try PrincipalsCLI.mappingSync { () throws(StoreError) in
            try SQLitePrincipalStore(dataDirectory: directory)
        }
        for index in configuration.apis.indices where configuration.apis[index].definition.id == nil {
            let name = configuration.apis[index].definition.name
            let text = try await PrincipalsCLI.mapping { () async throws(StoreError) in
                try await store.apiIdentifier(forName: name)
            }
            guard let id = APIIdentifier(text) else {
                throw CLIError("the data directory gave the API `\(name)` the malformed id `\(text)`")
            }
            configuration.apis[index].definition.id = id
        }
    }
}

/// The start-up report, set once the gateway is built and read when its listener is bound.
final class ReportBox: Sendable {
    private let stored = Mutex<ServeReport?>(nil)

    var value: ServeReport? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
