public import GatehouseCore
public import GatewayConfig
public import Logging

/// Everything ``buildApplication(_:)`` needs: where to listen, what to serve, where functions and
/// state live. A value built once by the CLI (or a test) and never changed while serving.
public struct GatewayServerConfiguration: Sendable {
    /// The address to bind (default `127.0.0.1`: loopback only until asked otherwise).
    public var host: String
    /// The port to bind; `0` asks the system for a free port, reported to ``onServerRunning``.
    public var port: Int
    /// Event-loop threads; `nil` uses NIO's shared group (one thread per core).
    public var threads: Int?
    /// The state directory (stable API ids, principals); `nil` keeps ids in memory, drawn from
    /// ``identifierSeed``, which suits tests.
    public var dataDirectory: String?
    /// The region ARNs and invoke URLs name (`us-east-1` unless told otherwise).
    public var region: String
    /// The account id ARNs name (`000000000000` unless told otherwise).
    public var accountID: String
    /// The APIs to serve, as GatewayConfig loaded them. An API without an id gets one from the
    /// data directory's store (stable across restarts) or, without one, from an in-memory
    /// assigner.
    public var apis: GatewayConfiguration
    /// Custom domains: a Host header and a base path mapped to an API's stage.
    public var basePathMappings: [BasePathMapping]
    /// The Lambda Invoke API endpoint that Lambda ARNs without a local command reach
    /// (`sam local start-lambda`'s `http://127.0.0.1:3001`, an emulator, or the real service).
    public var lambdaEndpoint: String?
    /// Local commands standing in for Lambda functions: function NAME (as in the ARN) → a shell
    /// command line, run with `/bin/sh -c`, the event on stdin and the result on stdout.
    public var functions: [String: String]
    /// The keys of JWT authorizers: issuer (exactly as in `jwtConfiguration.issuer`) → a local
    /// JWKS file, read at start (unreadable or without a usable key: ``GatewayStartError``), or an
    /// http(s) JWKS URL. An issuer not named here has its keys found through OIDC discovery
    /// (`{issuer}/.well-known/openid-configuration` → `jwks_uri`) at its first token.
    public var jwks: [String: String]
    /// Where the one JSON line per request goes.
    public var accessLog: AccessLogDestination
    /// PEM certificate chain and private key for TLS. Both or neither.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// The largest request body accepted (API Gateway's 10 MB); larger → 413.
    public var maxPayloadBytes: Int
    /// The largest HTTP/1.1 header field, and all of a request's header fields together; more
    /// is answered 400 and the connection closed, before the gateway sees the request. (HTTP/2
    /// header lists are bounded by NIOHTTP2's own settings.)
    public var maxHeaderBytes: Int
    /// Connections open at once, from all clients, and from one client address: past either a
    /// new connection is closed as soon as it is accepted (each costs a file descriptor; at the
    /// process's limit the listener and the integrations fail for everyone).
    public var maxConnections: Int
    public var maxConnectionsPerClient: Int
    /// Over TLS, how long a connection may take from accept to a completed handshake (10 s by
    /// default): one that never sends its ClientHello is closed then — the idle timeout only
    /// starts once HTTP is spoken.
    public var tlsHandshakeTimeout: Duration
    /// A connection on which no byte moves in either direction for this long (checked once a
    /// period: closed after one to two) is closed — 60 s by default. Bounds what the idle
    /// timeouts do not: an HTTP/2 client that never answers the closing PING, a client that
    /// stops reading a response while it holds a backend connection.
    public var connectionSilencePeriod: Duration
    /// How long an in-flight request may take to finish after SIGTERM/SIGINT before the server
    /// closes its connections anyway.
    public var shutdownGracePeriod: Duration
    /// The seed of the in-memory API id assigner used without a data directory.
    public var identifierSeed: UInt64
    /// Called once the listener is bound, with the port it is bound to (the way a test or the
    /// CLI learns the port chosen for `port: 0`).
    public var onServerRunning: (@Sendable (_ port: Int) async -> Void)?
    /// The server's own log (start-up, notices, failures); the access log is separate.
    public var logger: Logger
    /// Wall and monotonic time for the request pipeline: `aws:CurrentTime`, the SigV4 clock
    /// window, token expiry, authorizer cache lifetimes, `requestTimeEpoch`. Tests inject a fixed
    /// clock, so fixtures signed at their own instant keep verifying next year.
    public var clock: any GatehouseClock

    public init(
        apis: GatewayConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        threads: Int? = nil,
        dataDirectory: String? = nil,
        region: String = "us-east-1",
        accountID: String = "000000000000",
        basePathMappings: [BasePathMapping] = [],
        lambdaEndpoint: String? = nil,
        functions: [String: String] = [:],
        jwks: [String: String] = [:],
        accessLog: AccessLogDestination = .standardOutput,
        tlsCertificatePath: String? = nil,
        tlsKeyPath: String? = nil,
        maxPayloadBytes: Int = GatewayServerConfiguration.defaultMaxPayloadBytes,
        maxHeaderBytes: Int = GatewayServerConfiguration.defaultMaxHeaderBytes,
        maxConnections: Int = GatewayServerConfiguration.defaultMaxConnections,
        maxConnectionsPerClient: Int = GatewayServerConfiguration.defaultMaxConnectionsPerClient,
        tlsHandshakeTimeout: Duration = .seconds(10),
        connectionSilencePeriod: Duration = .seconds(60),
        shutdownGracePeriod: Duration = .seconds(30),
        identifierSeed: UInt64 = 0,
        onServerRunning: (@Sendable (_ port: Int) async -> Void)? = nil,
        logger: Logger = Logger(label: "gatehouse.gateway"),
        clock: any GatehouseClock = SystemClock()
    ) {
        self.apis = apis
        self.host = host
        self.port = port
        self.threads = threads
        self.dataDirectory = dataDirectory
        self.region = region
        self.accountID = accountID
        self.basePathMappings = basePathMappings
        self.lambdaEndpoint = lambdaEndpoint
        self.functions = functions
        self.jwks = jwks
        self.accessLog = accessLog
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.maxPayloadBytes = maxPayloadBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.tlsHandshakeTimeout = tlsHandshakeTimeout
        self.connectionSilencePeriod = connectionSilencePeriod
        self.shutdownGracePeriod = shutdownGracePeriod
        self.identifierSeed = identifierSeed
        self.onServerRunning = onServerRunning
        self.logger = logger
        self.clock = clock
    }

    /// Connections at once: 10,000 in all (under common open-file limits with room for the
    /// integrations' own), 1,000 from one address (a load test from one host still fits).
    public static let defaultMaxConnections = 10_000
    public static let defaultMaxConnectionsPerClient = 1_000

    /// API Gateway's payload limit: 10 MB (10,485,760 bytes).
    public static let defaultMaxPayloadBytes = 10 * 1024 * 1024

    /// 80 KiB, SwiftNIO's and Hummingbird's default: room for large cookies and tokens. (API
    /// Gateway documents 10,240 bytes for a REST API's request line and headers together.)
    public static let defaultMaxHeaderBytes = 80 * 1024
}
