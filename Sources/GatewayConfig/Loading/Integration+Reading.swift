package import GatehouseCore

extension Integration {
    /// Reads an integration in the shape of `x-amazon-apigateway-integration` (the same in
    /// Gatehouse's own files). Values API Gateway spells in lower case in OpenAPI
    /// (`aws_proxy`, `when_no_match`) are accepted in any case.
    package static func read(_ node: JSONNode, _ context: LoadContext) throws(GatewayConfigError) -> Integration {
        var object = try ConfigObject(node, context, what: "the integration")
        guard let typeNode = object.value("type") else { throw object.missing("type", "the integration type") }
        guard case .string(let typeText) = typeNode.value else { throw object.wrongType("type", typeNode, "a string") }
        guard let type = Kind(named: typeText) else {
            throw object.invalid(
                typeNode,
                "`type` must be one of \(ConfigObject.list(Kind.all.map(\.name))), not `\(typeText)`"
            )
        }
        var integration = Integration(type: type)
        integration.uri = try object.optionalString("uri")
        if type != .mock, integration.uri == nil { throw object.missing("uri", "the backend of a \(type) integration") }
        if let methodNode = object.value("httpMethod") {
            guard case .string(let method) = methodNode.value else {
                throw object.wrongType("httpMethod", methodNode, "a string")
            }
            guard let verb = HTTPVerb(named: method), method.uppercased() == verb.name else {
                throw object.invalid(methodNode, "`httpMethod` must be an HTTP verb, not `\(method)`")
            }
            integration.httpMethod = verb.name
        }
        if type == .awsProxy, let method = integration.httpMethod, method != "POST" {
            throw context.error(
                .invalidValue,
                "an AWS_PROXY integration calls Lambda with `POST`, not `\(method)`",
                at: node,
                key: "httpMethod"
            )
        }
        integration.timeoutInMillis =
            try object.optionalInteger("timeoutInMillis", in: Integration.timeoutRange)
            ?? Integration.defaultTimeoutInMillis
        integration.requestParameters = try object.optionalStringMap("requestParameters") ?? [:]
        integration.requestTemplates = try object.optionalStringMap("requestTemplates") ?? [:]
        if let responses = try object.optionalObject("responses", what: "`responses`") {
            var responsesObject = responses
            for key in responses.keys {
                let value = responsesObject.value(key)!
                var response = try ConfigObject(value, context, what: "the response `\(key)`")
                guard let status = try response.optionalInteger("statusCode", in: 100...599, digitsInString: true)
                else {
                    throw response.missing("statusCode", "the status of this integration response")
                }
                integration.responses.append(
                    Response(
                        selectionPattern: key == "default" ? nil : key,
                        statusCode: String(status),
                        responseParameters: try response.optionalStringMap("responseParameters") ?? [:],
                        responseTemplates: try response.optionalStringMap("responseTemplates") ?? [:],
                        contentHandling: try response.optionalChoice(
                            "contentHandling",
                            Integration.contentHandlings,
                            ignoringCase: true
                        )
                    )
                )
                try response.finish()
            }
            try responsesObject.finish()
        }
        integration.passthroughBehavior =
            try object.optionalChoice("passthroughBehavior", Integration.passthroughBehaviors, ignoringCase: true)
            ?? "WHEN_NO_MATCH"
        integration.connectionType =
            try object.optionalChoice("connectionType", Integration.connectionTypes, ignoringCase: true) ?? "INTERNET"
        integration.connectionId = try object.optionalString("connectionId")
        integration.contentHandling = try object.optionalChoice(
            "contentHandling",
            Integration.contentHandlings,
            ignoringCase: true
        )
        integration.credentials = try object.optionalString("credentials")
        integration.payloadFormatVersion = try object.optionalChoice("payloadFormatVersion", ["1.0", "2.0"])
        integration.cacheKeyParameters = try object.optionalStrings("cacheKeyParameters") ?? []
        try object.finish(unsupported: [
            "cacheNamespace": "response caching is not implemented yet",
            "tlsConfig": "backend TLS settings are not implemented yet",
            "integrationSubtype": "AWS service integrations are not implemented",
            "responseParameters": "HTTP API response parameter mapping is not implemented yet",
        ])
        return integration
    }

    /// The integration in the shape of `x-amazon-apigateway-integration`.
    package var json: JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(type.name.lowercased()))]
        if let uri { members.append(("uri", .string(uri))) }
        if let httpMethod { members.append(("httpMethod", .string(httpMethod))) }
        if timeoutInMillis != Integration.defaultTimeoutInMillis {
            members.append(("timeoutInMillis", JSONValue.integer(timeoutInMillis)))
        }
        if !requestParameters.isEmpty { members.append(("requestParameters", Self.stringMap(requestParameters))) }
        if !requestTemplates.isEmpty { members.append(("requestTemplates", Self.stringMap(requestTemplates))) }
        if !responses.isEmpty {
            members.append(
                (
                    "responses",
                    JSONValue.members(
                        responses.map { response in
                            var fields: [(String, JSONValue)] = [("statusCode", .string(response.statusCode))]
                            if !response.responseParameters.isEmpty {
                                fields.append(("responseParameters", Self.stringMap(response.responseParameters)))
                            }
                            if !response.responseTemplates.isEmpty {
                                fields.append(("responseTemplates", Self.stringMap(response.responseTemplates)))
                            }
                            if let handling = response.contentHandling {
                                fields.append(("contentHandling", .string(handling)))
                            }
                            return (response.selectionPattern ?? "default", JSONValue.members(fields))
                        }
                    )
                )
            )
        }
        if passthroughBehavior != "WHEN_NO_MATCH" {
            members.append(("passthroughBehavior", .string(passthroughBehavior.lowercased())))
        }
        if connectionType != "INTERNET" { members.append(("connectionType", .string(connectionType))) }
        if let connectionId { members.append(("connectionId", .string(connectionId))) }
        if let contentHandling { members.append(("contentHandling", .string(contentHandling))) }
        if let credentials { members.append(("credentials", .string(credentials))) }
        if let payloadFormatVersion { members.append(("payloadFormatVersion", .string(payloadFormatVersion))) }
        if !cacheKeyParameters.isEmpty {
            members.append(("cacheKeyParameters", JSONValue.elements(cacheKeyParameters.map(JSONValue.string))))
        }
        return JSONValue.members(members)
    }

    /// A string map with its keys sorted, so exports are stable.
    static func stringMap(_ map: [String: String]) -> JSONValue {
        JSONValue.members(map.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
    }
}
