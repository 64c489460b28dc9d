public import GatehouseCore

/// The authorizer configuration file: named authorizers with API Gateway's settings and how to
/// run each. `gatehouse authorizer test` loads it, and so will the gateway.
///
/// ```json
/// {"authorizers": {"jwt": {"type": "TOKEN" | "REQUEST" | "HTTP",
///   "payloadFormatVersion": "2.0", "enableSimpleResponses": false,
///   "identitySource": "method.request.header.Authorization",
///   "identityValidationExpression": "^Bearer .+$", "resultTtlInSeconds": 300 (0–3600), "timeoutSeconds": 10
///   (1–29; HTTP 1–10),
///   "function": {"command": ["python3", "authorizer.py"]}
///               (+ "environment": {"NAME": "value"}: a command inherits only a Lambda-like minimum)
///             | {"lambda": {"endpoint": "http://127.0.0.1:3001", "name": "auth"}}
///             | {"jwtBearer": {"issuer": "…", "jwks": "jwks.json" | "https://…", "discovery": false, "audiences": ["…"],
///                              "routeScopes": {"GET /pets/*": ["pets/read"]}, "claimsToContext": {"sub": "userId"}}}
///             | {"introspection": {"endpoint": "https://…/introspect", "clientId": "…", "clientSecretEnv": "VAR",
///                                  "audiences": ["…"], "tokenType": "Bearer", "requiredScopes": ["…"]}}}}}
/// ```
/// - Every field has exactly one JSON type and its documented range; a field that is misspelt,
///   of another type or out of range is an ``AuthorizerConfigError`` naming it, never the default.
/// - Every URL (`lambda.endpoint`, a `jwks` URL, the `discovery` issuer and its `jwks_uri`, the
///   introspection `endpoint`) is https, or plain http only to this machine (127.0.0.0/8, [::1],
///   `localhost`), judged on the parsed host; user names and passwords in URLs are refused, and
///   redirects are never followed (``HTTPTransport``'s contract).
/// - Relative key paths and script arguments are relative to ``folder``; the program itself is a
///   name found through `PATH` only, or a path (`./auth.sh`, relative to the folder).
///
/// The file is JSON (``init(json:folder:)``); a caller that reads YAML hands its tree to
/// ``init(root:folder:)``.
public struct AuthorizerConfigFile: Sendable {
    /// One authorizer, ready to run: its settings, its function and the function's deadline.
    public struct Entry: Sendable {
        public var configuration: LambdaAuthorizerConfiguration
        public var function: any AuthorizerFunction
        public var timeout: Duration
    }

    /// The largest file ``init(json:folder:)`` parses: 4 MiB.
    public static let maxBytes = 4 * 1024 * 1024

    /// The parsed document.
    public let root: JSONNode
    /// The folder relative paths in the file are read from (empty: the working directory).
    public let folder: String

    public init(root: JSONNode, folder: String) {
        self.root = root
        self.folder = folder
    }

    /// Parses JSON text (at most ``maxBytes``); a syntax error carries its line and column.
    public init(json bytes: [UInt8], folder: String) throws(AuthorizerConfigError) {
        var limits = JSONParser.Limits()
        limits.maxBytes = Self.maxBytes
        do {
            root = try JSONParser.parse(bytes, limits: limits)
        } catch {
            throw AuthorizerConfigError(syntax: error)
        }
        self.folder = folder
    }

    /// The authorizers' names, in file order (empty when the file has no `authorizers` object).
    public var names: [String] {
        guard case .object(let members) = root.value,
            case .object(let authorizers)? = members.first(where: { $0.key == "authorizers" })?.value.value
        else { return [] }
        return authorizers.map(\.key)
    }

    /// Authorizer `name`, with its function built: keys loaded (a local `jwks` file read now, a
    /// `discovery` issuer asked now through `transport`), a command's program found in `PATH`.
    ///
    /// - Parameters:
    ///   - transport: the HTTP client of remote functions and key sets.
    ///   - clock: the clock of token checks (`jwtBearer`, `introspection`).
    ///   - environment: where `clientSecretEnv` is read and a command's Lambda-like environment
    ///     takes `PATH`, `LANG` and the region from (the embedding process's, usually).
    public func entry(
        _ name: String,
        transport: any HTTPTransport,
        clock: any GatehouseClock,
        environment: [String: String]
    ) async throws(AuthorizerConfigError) -> Entry {
        let fields: AuthorizerConfigFields
        do {
            let authorizers = try AuthorizerConfigFields.authorizers(root.value)
            guard let node = authorizers.first(where: { $0.key == name })?.value else {
                throw AuthorizerConfigError(
                    field: "authorizers",
                    "no authorizer `\(name)` (have: \(names.joined(separator: ", ")))"
                )
            }
            fields = try AuthorizerConfigFields(node.value, name: name)
        } catch let error as JSONObjectReader.Failure {
            throw AuthorizerConfigError(field: error.path, error.message)
        } catch let error as AuthorizerConfigError {
            throw error
        } catch {
            throw AuthorizerConfigError(field: "authorizers.\(name)", "\(error)")
        }
        let configuration: LambdaAuthorizerConfiguration
        do {
            configuration = try LambdaAuthorizerConfiguration(
                name: name,
                kind: fields.kind,
                identitySources: try fields.identitySources.map { source throws(AuthorizerConfigurationError) in
                    try IdentitySource(source)
                },
                validationExpression: fields.validationExpression,
                resultTTLSeconds: fields.resultTTLSeconds
            )
        } catch {
            throw AuthorizerConfigError(field: "authorizers.\(name)", "authorizer `\(name)`: \(error)")
        }
        let builder = FunctionBuilder(
            file: self,
            name: name,
            transport: transport,
            clock: clock,
            environment: environment
        )
        return Entry(
            configuration: configuration,
            function: try await builder.make(fields.function),
            timeout: .seconds(fields.timeoutSeconds)
        )
    }

    /// `file` as written when absolute, else relative to ``folder``.
    func resolve(_ file: String) -> String {
        guard !file.hasPrefix("/"), !folder.isEmpty else { return file }
        return folder.hasSuffix("/") ? folder + file : folder + "/" + file
    }
}
