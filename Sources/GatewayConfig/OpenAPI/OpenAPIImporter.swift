internal import GatehouseCore
internal import OpenAPIKit

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The extension names Gatehouse knows, whether it acts on them or reports them unsupported.
enum OpenAPIExtension {
    static let integration = "x-amazon-apigateway-integration"
    static let authorizer = "x-amazon-apigateway-authorizer"
    static let authtype = "x-amazon-apigateway-authtype"
    static let apiKeySource = "x-amazon-apigateway-api-key-source"
    static let gatewayResponses = "x-amazon-apigateway-gateway-responses"
    static let binaryMediaTypes = "x-amazon-apigateway-binary-media-types"
    static let anyMethod = "x-amazon-apigateway-any-method"
    static let policy = "x-amazon-apigateway-policy"
    static let endpointConfiguration = "x-amazon-apigateway-endpoint-configuration"
    static let cors = "x-amazon-apigateway-cors"
    static let importExportVersion = "x-amazon-apigateway-importexport-version"

    /// Known extensions Gatehouse reads but does not implement yet, with why.
    static let unsupported: [String: String] = [
        "x-amazon-apigateway-request-validators": "request validation is not implemented yet",
        "x-amazon-apigateway-request-validator": "request validation is not implemented yet",
        "x-amazon-apigateway-minimum-compression-size": "response compression is not implemented",
        "x-amazon-apigateway-documentation": "documentation parts are not implemented",
        "x-amazon-apigateway-tag-value": "tags are not implemented",
        "x-amazon-apigateway-integrations": "shared integrations (components) are not implemented",
        "x-amazon-apigateway-auth": "set the method's authorization with a security requirement instead",
        "x-amazon-apigateway-api-key-required": "require an API key with an `api_key` security requirement",
    ]
}

/// One import's walk over the document.
struct Importer {
    let document: OpenAPIKit.OpenAPI.Document
    let root: JSONNode
    let context: LoadContext

    /// What each security scheme means to a method.
    enum SchemeRole {
        case authorizer(Authorizer)
        case iam
        case apiKey
        /// A scheme API Gateway does not enforce (plain `http`, `oauth2` without an authorizer).
        case unenforced(String)
    }

    var schemes: [String: SchemeRole] = [:]

    init(document: OpenAPIKit.OpenAPI.Document, root: JSONNode, context: LoadContext) {
        self.document = document
        self.root = root
        self.context = context
    }

    mutating func run() throws(GatewayConfigError) -> APIDefinition {
        var top = try ConfigObject(root, context, what: "the document")
        for standard in [
            "openapi", "info", "servers", "paths", "security", "tags", "externalDocs", "webhooks", "jsonSchemaDialect",
        ] {
            top.skip(standard)
        }
        var api = APIDefinition(name: document.info.title)
        api.description = document.info.description
        if top.value(OpenAPIExtension.importExportVersion) != nil { api.kind = .http }
        if let source = try top.optionalChoice(
            OpenAPIExtension.apiKeySource,
            ["HEADER", "AUTHORIZER"],
            ignoringCase: true
        ) {
            api.apiKeySource = APIKeySource(named: source)!
        }
        api.binaryMediaTypes = try top.optionalStrings(OpenAPIExtension.binaryMediaTypes) ?? []
        if let node = top.value(OpenAPIExtension.gatewayResponses) {
            api.gatewayResponses = try GatewayResponse.readAll(node, context)
        }
        if let node = top.value(OpenAPIExtension.policy) {
            // AWS accepts the policy as an object or as a JSON string.
            api.resourcePolicy = try ResourcePolicy.read(try Self.unwrapJSONString(node, context), context)
        }
        if let node = top.value(OpenAPIExtension.endpointConfiguration) {
            api.endpointConfiguration = try EndpointConfiguration.read(node, context)
        }
        if let node = top.value(OpenAPIExtension.cors) {
            guard api.kind == .http else {
                throw context.error(
                    .invalidValue,
                    "`\(OpenAPIExtension.cors)` configures an HTTP API (a document with "
                        + "`\(OpenAPIExtension.importExportVersion)`); a REST API answers preflight with an OPTIONS method",
                    at: node
                )
            }
            api.cors = try CORSConfiguration.read(node, context)
        }
        if let components = top.value("components") {
            try readComponents(components, into: &api)
        }
        if let paths = top.value("paths") {
            try readPaths(paths, into: &api)
        }
        try top.finish(unsupported: OpenAPIExtension.unsupported)
        return api
    }

    /// A JSON document given as a string (`"x-amazon-apigateway-policy": "{\"Version\": …}"`)
    /// parsed in place, its nodes placed at the string (line and column) under the string's path;
    /// any other node as it is.
    static func unwrapJSONString(_ node: JSONNode, _ context: LoadContext) throws(GatewayConfigError) -> JSONNode {
        guard case .string(let text) = node.value else { return node }
        do {
            return relocate(try JSONParser.parse(text), under: node.location)
        } catch {
            throw context.error(.syntax, "the policy string is not JSON: \(error.message)", at: node)
        }
    }

    /// `inner` with every location at `outer`'s line and column, and paths continued from it.
    static func relocate(_ inner: JSONNode, under outer: JSONLocation) -> JSONNode {
        let suffix = inner.location.path.dropFirst()  // the inner path without its `$`
        let location = JSONLocation(line: outer.line, column: outer.column, path: outer.path + suffix)
        switch inner.value {
        case .object(let members):
            return JSONNode(
                value: .object(members.map { ($0.key, relocate($0.value, under: outer)) }),
                location: location
            )
        case .array(let elements):
            return JSONNode(value: .array(elements.map { relocate($0, under: outer) }), location: location)
        default:
            return JSONNode(value: inner.value, location: location)
        }
    }

    // MARK: Components

    mutating func readComponents(_ node: JSONNode, into api: inout APIDefinition) throws(GatewayConfigError) {
        var components = try ConfigObject(node, context, what: "`components`")
        for standard in [
            "schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks",
            "pathItems", "mediaTypes",
        ] {
            components.skip(standard)
        }
        if var securitySchemes = try components.optionalObject("securitySchemes") {
            for name in securitySchemes.keys {
                let schemeNode = securitySchemes.value(name)!
                let role = try readScheme(name, schemeNode)
                if case .authorizer(let authorizer) = role { api.authorizers.append(authorizer) }
                schemes[name] = role
            }
            try securitySchemes.finish()
        }
        try components.finish(unsupported: OpenAPIExtension.unsupported)
    }

    func readScheme(_ name: String, _ node: JSONNode) throws(GatewayConfigError) -> SchemeRole {
        var object = try ConfigObject(node, context, what: "the security scheme `\(name)`")
        for standard in [
            "type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl", "$ref",
            "deprecated",
        ] {
            object.skip(standard)
        }
        let authtype = try object.optionalString(OpenAPIExtension.authtype)?.lowercased()
        let authorizerNode = object.value(OpenAPIExtension.authorizer)
        try object.finish(unsupported: OpenAPIExtension.unsupported)
        if let authorizerNode {
            return .authorizer(try Authorizer.read(authorizerNode, name: name, context))
        }
        if authtype == "awssigv4" || authtype == "sigv4" { return .iam }
        if authtype == "cognito_user_pools" || authtype == "custom" {
            throw context.error(
                .missingField,
                "a `\(authtype!)` security scheme needs `\(OpenAPIExtension.authorizer)`",
                at: node
            )
        }
        let typed = OpenAPIKit.OpenAPI.ComponentKey(rawValue: name).flatMap { key in
            document.components.securitySchemes[key]
        }
        if case .b(let scheme)? = typed, case .apiKey(let keyName, let location) = scheme.type,
            location == .header, keyName.lowercased() == "x-api-key"
        {
            return .apiKey
        }
        return .unenforced(
            authtype.map { "its `\(OpenAPIExtension.authtype)` is `\($0)`" }
                ?? "it has no `\(OpenAPIExtension.authorizer)`"
        )
    }

    // MARK: Paths

    mutating func readPaths(_ node: JSONNode, into api: inout APIDefinition) throws(GatewayConfigError) {
        var paths = try ConfigObject(node, context, what: "`paths`")
        for key in paths.keys {
            let itemNode = paths.value(key)!
            guard !key.hasPrefix("x-") else {
                paths.skip(key)
                context.note(.unknownExtension, "`\(key)` is not read by Gatehouse and has no effect", at: itemNode)
                continue
            }
            guard let either = document.paths[OpenAPIKit.OpenAPI.Path(rawValue: key)], case .b(let item) = either else {
                throw context.error(.invalidOpenAPI, "path item references (`$ref`) are not supported", at: itemNode)
            }
            var object = try ConfigObject(itemNode, context, what: "the path `\(key)`")
            for standard in ["summary", "description", "servers", "parameters"] { object.skip(standard) }
            if key == "$default" || key == "/$default" {
                guard api.kind == .http else {
                    throw context.error(
                        .invalidValue,
                        "`$default` is an HTTP API route; this is a REST API",
                        at: itemNode
                    )
                }
                guard let anyNode = object.value(OpenAPIExtension.anyMethod) else {
                    throw context.error(
                        .missingField,
                        "the `$default` route is written as `\(OpenAPIExtension.anyMethod)`",
                        at: itemNode
                    )
                }
                api.defaultRoute = try readOperation(
                    try decodeOperation(anyNode),
                    anyNode,
                    verb: .any,
                    path: .root,
                    shared: item.parameters,
                    api: api
                )
                try object.finish(unsupported: OpenAPIExtension.unsupported)
                continue
            }
            let path: ResourcePath
            do {
                path = try ResourcePath(parsing: key)
            } catch {
                throw context.error(.invalidValue, error.message, at: itemNode)
            }
            var resource = Resource(path: path)
            let operations: [(String, HTTPVerb, OpenAPIKit.OpenAPI.Operation?)] = [
                ("get", .get, item.get), ("put", .put, item.put), ("post", .post, item.post),
                ("delete", .delete, item.delete), ("options", .options, item.options), ("head", .head, item.head),
                ("patch", .patch, item.patch),
            ]
            for (field, verb, operation) in operations {
                guard let operation, let operationNode = object.value(field) else { continue }
                resource.methods.append(
                    try readOperation(
                        operation,
                        operationNode,
                        verb: verb,
                        path: path,
                        shared: item.parameters,
                        api: api
                    )
                )
            }
            if let anyNode = object.value(OpenAPIExtension.anyMethod) {
                resource.methods.append(
                    try readOperation(
                        try decodeOperation(anyNode),
                        anyNode,
                        verb: .any,
                        path: path,
                        shared: item.parameters,
                        api: api
                    )
                )
            }
            try object.finish(unsupported: [
                "trace": "API Gateway has no TRACE method",
                "query": "API Gateway has no QUERY method",
            ])
            if api.resources.contains(where: { $0.path == path }) {
                throw context.error(.inconsistent, "the resource `\(path)` appears twice (as `\(key)`)", at: itemNode)
            }
            api.resources.append(resource)
        }
        try paths.finish()
        do {
            _ = try RoutingTable(api: api, stage: Stage(stageName: "check"))
        } catch {
            throw context.error(.inconsistent, error.message, at: node)
        }
    }

    /// `x-amazon-apigateway-any-method` is an Operation Object OpenAPIKit keeps as an extension:
    /// decode it with OpenAPIKit from its subtree. AWS's HTTP API exports mark the `$default`
    /// route with `isDefaultRoute` there, a key OpenAPI does not allow: it is dropped first.
    func decodeOperation(_ node: JSONNode) throws(GatewayConfigError) -> OpenAPIKit.OpenAPI.Operation {
        var value = node.value
        if case .object(let members) = value { value = .object(members.filter { $0.key != "isDefaultRoute" }) }
        // Decoded where OpenAPIKit expects an operation, `paths./x.post`: its decoding errors read
        // the path and the verb from the coding path and trap when decoded anywhere else (found by
        // LoaderFuzzTests: a standalone Operation with a bad field crashed in
        // `OpenAPI.Error.Decoding.Operation.init`).
        // The document's components go along, so OpenAPIKit can check the security requirements.
        var wrapper: [(String, JSONValue)] = [
            ("openapi", .string("3.1.0")),
            ("info", JSONValue.members([("title", .string("any-method")), ("version", .string("1"))])),
            ("paths", JSONValue.members([("/x", JSONValue.members([("post", value)]))])),
        ]
        if let components = root.value.member("components") { wrapper.append(("components", components.value)) }
        do {
            let document = try JSONDecoder().decode(
                OpenAPIKit.OpenAPI.Document.self,
                from: Data(JSONWriter.text(JSONValue.members(wrapper)).utf8)
            )
            guard case .b(let item)? = document.paths["/x"], let operation = item.post else {
                throw context.error(.invalidOpenAPI, "not a valid operation", at: node)
            }
            return operation
        } catch let error as GatewayConfigError {
            throw error
        } catch {
            let readable = OpenAPIKit.OpenAPI.Error(from: error)
            throw context.error(.invalidOpenAPI, "not a valid operation: \(readable.localizedDescription)", at: node)
        }
    }

    // MARK: Operations

    func readOperation(
        _ operation: OpenAPIKit.OpenAPI.Operation,
        _ node: JSONNode,
        verb: HTTPVerb,
        path: ResourcePath,
        shared: OpenAPIKit.OpenAPI.Parameter.Array,
        api: APIDefinition
    ) throws(GatewayConfigError) -> Method {
        var object = try ConfigObject(node, context, what: "the operation")
        for standard in [
            "tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses",
            "callbacks", "deprecated", "security", "servers", "isDefaultRoute",
        ] {
            object.skip(standard)
        }
        var method = Method(verb: verb)
        method.operationName = operation.operationId
        if let integration = object.value(OpenAPIExtension.integration) {
            method.integration = try Integration.read(integration, context)
        }
        try object.finish(unsupported: OpenAPIExtension.unsupported)

        // Parameters: the operation's, then the path item's not overridden.
        var declared: [(name: String, required: Bool)] = []
        for either in operation.parameters + shared {
            guard let parameter = document.components[either] else {
                throw context.error(
                    .invalidOpenAPI,
                    "a parameter `$ref` names no component",
                    at: node,
                    key: "parameters"
                )
            }
            let prefix: String
            switch parameter.location {
            case .path: prefix = "method.request.path."
            case .query: prefix = "method.request.querystring."
            case .header: prefix = "method.request.header."
            default:
                context.note(
                    .unsupported,
                    "the \(parameter.location.rawValue) parameter `\(parameter.name)` is not mapped by API Gateway",
                    at: node
                )
                continue
            }
            let name = prefix + parameter.name
            if !declared.contains(where: { $0.name == name }) { declared.append((name, parameter.required)) }
        }
        method.requestParameters = Method.normalized(declared, for: path)

        // Security: the operation's requirements, else the document's.
        let requirements = operation.security ?? document.security
        let alternatives = requirements.filter { !$0.isEmpty }
        if alternatives.count > 1 {
            context.note(
                .warning,
                "only the first of \(alternatives.count) alternative security requirements is used "
                    + "(API Gateway has one authorizer per method)",
                at: node
            )
        }
        if let requirement = alternatives.first {
            var signed = false
            for (reference, scopes) in requirement.sorted(by: { ($0.key.name ?? "") < ($1.key.name ?? "") }) {
                let name = reference.name ?? ""
                guard let role = schemes[name] else {
                    throw context.error(
                        .inconsistent,
                        "the security requirement names `\(name)`, which `components.securitySchemes` does not have",
                        at: node,
                        key: "security"
                    )
                }
                switch role {
                case .authorizer(let authorizer):
                    guard method.authorizerName == nil else {
                        throw context.error(
                            .inconsistent,
                            "a method has one authorizer; this one requires `\(method.authorizerName!)` and `\(name)`",
                            at: node,
                            key: "security"
                        )
                    }
                    method.authorizationType = authorizer.kind.authorizationType
                    method.authorizerName = name
                    method.authorizationScopes = scopes
                case .iam:
                    signed = true
                case .apiKey:
                    method.apiKeyRequired = true
                case .unenforced(let why):
                    throw context.error(
                        .inconsistent,
                        "the security scheme `\(name)` cannot be enforced (\(why)); add `\(OpenAPIExtension.authorizer)` "
                            + "or `\(OpenAPIExtension.authtype): awsSigv4` to it, or remove it from this method",
                        at: node,
                        key: "security"
                    )
                }
            }
            if signed, method.authorizerName == nil {
                method.authorizationType = .awsIAM
            } else if signed {
                // API Gateway has one authorization type per method.
                throw context.error(
                    .inconsistent,
                    "a method is either AWS_IAM or authorized by `\(method.authorizerName!)`, not both",
                    at: node,
                    key: "security"
                )
            }
        }
        return method
    }
}
