import Authorizers
import Foundation
import GatehouseProcess
import IAMPolicy
import IAMPolicyYAML

/// The authorizer configuration file (JSON, or YAML by extension): named authorizers with API
/// Gateway's settings and how to run each.
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
/// Every URL (`lambda.endpoint`, a `jwks` URL, the `discovery` issuer and its `jwks_uri`, the
/// introspection `endpoint`) is https, or plain http only to this machine (127.0.0.0/8, [::1],
/// `localhost`), judged on the parsed host; user names and passwords in URLs are refused, and
/// redirects are never followed.
/// Relative key paths and script arguments are relative to the file's folder; the program itself
/// is a name found through `PATH` only, or a path (`./auth.sh`, relative to the folder).
struct AuthorizerConfigFile {
    struct Entry {
        var configuration: LambdaAuthorizerConfiguration
        var function: any AuthorizerFunction
        var timeout: Duration
    }

    let path: String
    let root: JSONNode

    init(path: String) throws {
        self.path = path
        let bytes = try readFile(path, option: "--config", limit: FileLimit.config)
        do {
            if PolicyFiles.isYAML(path) {
                root = try PolicyYAML.tree(String(decoding: bytes, as: UTF8.self))
            } else {
                var limits = PolicyJSONParser.Limits()
                limits.maxBytes = 4 * 1024 * 1024
                root = try PolicyJSONParser.parse(bytes, limits: limits)
            }
        } catch {
            throw CLIError("\(path):\(error.line):\(error.column): \(error.message)")
        }
    }

    private var folder: String { (path as NSString).deletingLastPathComponent }

    private func resolve(_ file: String) -> String {
        file.hasPrefix("/") || folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
    }

    var names: [String] {
        guard case .object(let members) = root.value,
            case .object(let authorizers)? = members.first(where: { $0.key == "authorizers" })?.value.value
        else { return [] }
        return authorizers.map(\.key)
    }

    func entry(_ name: String, transport: AHCTransport, now: @escaping @Sendable () -> Double) async throws -> Entry {
        // Every field read by exact type and range (`AuthorizerConfigFields`): a wrong-typed or
        // out-of-range value is an error naming it, never the default.
        let fields: AuthorizerConfigFields
        do {
            let authorizers = try AuthorizerConfigFields.authorizers(root.value)
            guard let node = authorizers.first(where: { $0.key == name })?.value else {
                throw CLIError("\(path): no authorizer `\(name)` (have: \(names.joined(separator: ", ")))")
            }
            fields = try AuthorizerConfigFields(node.value, name: name)
        } catch let error as JSONObjectReader.Failure {
            throw CLIError("\(path): \(error.message)")
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
            throw CLIError("\(path): authorizer `\(name)`: \(error)")
        }
        return Entry(
            configuration: configuration,
            function: try await makeFunction(fields.function, name: name, transport: transport, now: now),
            timeout: .seconds(fields.timeoutSeconds)
        )
    }

    private func makeFunction(
        _ function: AuthorizerConfigFields.Function,
        name: String,
        transport: AHCTransport,
        now: @escaping @Sendable () -> Double
    ) async throws -> any AuthorizerFunction {
        switch function {
        case .command(var arguments, let variables):
            let environment = LocalCommandFunction.lambdaEnvironment(
                functionName: name,
                taskRoot: URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path,
                adding: try commandEnvironment(variables, name: name)
            )
            // The program: a bare name is found through PATH only (never next to the config file,
            // where a planted `python3` would win); a relative path with a `/` is relative to the
            // config file's folder. A later argument naming a file next to the config (the
            // script) is made absolute — but never a bare name that is also a program in PATH:
            // a wrapper (`env python3 …`, `nice`, `timeout`) would run the planted file instead.
            arguments = arguments.enumerated().map { index, argument in
                if index == 0 { return argument.contains("/") ? resolve(argument) : argument }
                guard !argument.hasPrefix("/"), FileManager.default.fileExists(atPath: resolve(argument)) else {
                    return argument
                }
                if !argument.contains("/"),
                    ExecutablePath.resolve(argument, searchPath: environment["PATH"]) != nil
                {
                    return argument
                }
                return resolve(argument)
            }
            let function = LocalCommandFunction(arguments: arguments, environment: environment)
            guard function.executable != nil else {
                throw CLIError(
                    "\(path): `\(name).function.command`: `\(arguments[0])` is not an executable in PATH (a name without `/` is looked up in PATH only; write `./\(arguments[0])` for a file next to the config)"
                )
            }
            return function
        case .lambda(let endpoint, let function):
            do {
                return try LambdaInvokeFunction(endpoint: endpoint, functionName: function, transport: transport)
            } catch {
                throw CLIError("\(path): `\(name).function.lambda.endpoint` \(error)")
            }
        case .jwtBearer(let fields):
            let issuer = fields.issuer
            let jwks = fields.jwks ?? ""
            var configuration = JWTVerifier.Configuration()
            configuration.issuers = [issuer]
            configuration.audiences = fields.audiences ?? []
            // API Gateway's JWT authorizers always check `aud`/`client_id`; so does this one.
            guard !configuration.audiences.isEmpty else {
                throw CLIError("\(path): `\(name).function.jwtBearer` needs `audiences` (one or more)")
            }
            let keys: JWTBearerFunction.KeySource
            if fields.discovery {
                do {
                    keys = .remote(try await RemoteJWKS.discover(issuer: issuer, transport: transport))
                } catch {
                    throw CLIError("\(path): `\(name)`: \(error)")
                }
            } else if jwks.contains("://") {
                // A URL (judged by `EndpointURL.trusted`: https, or plain http to this machine).
                do {
                    keys = .remote(try RemoteJWKS(url: jwks, transport: transport))
                } catch {
                    throw CLIError("\(path): `\(name).function.jwtBearer.jwks` \(error.message)")
                }
            } else if !jwks.isEmpty {
                keys = .fixed(try await JWTSupport.keys(from: resolve(jwks), algorithms: []))
            } else {
                throw CLIError("\(path): `\(name).function.jwtBearer` needs `jwks` or `discovery: true`")
            }
            for (route, _) in fields.routeScopes where JWTBearerFunction.normalizedRoute(route) == nil {
                throw CLIError(
                    "\(path): `\(name)` route `\(route)` is not `METHOD /path` (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, *; `{param}` segments allowed)"
                )
            }
            return JWTBearerFunction(
                verifier: JWTVerifier(configuration: configuration),
                keys: keys,
                routeScopes: fields.routeScopes,
                claimsToContext: fields.claimsToContext,
                now: now
            )
        case .introspection(let fields):
            let variable = fields.clientSecretEnv ?? "GATEHOUSE_INTROSPECTION_SECRET"
            guard let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
                throw CLIError("\(path): the client secret is read from $\(variable), which is not set")
            }
            do {
                return try IntrospectionFunction(
                    endpoint: fields.endpoint,
                    clientID: fields.clientId,
                    clientSecret: secret,
                    transport: transport,
                    audiences: fields.audiences,
                    requiredScopes: fields.requiredScopes,
                    tokenType: fields.tokenType,
                    now: now
                )
            } catch {
                throw CLIError("\(path): `\(name).function.introspection`: \(error.message)")
            }
        }
    }

    /// `function.environment`: an object of string values, added to the Lambda-like minimum a
    /// command gets (it inherits nothing else from this process).
    private func commandEnvironment(_ members: [(key: String, value: String)]?, name: String) throws -> [String: String]
    {
        guard let members else { return [:] }
        var environment: [String: String] = [:]
        for (key, text) in members {
            guard !key.isEmpty, !key.utf8.contains(where: { $0 == UInt8(ascii: "=") || $0 == 0 }) else {
                throw CLIError("\(path): `\(name).function.environment`: `\(key)` is not a variable name")
            }
            guard !text.utf8.contains(0) else {
                throw CLIError("\(path): `\(name).function.environment.\(key)` holds a NUL character")
            }
            guard environment.updateValue(text, forKey: key) == nil else {
                throw CLIError("\(path): `\(name).function.environment` names `\(key)` twice")
            }
        }
        return environment
    }
}
