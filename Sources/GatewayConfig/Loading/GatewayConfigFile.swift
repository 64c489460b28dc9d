internal import GatehouseCore

/// Gatehouse's own configuration file, YAML or JSON (see the "Configuration file" article): APIs
/// with their resources or routes, methods, authorizers, gateway responses and stages, and the
/// principals files the store loads.
///
/// Reading is strict: an unknown field, a wrong type, a method naming an authorizer that does not
/// exist, or a route that cannot be compiled is a ``GatewayConfigError`` naming the file, line,
/// column and JSON path — the gateway refuses to start rather than serve half a configuration.
/// Fields that are accepted but not acted on yet become ``ConfigNotice``s.
public enum GatewayConfigFile {
    /// The schema version this reader knows.
    public static let version = 1

    /// Reads a configuration from `text`; `file` names it in errors and notices.
    public static func load(_ text: String, file: String) throws(GatewayConfigError) -> GatewayConfiguration {
        let context = LoadContext(file: file, strict: true)
        let root = try ConfigDocument.tree(text, file: file)
        var object = try ConfigObject(root, context, what: "the configuration")
        if let versionNode = object.value("version") {
            guard case .number(let text) = versionNode.value, text == String(version) else {
                throw context.error(.invalidValue, "`version` must be \(version)", at: versionNode)
            }
        }
        var configuration = GatewayConfiguration()
        guard var apis = try object.optionalObject("apis", what: "`apis`") else {
            throw object.missing("apis", "an object of APIs by name")
        }
        var pinned: [APIIdentifier: String] = [:]
        for name in apis.keys {
            let node = apis.value(name)!
            let api = try readAPI(node, name: name, context)
            if let id = api.definition.id {
                if let other = pinned[id] {
                    throw context.error(
                        .inconsistent,
                        "the id `\(id)` is pinned by `\(other)` too",
                        at: node,
                        key: "id"
                    )
                }
                pinned[id] = name
            }
            configuration.apis.append(api)
        }
        try apis.finish()
        if let principals = object.value("principals") {
            guard case .array(let entries) = principals.value else {
                throw object.wrongType("principals", principals, "a list of `{file: …}` references")
            }
            for entry in entries {
                var reference = try ConfigObject(entry, context, what: "a principals reference")
                configuration.principalFiles.append(try reference.string("file"))
                try reference.finish()
            }
        }
        try object.finish()
        configuration.notices = context.notices
        return configuration
    }

    // MARK: APIs

    static func readAPI(
        _ node: JSONNode,
        name: String,
        _ context: LoadContext
    ) throws(GatewayConfigError)
        -> ConfiguredAPI
    {
        var object = try ConfigObject(node, context, what: "the API `\(name)`")
        guard !name.isEmpty, name.utf8.count <= 1024 else {
            throw context.error(.invalidValue, "an API's name is 1 to 1024 characters", at: node)
        }
        var api = APIDefinition(name: name)
        if let idNode = object.value("id") {
            guard case .string(let text) = idNode.value, let id = APIIdentifier(text) else {
                throw context.error(.invalidValue, "`id` must be 10 lowercase letters and digits", at: idNode)
            }
            api.id = id
        }
        if let kind = try object.optionalChoice("kind", ["REST", "HTTP"]) { api.kind = APIKind(named: kind)! }
        api.description = try object.optionalString("description")
        if let source = try object.optionalChoice("apiKeySource", ["HEADER", "AUTHORIZER"]) {
            api.apiKeySource = APIKeySource(named: source)!
        }
        api.binaryMediaTypes = try object.optionalStrings("binaryMediaTypes") ?? []
        if let endpoint = object.value("endpointConfiguration") {
            api.endpointConfiguration = try EndpointConfiguration.read(endpoint, context)
        }
        if let policy = object.value("resourcePolicy") { api.resourcePolicy = try ResourcePolicy.read(policy, context) }
        if let cors = object.value("cors") {
            guard api.kind == .http else {
                throw context.error(
                    .invalidValue,
                    "`cors` configures an HTTP API; a REST API answers preflight with an OPTIONS method",
                    at: cors
                )
            }
            api.cors = try CORSConfiguration.read(cors, context)
        }
        if var authorizers = try object.optionalObject("authorizers", what: "`authorizers`") {
            for authorizerName in authorizers.keys {
                api.authorizers.append(
                    try Authorizer.read(authorizers.value(authorizerName)!, name: authorizerName, context)
                )
            }
            try authorizers.finish()
        }
        if let responses = object.value("gatewayResponses") {
            api.gatewayResponses = try GatewayResponse.readAll(responses, context)
        }
        switch api.kind {
        case .http:
            if let resources = object.value("resources") {
                throw context.error(
                    .invalidValue,
                    "an HTTP API lists `routes` (`GET /pets/{id}`), not `resources`",
                    at: resources
                )
            }
            if var routes = try object.optionalObject("routes", what: "`routes`") {
                try readRoutes(&routes, into: &api, context)
            }
        default:
            if let routes = object.value("routes") {
                throw context.error(.invalidValue, "a REST API lists `resources`, not `routes`", at: routes)
            }
            if var resources = try object.optionalObject("resources", what: "`resources`") {
                try readResources(&resources, into: &api, context)
            }
        }

        // The configuration as written is the first deployment; stages may also name it by id.
        let deployment = Deployment.snapshot(of: api, description: try object.optionalString("deploymentDescription"))
        var stages: [Stage] = []
        if var stageObject = try object.optionalObject("stages", what: "`stages`") {
            for stageName in stageObject.keys {
                let stageNode = stageObject.value(stageName)!
                let stage = try Stage.read(stageNode, name: stageName, context)
                for id in [stage.deploymentId, stage.canarySettings?.deploymentId].compactMap({ $0 })
                where id != deployment.id {
                    throw context.error(
                        .inconsistent,
                        "the stage `\(stageName)` names the deployment `\(id)`; this configuration deploys `\(deployment.id)`",
                        at: stageNode
                    )
                }
                do {
                    _ = try RoutingTable(api: api, stage: stage)
                } catch {
                    throw context.error(.inconsistent, error.message, at: node)
                }
                stages.append(stage)
            }
            try stageObject.finish()
        }
        try object.finish()
        return ConfiguredAPI(definition: api, deployments: [deployment], stages: stages)
    }

    /// `resources: {"/pets/{id}": {GET: {…}, ANY: {…}}}`.
    static func readResources(
        _ resources: inout ConfigObject,
        into api: inout APIDefinition,
        _ context: LoadContext
    ) throws(GatewayConfigError) {
        for pathText in resources.keys {
            let node = resources.value(pathText)!
            let path: ResourcePath
            do {
                path = try ResourcePath(parsing: pathText)
            } catch {
                throw context.error(.invalidValue, error.message, at: node)
            }
            if api.resource(path) != nil {
                throw context.error(
                    .inconsistent,
                    "the resource `\(path)` is listed twice (as `\(pathText)`)",
                    at: node
                )
            }
            var methods = try ConfigObject(node, context, what: "the resource `\(pathText)`")
            var resource = Resource(path: path)
            for verbText in methods.keys {
                let methodNode = methods.value(verbText)!
                guard let verb = HTTPVerb(named: verbText), verb.name == verbText else {
                    throw context.error(
                        .invalidValue,
                        "`\(verbText)` is not a method (one of \(ConfigObject.list(HTTPVerb.all.map(\.name))))",
                        at: methodNode
                    )
                }
                var method = try readMethod(methodNode, verb: verb, api: api, context)
                method.requestParameters = Method.normalized(method.requestParameters, for: path)
                resource.methods.append(method)
            }
            try methods.finish()
            api.resources.append(resource)
        }
        try resources.finish()
        try checkCompiles(api, at: resources.node, context)
    }

    /// `routes: {"GET /pets/{id}": {…}, "$default": {…}}`: HTTP API route keys.
    static func readRoutes(
        _ routes: inout ConfigObject,
        into api: inout APIDefinition,
        _ context: LoadContext
    ) throws(GatewayConfigError) {
        for key in routes.keys {
            let node = routes.value(key)!
            if key == "$default" {
                api.defaultRoute = try readMethod(node, verb: .any, api: api, context)
                continue
            }
            let parts = key.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let verb = HTTPVerb(named: String(parts[0])), verb.name == parts[0] else {
                throw context.error(
                    .invalidValue,
                    "`\(key)` is not a route key (`METHOD /path`, e.g. `GET /pets/{id}`, or `$default`)",
                    at: node
                )
            }
            let path: ResourcePath
            do {
                path = try ResourcePath(parsing: String(parts[1]))
            } catch {
                throw context.error(.invalidValue, error.message, at: node)
            }
            var method = try readMethod(node, verb: verb, api: api, context)
            method.requestParameters = Method.normalized(method.requestParameters, for: path)
            if let index = api.resources.firstIndex(where: { $0.path == path }) {
                guard api.resources[index].method(verb) == nil else {
                    throw context.error(.inconsistent, "the route `\(verb) \(path)` is listed twice", at: node)
                }
                api.resources[index].methods.append(method)
            } else {
                api.resources.append(Resource(path: path, methods: [method]))
            }
        }
        try routes.finish()
        try checkCompiles(api, at: routes.node, context)
    }

    /// A method: authorization, authorizer, scopes, API key, parameters, integration.
    static func readMethod(
        _ node: JSONNode,
        verb: HTTPVerb,
        api: APIDefinition,
        _ context: LoadContext
    ) throws(GatewayConfigError) -> Method {
        var object = try ConfigObject(node, context, what: "the method")
        var method = Method(verb: verb)
        let typeNode = object.members.first { $0.key == "authorizationType" }?.value
        let typeText = try object.optionalChoice("authorizationType", AuthorizationType.all.map(\.name))
        method.authorizerName = try object.optionalString("authorizer")
        if let typeText {
            method.authorizationType = AuthorizationType(named: typeText)!
        } else if let name = method.authorizerName, let authorizer = api.authorizer(named: name) {
            method.authorizationType = authorizer.kind.authorizationType
        }
        if let typeNode, method.authorizerName != nil,
            [AuthorizationType.none, .awsIAM].contains(method.authorizationType)
        {
            throw context.error(
                .inconsistent,
                "`authorizer` needs `authorizationType` CUSTOM, JWT or COGNITO_USER_POOLS, not \(method.authorizationType)",
                at: typeNode
            )
        }
        method.authorizationScopes = try object.optionalStrings("authorizationScopes") ?? []
        method.apiKeyRequired = try object.optionalBool("apiKeyRequired") ?? false
        method.operationName = try object.optionalString("operationName")
        if let parameters = object.value("requestParameters") {
            guard case .object(let members) = parameters.value else {
                throw object.wrongType("requestParameters", parameters, "an object of `method.request.…` → required")
            }
            for (name, value) in members {
                guard case .bool(let required) = value.value else {
                    throw context.error(.wrongType, "must be true or false, not \(value.value.typeName)", at: value)
                }
                guard Self.isMethodRequestParameter(name) else {
                    throw context.error(
                        .invalidValue,
                        "`\(name)` is not a method request parameter (`method.request.path|querystring|header.NAME`)",
                        at: value
                    )
                }
                method.requestParameters.append((name, required))
            }
        }
        if let integration = object.value("integration") {
            method.integration = try Integration.read(integration, context)
        }
        try object.finish()
        try check(method, api: api, at: node, context)
        return method
    }

    /// A method that needs an authorizer names one that exists and fits its authorization type.
    static func check(
        _ method: Method,
        api: APIDefinition,
        at node: JSONNode,
        _ context: LoadContext
    )
        throws(GatewayConfigError)
    {
        let needsAuthorizer = [AuthorizationType.custom, .jwt, .cognitoUserPools].contains(method.authorizationType)
        guard needsAuthorizer else { return }
        guard let name = method.authorizerName else {
            throw context.error(
                .inconsistent,
                "a \(method.authorizationType) method needs an `authorizer`",
                at: node,
                key: "authorizer"
            )
        }
        guard let authorizer = api.authorizer(named: name) else {
            throw context.error(
                .inconsistent,
                "the authorizer `\(name)` is not in `authorizers`",
                at: node,
                key: "authorizer"
            )
        }
        guard authorizer.kind.authorizationType == method.authorizationType else {
            throw context.error(
                .inconsistent,
                "a \(method.authorizationType) method cannot use the \(authorizer.kind) authorizer `\(name)`",
                at: node,
                key: "authorizer"
            )
        }
    }

    static func isMethodRequestParameter(_ name: String) -> Bool {
        for prefix in ["method.request.path.", "method.request.querystring.", "method.request.header."]
        where name.hasPrefix(prefix) && name.count > prefix.count {
            return true
        }
        return false
    }

    /// The resources compile into a routing table (no sibling parameters with different names).
    static func checkCompiles(
        _ api: APIDefinition,
        at node: JSONNode,
        _ context: LoadContext
    ) throws(GatewayConfigError) {
        do {
            _ = try RoutingTable(api: api, stage: Stage(stageName: "check"))
        } catch {
            throw context.error(.inconsistent, error.message, at: node)
        }
    }
}
