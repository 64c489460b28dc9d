package import GatehouseCore

extension Authorizer {
    /// Reads an authorizer in the shape of `x-amazon-apigateway-authorizer`.
    package static func read(
        _ node: JSONNode,
        name: String,
        _ context: LoadContext
    ) throws(GatewayConfigError) -> Authorizer {
        var object = try ConfigObject(node, context, what: "the authorizer `\(name)`")
        guard let typeNode = object.value("type") else { throw object.missing("type", "the authorizer type") }
        guard case .string(let typeText) = typeNode.value else { throw object.wrongType("type", typeNode, "a string") }
        guard let kind = Kind(named: typeText) else {
            throw object.invalid(
                typeNode,
                "`type` must be one of \(ConfigObject.list(Kind.all.map(\.name))), not `\(typeText)`"
            )
        }
        var authorizer = Authorizer(name: name, kind: kind)
        authorizer.authorizerURI = try object.optionalString("authorizerUri")
        authorizer.authorizerCredentials = try object.optionalString("authorizerCredentials")
        authorizer.identitySource = try object.optionalStrings("identitySource", commaSeparated: true) ?? []
        authorizer.identityValidationExpression = try object.optionalString("identityValidationExpression")
        authorizer.resultTTLInSeconds =
            try object.optionalInteger("authorizerResultTtlInSeconds", in: Authorizer.resultTTLRange)
            ?? Authorizer.defaultResultTTL
        authorizer.payloadFormatVersion = try object.optionalChoice("authorizerPayloadFormatVersion", ["1.0", "2.0"])
        authorizer.enableSimpleResponses = try object.optionalBool("enableSimpleResponses") ?? false
        if let jwt = try object.optionalObject("jwtConfiguration") {
            var jwt = jwt
            authorizer.issuer = try jwt.optionalString("issuer")
            authorizer.audience = try jwt.optionalStrings("audience", commaSeparated: true) ?? []
            try jwt.finish()
        }
        authorizer.providerARNs = try object.optionalStrings("providerARNs") ?? []

        switch kind {
        case .token, .request:
            guard authorizer.authorizerURI != nil else {
                throw object.missing("authorizerUri", "the Lambda function of a \(kind) authorizer")
            }
            if kind == .token, authorizer.identitySource.count != 1 {
                throw context.error(
                    .invalidValue,
                    "a token authorizer reads exactly one header (`method.request.header.Authorization`)",
                    at: node,
                    key: "identitySource"
                )
            }
        case .jwt:
            guard authorizer.issuer != nil else {
                throw context.error(
                    .missingField,
                    "a jwt authorizer needs `jwtConfiguration.issuer`",
                    at: node,
                    key: "jwtConfiguration"
                )
            }
        default:
            context.note(
                .unavailable,
                "the cognito_user_pools authorizer `\(name)` is accepted but unavailable until user pools exist: "
                    + "its methods refuse every request",
                at: node
            )
        }
        try object.finish()
        return authorizer
    }

    /// The authorizer in the shape of `x-amazon-apigateway-authorizer`.
    package var json: JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(kind.name))]
        if let authorizerURI { members.append(("authorizerUri", .string(authorizerURI))) }
        if let authorizerCredentials { members.append(("authorizerCredentials", .string(authorizerCredentials))) }
        if !identitySource.isEmpty {
            members.append(("identitySource", .string(identitySource.joined(separator: ", "))))
        }
        if let identityValidationExpression {
            members.append(("identityValidationExpression", .string(identityValidationExpression)))
        }
        if kind == .token || kind == .request, resultTTLInSeconds != Authorizer.defaultResultTTL {
            members.append(("authorizerResultTtlInSeconds", JSONValue.integer(resultTTLInSeconds)))
        }
        if let payloadFormatVersion {
            members.append(("authorizerPayloadFormatVersion", .string(payloadFormatVersion)))
        }
        if enableSimpleResponses { members.append(("enableSimpleResponses", .bool(true))) }
        if kind == .jwt {
            var jwt: [(String, JSONValue)] = []
            if let issuer { jwt.append(("issuer", .string(issuer))) }
            if !audience.isEmpty { jwt.append(("audience", JSONValue.elements(audience.map(JSONValue.string)))) }
            members.append(("jwtConfiguration", JSONValue.members(jwt)))
        }
        if !providerARNs.isEmpty {
            members.append(("providerARNs", JSONValue.elements(providerARNs.map(JSONValue.string))))
        }
        return JSONValue.members(members)
    }
}
