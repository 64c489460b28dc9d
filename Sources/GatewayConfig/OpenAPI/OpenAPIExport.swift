public import GatehouseCore

/// Writes an API back as an OpenAPI 3.0.1 document with API Gateway's extensions — the shape of
/// AWS's `oas30` export with `extensions=apigateway` — so that importing the export serves the
/// same routes with the same authorization and integrations.
///
/// The output is deterministic (paths, verbs and map keys sorted), so a deployment's id can be
/// derived from it.
public enum OpenAPIExport {
    /// The document as a JSON value.
    public static func document(_ api: APIDefinition) -> JSONValue {
        var top: [(String, JSONValue)] = [("openapi", .string("3.0.1"))]
        var info: [(String, JSONValue)] = [("title", .string(api.name)), ("version", .string("1.0"))]
        if let description = api.description { info.append(("description", .string(description))) }
        top.append(("info", JSONValue.members(info)))
        if api.kind == .http { top.append((OpenAPIExtension.importExportVersion, .string("1.0"))) }

        let names = SchemeNames(api)
        var paths: [(String, JSONValue)] = []
        for resource in api.resources.sorted(by: { $0.path < $1.path }) {
            var item: [(String, JSONValue)] = []
            for method in resource.methods.sorted(by: { $0.verb < $1.verb }) {
                let key = method.verb == .any ? OpenAPIExtension.anyMethod : method.verb.name.lowercased()
                item.append((key, operation(method, names)))
            }
            paths.append((resource.path.description, JSONValue.members(item)))
        }
        if let route = api.defaultRoute {
            paths.append(("$default", JSONValue.members([(OpenAPIExtension.anyMethod, operation(route, names))])))
        }
        top.append(("paths", JSONValue.members(paths)))

        var schemes: [(String, JSONValue)] = []
        for authorizer in api.authorizers.sorted(by: { $0.name < $1.name }) {
            schemes.append((authorizer.name, scheme(for: authorizer)))
        }
        let methods = api.resources.flatMap(\.methods) + (api.defaultRoute.map { [$0] } ?? [])
        if methods.contains(where: { $0.authorizationType == .awsIAM }) {
            schemes.append(
                (
                    names.sigv4,
                    JSONValue.members([
                        ("type", .string("apiKey")), ("name", .string("Authorization")), ("in", .string("header")),
                        (OpenAPIExtension.authtype, .string("awsSigv4")),
                    ])
                )
            )
        }
        if methods.contains(where: \.apiKeyRequired) {
            schemes.append(
                (
                    names.apiKey,
                    JSONValue.members([
                        ("type", .string("apiKey")), ("name", .string("x-api-key")), ("in", .string("header")),
                    ])
                )
            )
        }
        if !schemes.isEmpty {
            top.append(("components", JSONValue.members([("securitySchemes", JSONValue.members(schemes))])))
        }

        if api.apiKeySource != .header { top.append((OpenAPIExtension.apiKeySource, .string(api.apiKeySource.name))) }
        if !api.binaryMediaTypes.isEmpty {
            top.append(
                (OpenAPIExtension.binaryMediaTypes, JSONValue.elements(api.binaryMediaTypes.map(JSONValue.string)))
            )
        }
        if !api.gatewayResponses.isEmpty {
            top.append(
                (
                    OpenAPIExtension.gatewayResponses,
                    JSONValue.members(
                        api.gatewayResponses.sorted { $0.type.name < $1.type.name }.map { ($0.type.name, $0.json) }
                    )
                )
            )
        }
        if let policy = api.resourcePolicy { top.append((OpenAPIExtension.policy, policy.json)) }
        if let endpoint = api.endpointConfiguration {
            top.append((OpenAPIExtension.endpointConfiguration, endpoint.json))
        }
        if let cors = api.cors { top.append((OpenAPIExtension.cors, cors.json)) }
        return JSONValue.members(top)
    }

    /// The document as JSON text (pretty, as `aws apigateway get-export` writes it).
    public static func text(_ api: APIDefinition, pretty: Bool = true) -> String {
        JSONWriter.text(document(api), options: JSONWriter.Options(pretty: pretty))
    }

    /// Names for the two built-in schemes that no authorizer already uses.
    struct SchemeNames {
        let sigv4: String
        let apiKey: String

        init(_ api: APIDefinition) {
            let taken = Set(api.authorizers.map(\.name))
            func free(_ base: String) -> String {
                var name = base
                var counter = 2
                while taken.contains(name) {
                    name = "\(base)_\(counter)"
                    counter += 1
                }
                return name
            }
            sigv4 = free("sigv4")
            apiKey = free("api_key")
        }
    }

    static func operation(_ method: Method, _ names: SchemeNames) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let name = method.operationName { members.append(("operationId", .string(name))) }
        var parameters: [JSONValue] = []
        for (name, required) in method.requestParameters {
            let path = "method.request.path."
            let query = "method.request.querystring."
            let (location, parameter): (String, String) =
                name.hasPrefix(path)
                ? ("path", String(name.dropFirst(path.count)))
                : name.hasPrefix(query)
                    ? ("query", String(name.dropFirst(query.count)))
                    : ("header", String(name.dropFirst("method.request.header.".count)))
            parameters.append(
                JSONValue.members([
                    ("name", .string(parameter)), ("in", .string(location)), ("required", .bool(required)),
                    ("schema", JSONValue.members([("type", .string("string"))])),
                ])
            )
        }
        if !parameters.isEmpty { members.append(("parameters", JSONValue.elements(parameters))) }
        var requirement: [(String, JSONValue)] = []
        switch method.authorizationType {
        case .awsIAM: requirement.append((names.sigv4, JSONValue.elements([])))
        case .none: break
        default:
            if let name = method.authorizerName {
                requirement.append((name, JSONValue.elements(method.authorizationScopes.map(JSONValue.string))))
            }
        }
        if method.apiKeyRequired { requirement.append((names.apiKey, JSONValue.elements([]))) }
        if !requirement.isEmpty { members.append(("security", JSONValue.elements([JSONValue.members(requirement)]))) }
        members.append(
            (
                "responses",
                JSONValue.members([
                    ("default", JSONValue.members([("description", .string("the integration's answer"))]))
                ])
            )
        )
        if let integration = method.integration { members.append((OpenAPIExtension.integration, integration.json)) }
        return JSONValue.members(members)
    }

    static func scheme(for authorizer: Authorizer) -> JSONValue {
        var members: [(String, JSONValue)]
        switch authorizer.kind {
        case .jwt:
            members = [("type", .string("oauth2")), ("flows", JSONValue.members([]))]
        case .cognitoUserPools:
            members = [
                ("type", .string("apiKey")), ("name", .string("Authorization")), ("in", .string("header")),
                (OpenAPIExtension.authtype, .string("cognito_user_pools")),
            ]
        default:
            // A token authorizer's header is the scheme's name; a request authorizer's sources
            // are several, and AWS writes `Unused`.
            let header = "method.request.header."
            let name =
                authorizer.kind == .token && authorizer.identitySource.first?.hasPrefix(header) == true
                ? String(authorizer.identitySource[0].dropFirst(header.count)) : "Unused"
            members = [
                ("type", .string("apiKey")), ("name", .string(name)), ("in", .string("header")),
                (OpenAPIExtension.authtype, .string("custom")),
            ]
        }
        members.append((OpenAPIExtension.authorizer, authorizer.json))
        return JSONValue.members(members)
    }
}
