import GatehouseCore
import GatewayConfig
import Testing

struct OpenAPIDocumentCase: CustomTestStringConvertible, @unchecked Sendable {
    let file: String
    let expected: [String: Any]
    var testDescription: String { file }

    static func all() throws -> [OpenAPIDocumentCase] {
        let expectations = try GatewayVectors.json("openapi-expectations.json") as! [String: [String: Any]]
        return expectations.keys.sorted().map { OpenAPIDocumentCase(file: $0, expected: expectations[$0]!) }
    }
}

@Suite("OpenAPI import with x-amazon-apigateway-* (TestVectors/gateway/openapi-expectations.json)")
struct OpenAPIImportTests {
    static func routes(_ api: APIDefinition) -> [String: Method] {
        var out: [String: Method] = [:]
        for (path, method) in api.routes { out["\(method.verb) \(path)"] = method }
        if let route = api.defaultRoute { out["$default"] = route }
        return out
    }

    @Test(arguments: try OpenAPIDocumentCase.all())
    func document(_ vector: OpenAPIDocumentCase) throws {
        let api = try OpenAPIImport.load(try GatewayVectors.text(vector.file), file: vector.file)
        let expected = vector.expected
        #expect(api.name == expected["name"] as? String)
        #expect(api.kind.name == expected["kind"] as? String)

        let routes = Self.routes(api)
        let expectedRoutes = expected["routes"] as! [String: [String: Any]]
        #expect(Set(routes.keys) == Set(expectedRoutes.keys))
        for (key, want) in expectedRoutes {
            let method = try #require(routes[key], "\(key)")
            #expect(method.authorizationType.name == want["authorizationType"] as? String, "\(key)")
            #expect(method.authorizerName == want["authorizer"] as? String, "\(key)")
            #expect(method.integration?.type.name == want["integration"] as? String, "\(key)")
            #expect(method.apiKeyRequired == (want["apiKeyRequired"] as? Bool ?? false), "\(key)")
            if let scopes = want["scopes"] as? [String] { #expect(method.authorizationScopes == scopes, "\(key)") }
            if let timeout = want["timeoutInMillis"] as? Int {
                #expect(method.integration?.timeoutInMillis == timeout, "\(key)")
            }
            #expect(method.requestParameters.map(\.name) == (want["parameters"] as? [String] ?? []), "\(key)")
        }
        let authorizers = expected["authorizers"] as! [String: [String: Any]]
        #expect(Set(api.authorizers.map(\.name)) == Set(authorizers.keys))
        for authorizer in api.authorizers {
            let want = authorizers[authorizer.name]!
            #expect(authorizer.kind.name == want["type"] as? String)
            #expect(authorizer.resultTTLInSeconds == want["ttl"] as? Int)
            #expect(authorizer.identitySource == want["identitySource"] as? [String])
            if let issuer = want["issuer"] as? String { #expect(authorizer.issuer == issuer) }
            if let audience = want["audience"] as? [String] { #expect(authorizer.audience == audience) }
        }
        #expect(api.gatewayResponses.map(\.type.name) == expected["gatewayResponses"] as? [String])
        #expect(api.binaryMediaTypes == expected["binaryMediaTypes"] as? [String])
        #expect(statementCount(api.resourcePolicy) == expected["resourcePolicyStatements"] as? Int)
        if let cors = expected["cors"] as? [String: Any] {
            #expect(api.cors?.allowOrigins == cors["allowOrigins"] as? [String])
            #expect(api.cors?.maxAge == cors["maxAge"] as? Int)
            #expect(api.cors?.allowCredentials == cors["allowCredentials"] as? Bool)
        }
        let notices = expected["notices"] as! [[String: String]]
        #expect(
            Set(api.notices.map { "\($0.kind) \($0.path)" }) == Set(notices.map { "\($0["kind"]!) \($0["path"]!)" }),
            "\(api.notices)"
        )
        #expect(api.notices.allSatisfy { $0.file == vector.file && $0.line > 0 })

        let table = try RoutingTable(api: api, stage: Stage(stageName: "prod"))
        for request in expected["requests"] as! [[String: Any]] {
            let match = table.match(method: request["method"] as! String, path: request["path"] as! String).match
            #expect(match?.route.routeKey == request["route"] as? String, "\(request)")
            let parameters = request["parameters"] as! [String: String]
            #expect(
                Dictionary(uniqueKeysWithValues: (match?.pathParameters ?? []).map { ($0.name, $0.value) })
                    == parameters
            )
        }
    }

    @Test("import(export(x)) serves the same routes with the same settings", arguments: try OpenAPIDocumentCase.all())
    func roundTrip(_ vector: OpenAPIDocumentCase) throws {
        let api = try OpenAPIImport.load(try GatewayVectors.text(vector.file), file: vector.file)
        let exported = OpenAPIExport.text(api)
        let again = try OpenAPIImport.load(exported, file: "export.json")
        #expect(again == api)
        #expect(Self.routes(again) == Self.routes(api))
        // Only what the API itself says: a Cognito authorizer is still unavailable.
        #expect(again.notices.allSatisfy { $0.kind == .unavailable }, "\(again.notices)")
        #expect(OpenAPIExport.text(again) == exported)
    }

    @Test("the example configuration survives export and import")
    func configurationRoundTrip() throws {
        let configuration = try GatewayConfigFile.load(try GatewayVectors.text("config-example.yaml"), file: "c.yaml")
        for api in configuration.apis.map(\.definition) {
            var again = try OpenAPIImport.load(OpenAPIExport.text(api), file: "export.json")
            again.id = api.id
            #expect(again == api)
        }
    }

    @Test("refusals name the file, line and path")
    func refusals() throws {
        let cases: [(String, GatewayConfigError.Code, String, Int)] = [
            ("swagger: '2.0'\ninfo: {title: a, version: '1'}\npaths: {}\n", .invalidOpenAPI, "$.swagger", 1),
            ("openapi: 4.0.0\ninfo: {title: a, version: '1'}\npaths: {}\n", .invalidOpenAPI, "$.openapi", 1),
            ("openapi: 3.0.1\ninfo: {version: '1'}\npaths: {}\n", .invalidOpenAPI, "$.info", 2),
            (
                "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n"
                    + "      x-amazon-apigateway-integration:\n        type: lambda\n",
                .invalidValue, "$.paths./a.get.x-amazon-apigateway-integration.type", 8
            ),
            (
                "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n"
                    + "      security: [{bearer: []}]\n"
                    + "components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
                .inconsistent, "$.paths./a.get.security", 6
            ),
            (
                "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n"
                    + "      security: [{missing: []}]\n",
                .invalidOpenAPI, "$.paths./a.get.security", 7
            ),
            (
                "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\nx-amazon-apigateway-policy: '{\"Statement\": 3}'\n",
                .invalidValue, "$.x-amazon-apigateway-policy.Statement", 4
            ),
            (
                "openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\nx-amazon-apigateway-cors: {allowOrigins: ['*']}\n",
                .invalidValue, "$.x-amazon-apigateway-cors", 4
            ),
        ]
        for (text, code, path, line) in cases {
            do {
                _ = try OpenAPIImport.load(text, file: "api.yaml")
                Issue.record("loaded: \(text)")
            } catch {
                #expect(error.code == code, "\(error)")
                #expect(error.path == path, "\(error)")
                #expect(error.line == line, "\(error)")
                #expect(error.file == "api.yaml")
            }
        }
    }

    @Test("a 3.1 document and a JSON-string policy import too")
    func openAPI31() throws {
        let api = try OpenAPIImport.load(
            """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "x-amazon-apigateway-policy": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"execute-api:Invoke\\", \\"Resource\\": \\"execute-api:/*\\"}]}",
             "paths": {"/a/{b}": {"get": {"responses": {"200": {"description": "ok"}},
               "x-amazon-apigateway-integration": {"type": "mock"}}}}}
            """,
            file: "t.json"
        )
        #expect(api.routes.map { "\($0.method.verb) \($0.path)" } == ["GET /a/{b}"])
        #expect(statementCount(api.resourcePolicy) == 1)
        #expect(api.routes[0].method.requestParameters.map(\.name) == ["method.request.path.b"])
    }
}
