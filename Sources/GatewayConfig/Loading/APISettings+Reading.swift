package import GatehouseCore
internal import IAMPolicy

extension GatewayResponse {
    /// Reads `x-amazon-apigateway-gateway-responses` (the same in Gatehouse's files): an object
    /// keyed by response type.
    package static func readAll(
        _ node: JSONNode,
        _ context: LoadContext
    ) throws(GatewayConfigError)
        -> [GatewayResponse]
    {
        var object = try ConfigObject(node, context, what: "the gateway responses")
        var out: [GatewayResponse] = []
        for key in object.keys {
            let value = object.value(key)!
            guard let type = GatewayResponseType(named: key) else {
                throw context.error(
                    .invalidValue,
                    "`\(key)` is not a gateway response type (one of \(ConfigObject.list(GatewayResponseType.all.map(\.name))))",
                    at: value
                )
            }
            var response = try ConfigObject(value, context, what: "the gateway response `\(key)`")
            out.append(
                GatewayResponse(
                    type: type,
                    statusCode: try response.optionalInteger("statusCode", in: 100...599, digitsInString: true),
                    responseParameters: try response.optionalStringMap("responseParameters") ?? [:],
                    responseTemplates: try response.optionalStringMap("responseTemplates") ?? [:]
                )
            )
            try response.finish()
        }
        try object.finish()
        return out
    }

    /// One response in the extension's shape.
    package var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let statusCode { members.append(("statusCode", JSONValue.integer(statusCode))) }
        if !responseParameters.isEmpty {
            members.append(("responseParameters", Integration.stringMap(responseParameters)))
        }
        if !responseTemplates.isEmpty {
            members.append(("responseTemplates", Integration.stringMap(responseTemplates)))
        }
        return JSONValue.members(members)
    }
}

extension CORSConfiguration {
    /// Reads `x-amazon-apigateway-cors` / `corsConfiguration`.
    package static func read(_ node: JSONNode, _ context: LoadContext) throws(GatewayConfigError) -> CORSConfiguration {
        var object = try ConfigObject(node, context, what: "the CORS configuration")
        let cors = CORSConfiguration(
            allowOrigins: try object.optionalStrings("allowOrigins") ?? [],
            allowMethods: try object.optionalStrings("allowMethods") ?? [],
            allowHeaders: try object.optionalStrings("allowHeaders") ?? [],
            exposeHeaders: try object.optionalStrings("exposeHeaders") ?? [],
            maxAge: try object.optionalInteger("maxAge", in: -1...86_400),
            allowCredentials: try object.optionalBool("allowCredentials") ?? false
        )
        if cors.allowCredentials, cors.allowOrigins.contains("*") {
            throw context.error(
                .invalidValue,
                "`allowCredentials` cannot be true when `allowOrigins` has `*` (browsers refuse it; so does AWS)",
                at: node,
                key: "allowCredentials"
            )
        }
        try object.finish()
        return cors
    }

    package var json: JSONValue {
        var members: [(String, JSONValue)] = []
        func list(_ key: String, _ values: [String]) {
            if !values.isEmpty { members.append((key, JSONValue.elements(values.map(JSONValue.string)))) }
        }
        list("allowOrigins", allowOrigins)
        list("allowMethods", allowMethods)
        list("allowHeaders", allowHeaders)
        list("exposeHeaders", exposeHeaders)
        if let maxAge { members.append(("maxAge", JSONValue.integer(maxAge))) }
        if allowCredentials { members.append(("allowCredentials", .bool(true))) }
        return JSONValue.members(members)
    }
}

extension EndpointConfiguration {
    /// Reads `x-amazon-apigateway-endpoint-configuration`.
    package static func read(
        _ node: JSONNode,
        _ context: LoadContext
    ) throws(GatewayConfigError)
        -> EndpointConfiguration
    {
        var object = try ConfigObject(node, context, what: "the endpoint configuration")
        let typesNode = object.members.first { $0.key == "types" }?.value
        let types = try object.optionalStrings("types", commaSeparated: true) ?? []
        for type in types where !EndpointConfiguration.knownTypes.contains(type) {
            throw context.error(
                .invalidValue,
                "`\(type)` is not an endpoint type (one of \(ConfigObject.list(EndpointConfiguration.knownTypes)))",
                at: typesNode ?? node
            )
        }
        let configuration = EndpointConfiguration(
            types: types,
            vpcEndpointIds: try object.optionalStrings("vpcEndpointIds") ?? [],
            disableExecuteApiEndpoint: try object.optionalBool("disableExecuteApiEndpoint") ?? false
        )
        try object.finish()
        if types.contains("PRIVATE") {
            context.note(
                .unsupported,
                "a PRIVATE endpoint is served like any other locally; `aws:SourceVpce` conditions never hold",
                at: node
            )
        }
        return configuration
    }

    package var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if !types.isEmpty { members.append(("types", JSONValue.elements(types.map(JSONValue.string)))) }
        if !vpcEndpointIds.isEmpty {
            members.append(("vpcEndpointIds", JSONValue.elements(vpcEndpointIds.map(JSONValue.string))))
        }
        if disableExecuteApiEndpoint { members.append(("disableExecuteApiEndpoint", .bool(true))) }
        return JSONValue.members(members)
    }
}

extension ResourcePolicy {
    /// Reads a resource policy, turning the policy parser's error into one naming the file.
    package static func read(_ node: JSONNode, _ context: LoadContext) throws(GatewayConfigError) -> ResourcePolicy {
        do {
            return try ResourcePolicy(node)
        } catch {
            throw GatewayConfigError(
                .invalidValue,
                "the resource policy is invalid: \(error.message)",
                file: context.file,
                line: error.line,
                column: error.column,
                path: error.path
            )
        }
    }
}
