import AccessLayer
import AsyncHTTPClient
import Authorizers
public import GatehouseCore
import GatehouseStore
import GatewayConfig
public import Hummingbird
import IAMPolicy
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SigV4
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A built gateway: the Hummingbird application, ready to run, and what it serves.
public struct GatewayApplication: Sendable {
    /// The application; `run()` serves until cancelled, ``run()`` here also drains on
    /// SIGTERM/SIGINT.
    public let application: Application<GatewayResponder>
    /// The APIs served, ids assigned, stages compiled.
    public let table: ServingTable
    /// Everything loaded but not acted on (unknown extensions, unenforced settings, functions
    /// no runner reaches): `serve` prints them at start-up.
    public let notices: [String]
    let state: GatewayState
    /// Runs the server's tasks on the gateway's event loops.
    let executor: EventLoopTaskExecutor

    /// The port the listener is bound to, once it runs (`nil` before).
    public var boundPort: Int? { state.boundPort }

    /// `[{"id", "name", "stages": [{"name", "invokeUrl"}]}]` for this listener, as
    /// `GET /_gatehouse/apis` answers.
    public var listing: JSONValue { table.listing(baseURL: ReservedPaths.baseURL(state)) }

    /// Serves until SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
    /// finish (within the configured grace period) and returns.
    public func run() async throws {
        // The server and its connections' tasks run on the gateway's event loops (see
        // EventLoopTaskExecutor): connection tasks inherit the preference of the group that
        // runs the server.
        try await withTaskExecutorPreference(executor) {
            try await runServices()
        }
    }

    private func runServices() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [application],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: state.logger
            )
        )
        try await group.run()
    }
}

/// Builds the gateway from its configuration: assigns API ids (from the data directory's store,
/// stable across restarts, or in memory), compiles every stage's routing table, makes the
/// integrations' HTTP client and function runners, and returns the application unstarted. The
/// one entry point of `gatehouse serve` and of the tests. Refuses (throws
/// ``GatewayStartError``) rather than half-serve: a stage without its deployment, a table that
/// does not compile, two APIs with one id, TLS half-configured.
public func buildApplication(_ configuration: GatewayServerConfiguration) async throws -> GatewayApplication {
    let logger = configuration.logger
    let transport = try ServerTransport.load(
        certificatePath: configuration.tlsCertificatePath,
        keyPath: configuration.tlsKeyPath,
        maxHeaderBytes: configuration.maxHeaderBytes,
        limits: .fitted(
            maxConnections: configuration.maxConnections,
            maxPerClient: configuration.maxConnectionsPerClient,
            logger: logger
        ),
        handshakeTimeout: configuration.tlsHandshakeTimeout,
        silencePeriod: configuration.connectionSilencePeriod
    )
    let assigner: any APIIdentifierAssigner
    let credentials: any SigV4CredentialStore
    var services: [any Service] = []
    if let path = configuration.dataDirectory {
        let directory = DataDirectory(path)
        let store = try SQLitePrincipalStore(dataDirectory: directory)
        assigner = StoreIdentifierAssigner(store: store)
        var environment: [String: String] = [:]
        for name in [RootCredentials.accessKeyIdVariable, RootCredentials.secretAccessKeyVariable] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        let root = try RootCredentials.resolve(
            dataDirectory: directory,
            environment: environment,
            account: configuration.accountID
        )
        let cache = StoreCredentialCache(store: store, root: root.storedCredential())
        try await cache.refresh()
        credentials = cache
        services.append(CredentialRefreshService(cache: cache))
    } else {
        assigner = InMemoryAPIIdentifierAssigner(seed: configuration.identifierSeed)
        credentials = StaticCredentialStore([])
    }
    var served: [ServedAPI] = []
    var notices = configuration.apis.notices.map(\.description)
    for configured in configuration.apis.apis {
        let id: APIIdentifier
        if let given = configured.definition.id {
            id = given
        } else {
            id = try await assigner.identifier(forAPINamed: configured.definition.name)
        }
        served.append(try ServedAPI(id: id, configured: configured))
        notices += configured.definition.notices.map(\.description)
    }
    let table = try ServingTable(apis: served, mappings: configuration.basePathMappings)
    var resourcePolicies: [APIIdentifier: APIResourcePolicy] = [:]
    for api in served {
        if let policy = api.definition.resourcePolicy {
            // API Gateway expands the `execute-api:/{stage}/{METHOD}/{path}` shorthand to this
            // API's ARNs when the policy is saved; the access layer judges full ARNs only.
            let document = policy.document.expandingExecuteAPIShorthand(
                region: configuration.region,
                account: configuration.accountID,
                apiId: api.id.description
            )
            resourcePolicies[api.id] = APIResourcePolicy(document, name: "\(api.definition.name) resource policy")
        }
    }

    // Opened before the HTTP client exists: a client dropped without its shutdown traps, so
    // nothing that can refuse the start (here an access-log path that cannot be opened) may
    // come after it unguarded.
    let accessLogWriter = try AccessLogWriter(configuration.accessLog)

    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.redirectConfiguration = .disallow
    clientConfiguration.connectionPool.retryConnectionEstablishment = false
    // One client reading slowly (or an HTTP/2 stream with a closed window) holds a backend
    // connection while its answer streams: AsyncHTTPClient's default of 8 per host let one
    // connection with 10 such streams stall every route to that backend (an attacker's pass).
    // Room for 256 per host, and a backend connection that moves no byte for 60 s (its reader
    // stalled, or the backend) is dropped: longer than any integration may take (29 s).
    clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
    clientConfiguration.timeout.read = .seconds(60)
    clientConfiguration.decompression = .disabled
    let eventLoopGroup: any EventLoopGroup =
        configuration.threads.map { MultiThreadedEventLoopGroup(numberOfThreads: max(1, $0)) }
        ?? MultiThreadedEventLoopGroup.singleton
    let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: clientConfiguration)
    let functions = FunctionDirectory(
        functions: configuration.functions,
        lambdaEndpoint: configuration.lambdaEndpoint,
        transport: AsyncHTTPTransport(client: client),
        region: configuration.region
    )
    notices += unreachableFunctions(table, functions)
    var lambdaAuthorizers: [String: LambdaAuthorizer] = [:]
    for api in served {
        for (stageName, stage) in api.stages {
            for authorizer in api.definition.authorizers where authorizer.kind == .token || authorizer.kind == .request
            {
                let place =
                    "API `\(api.definition.name)` (\(api.id)), stage `\(stageName)`, authorizer `\(authorizer.name)`"
                let uri = StageVariables.substitute(authorizer.authorizerURI ?? "", stage.stage.variables)
                guard let name = FunctionDirectory.functionName(fromURI: uri),
                    let function = functions.function(named: name)
                else {
                    notices.append("\(place): no function serves `\(uri)`; its methods answer 500")
                    continue
                }
                let kind: LambdaAuthorizerConfiguration.Kind
                if api.definition.kind == .http {
                    kind = .httpAPI(
                        payloadVersion: authorizer.payloadFormatVersion ?? "2.0",
                        simpleResponses: authorizer.enableSimpleResponses
                    )
                } else {
                    kind = authorizer.kind == .token ? .token : .request
                }
                do {
                    var sources: [IdentitySource] = []
                    for text in authorizer.identitySource { sources.append(try IdentitySource(text)) }
                    let settings = try LambdaAuthorizerConfiguration(
                        name: authorizer.name,
                        kind: kind,
                        identitySources: sources,
                        validationExpression: authorizer.identityValidationExpression,
                        resultTTLSeconds: authorizer.resultTTLInSeconds
                    )
                    let key = AccessCheck.authorizerKey(api: api.id, stage: stageName, name: authorizer.name)
                    lambdaAuthorizers[key] = LambdaAuthorizer(configuration: settings, function: function)
                } catch {
                    try? await client.shutdown()
                    throw GatewayStartError("\(place): \(error)")
                }
            }
        }
    }

    let jwtAuthorizers: [String: JWTAuthorization]
    do {
        jwtAuthorizers = try buildJWTAuthorizers(
            served,
            overrides: configuration.jwks,
            transport: AsyncHTTPTransport(client: client)
        )
    } catch {
        // A client dropped without shutdown traps.
        try? await client.shutdown()
        throw error
    }

    let state = GatewayState(
        table: table,
        listenHost: configuration.host,
        isSecure: transport.isSecure,
        clock: configuration.clock,
        logger: logger,
        accessLog: AccessLogger(writer: accessLogWriter),
        maxPayloadBytes: configuration.maxPayloadBytes,
        access: AccessCheck(
            layer: AccessLayer(region: configuration.region, credentials: credentials, clock: configuration.clock),
            resourcePolicies: resourcePolicies,
            region: configuration.region,
            accountID: configuration.accountID,
            lambdaAuthorizers: lambdaAuthorizers,
            jwtAuthorizers: jwtAuthorizers
        ),
        integrations: Integrations(
            http: HTTPIntegration(client: client),
            functions: functions,
            region: configuration.region,
            accountID: configuration.accountID,
            maxPayloadBytes: configuration.maxPayloadBytes,
            logger: logger
        )
    )
    let onRunning = configuration.onServerRunning
    let application = Application(
        responder: GatewayResponder(state: state),
        server: transport.builder,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: nil
        ),
        services: services + [HTTPClientService(client: client)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            state.boundPort = port
            state.isReady = true
            await onRunning?(port)
        },
        eventLoopGroupProvider: .shared(eventLoopGroup),
        logger: logger
    )
    return GatewayApplication(
        application: application,
        table: table,
        notices: notices,
        state: state,
        executor: EventLoopTaskExecutor(group: eventLoopGroup)
    )
}

/// AWS_PROXY integrations whose function no runner reaches (no `--function NAME=…` and no
/// `--lambda-endpoint`), reported at start-up. URIs with stage variables are resolved per stage.
func unreachableFunctions(_ table: ServingTable, _ functions: FunctionDirectory) -> [String] {
    var out: [String] = []
    for id in table.order {
        guard let api = table.apis[id] else { continue }
        for (stageName, stage) in api.stages.sorted(by: { $0.key < $1.key }) {
            for route in stage.table.routes {
                guard let integration = route.method.integration, integration.type == .awsProxy else { continue }
                let uri = StageVariables.substitute(integration.uri ?? "", stage.stage.variables)
                if let name = FunctionDirectory.functionName(fromURI: uri), functions.function(named: name) != nil {
                    continue
                }
                out.append(
                    "API `\(api.definition.name)` (\(id)), stage `\(stageName)`, \(route.routeKey): no function serves `\(uri)` (give --function NAME=COMMAND or --lambda-endpoint URL)"
                )
            }
        }
    }
    return out
}

/// Keeps the integrations' HTTP client alive while the server runs and shuts it down after the
/// server has drained (services stop in reverse order; the server is last in Hummingbird's group).
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

/// Keeps the credential cache polling the store (other processes' key and policy changes are
/// seen within a second) until the server drains.
struct CredentialRefreshService: Service {
    let cache: StoreCredentialCache

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await cache.run() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}

/// GatewayConfig's id assigner over the data directory's store.
struct StoreIdentifierAssigner: APIIdentifierAssigner {
    let store: SQLitePrincipalStore

    func identifier(forAPINamed name: String) async throws -> APIIdentifier {
        let text = try await store.apiIdentifier(forName: name)
        guard let id = APIIdentifier(text) else {
            throw GatewayStartError("the store gave `\(text)` as the id of `\(name)`, not an API id")
        }
        return id
    }
}
