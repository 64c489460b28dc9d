// FileHandle lives in Foundation proper.
import Foundation
import GatehouseCore
import GatehouseProcess

/// Builds one authorizer's function from its read fields (``AuthorizerConfigFields/Function``).
struct FunctionBuilder {
    let file: AuthorizerConfigFile
    let name: String
    let transport: any HTTPTransport
    let clock: any GatehouseClock
    let environment: [String: String]

    private func failure(_ field: String, _ message: String) -> AuthorizerConfigError {
        AuthorizerConfigError(field: field.isEmpty ? "authorizers.\(name)" : "authorizers.\(name).\(field)", message)
    }

    func make(_ function: AuthorizerConfigFields.Function) async throws(AuthorizerConfigError) -> any AuthorizerFunction
    {
        switch function {
        case .command(let arguments, let variables): return try command(arguments, variables)
        case .lambda(let endpoint, let function):
            do {
                return try LambdaInvokeFunction(endpoint: endpoint, functionName: function, transport: transport)
            } catch {
                throw failure("function.lambda.endpoint", "`\(name).function.lambda.endpoint` \(error)")
            }
        case .jwtBearer(let fields): return try await jwtBearer(fields)
        case .introspection(let fields): return try introspection(fields)
        }
    }

    private func command(
        _ written: [String],
        _ variables: [(key: String, value: String)]?
    ) throws(AuthorizerConfigError) -> any AuthorizerFunction {
        let folder = file.folder.isEmpty ? "." : file.folder
        let environment = LocalCommandFunction.lambdaEnvironment(
            functionName: name,
            taskRoot: URL(fileURLWithPath: folder).standardizedFileURL.path,
            adding: try commandEnvironment(variables),
            inheritingFrom: self.environment
        )
        // The program: a bare name is found through PATH only (never next to the config file,
        // where a planted `python3` would win); a relative path with a `/` is relative to the
        // config file's folder. A later argument naming a file next to the config (the script)
        // is made absolute — but never a bare name that is also a program in PATH: a wrapper
        // (`env python3 …`, `nice`, `timeout`) would run the planted file instead.
        let arguments = written.enumerated().map { index, argument in
            if index == 0 { return argument.contains("/") ? file.resolve(argument) : argument }
            guard !argument.hasPrefix("/"), FileManager.default.fileExists(atPath: file.resolve(argument)) else {
                return argument
            }
            if !argument.contains("/"), ExecutablePath.resolve(argument, searchPath: environment["PATH"]) != nil {
                return argument
            }
            return file.resolve(argument)
        }
        let function = LocalCommandFunction(arguments: arguments, environment: environment)
        guard function.executable != nil else {
            throw failure(
                "function.command",
                "`\(name).function.command`: `\(arguments.first ?? "")` is not an executable in PATH (a name without `/` is looked up in PATH only; write `./\(arguments.first ?? "")` for a file next to the config)"
            )
        }
        return function
    }

    /// `function.environment`: an object of string values, added to the Lambda-like minimum a
    /// command gets (it inherits nothing else from the embedding process).
    private func commandEnvironment(
        _ members: [(key: String, value: String)]?
    ) throws(AuthorizerConfigError) -> [String: String] {
        guard let members else { return [:] }
        var environment: [String: String] = [:]
        for (key, text) in members {
            guard !key.isEmpty, !key.utf8.contains(where: { $0 == UInt8(ascii: "=") || $0 == 0 }) else {
                throw failure("function.environment", "`\(name).function.environment`: `\(key)` is not a variable name")
            }
            guard !text.utf8.contains(0) else {
                throw failure(
                    "function.environment.\(key)",
                    "`\(name).function.environment.\(key)` holds a NUL character"
                )
            }
            guard environment.updateValue(text, forKey: key) == nil else {
                throw failure("function.environment", "`\(name).function.environment` names `\(key)` twice")
            }
        }
        return environment
    }

    private func jwtBearer(
        _ fields: AuthorizerConfigFields.JWTBearer
    ) async throws(AuthorizerConfigError) -> any AuthorizerFunction {
        let jwks = fields.jwks ?? ""
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = [fields.issuer]
        configuration.audiences = fields.audiences ?? []
        // API Gateway's JWT authorizers always check `aud`/`client_id`; so does this one.
        guard !configuration.audiences.isEmpty else {
            throw failure(
                "function.jwtBearer.audiences",
                "`\(name).function.jwtBearer` needs `audiences` (one or more)"
            )
        }
        let keys: JWTBearerFunction.KeySource
        if fields.discovery {
            do {
                keys = .remote(try await RemoteJWKS.discover(issuer: fields.issuer, transport: transport))
            } catch {
                throw failure("function.jwtBearer.issuer", "`\(name)`: \(error)")
            }
        } else if jwks.contains("://") {
            // A URL (judged by `EndpointURL.trusted`: https, or plain http to this machine).
            do {
                keys = .remote(try RemoteJWKS(url: jwks, transport: transport))
            } catch {
                throw failure("function.jwtBearer.jwks", "`\(name).function.jwtBearer.jwks` \(error.message)")
            }
        } else if !jwks.isEmpty {
            keys = .fixed(try localKeys(file.resolve(jwks)))
        } else {
            throw failure("function.jwtBearer", "`\(name).function.jwtBearer` needs `jwks` or `discovery: true`")
        }
        for (route, _) in fields.routeScopes where JWTBearerFunction.normalizedRoute(route) == nil {
            throw failure(
                "function.jwtBearer.routeScopes",
                "`\(name)` route `\(route)` is not `METHOD /path` (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, *; `{param}` segments allowed)"
            )
        }
        return JWTBearerFunction(
            verifier: JWTVerifier(configuration: configuration),
            keys: keys,
            routeScopes: fields.routeScopes,
            claimsToContext: fields.claimsToContext,
            clock: clock
        )
    }

    /// A JWKS (or single JWK) file next to the configuration; `oct` keys allowed (the file is the
    /// operator's, not published). A PEM key carries no algorithm, so it is refused here.
    private func localKeys(_ path: String) throws(AuthorizerConfigError) -> JWKSet {
        let field = "function.jwtBearer.jwks"
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure(field, "`\(name).function.jwtBearer.jwks`: cannot read `\(path)`")
        }
        defer { try? handle.close() }
        let bytes: [UInt8]
        do {
            bytes = Array(try handle.read(upToCount: JWKSet.maxBytes + 1) ?? Data())
        } catch {
            throw failure(field, "`\(name).function.jwtBearer.jwks`: cannot read `\(path)`")
        }
        guard bytes.count <= JWKSet.maxBytes else {
            throw failure(field, "\(path): `\(path)` is larger than \(JWKSet.maxBytes) bytes (the limit)")
        }
        if String(decoding: bytes.prefix(200), as: UTF8.self).contains("-----BEGIN") {
            throw failure(field, "\(path): a PEM key carries no algorithm; give a JWKS whose keys name their `alg`")
        }
        do {
            return try JWKSet.parse(bytes, allowSecretKeys: true)
        } catch {
            throw failure(field, "\(path): \(error.message)")
        }
    }

    private func introspection(
        _ fields: AuthorizerConfigFields.Introspection
    ) throws(AuthorizerConfigError) -> any AuthorizerFunction {
        let variable = fields.clientSecretEnv ?? "GATEHOUSE_INTROSPECTION_SECRET"
        guard let secret = environment[variable], !secret.isEmpty else {
            throw failure(
                "function.introspection.clientSecretEnv",
                "the client secret is read from $\(variable), which is not set"
            )
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
                clock: clock
            )
        } catch {
            throw failure("function.introspection", "`\(name).function.introspection`: \(error.message)")
        }
    }
}
