import GatehouseCore
import GatewayConfig
import Testing

@Suite("Gatehouse's configuration file")
struct ConfigFileTests {
    @Test("the example configuration loads whole (TestVectors/gateway/config-example.yaml)")
    func example() throws {
        let configuration = try GatewayConfigFile.load(
            try GatewayVectors.text("config-example.yaml"),
            file: "config-example.yaml"
        )
        #expect(configuration.apis.map(\.definition.name) == ["pets", "orders"])
        #expect(configuration.principalFiles == ["principals.yaml"])
        let pets = configuration.apis[0]
        #expect(pets.definition.kind == .rest)
        #expect(pets.definition.authorizers.map(\.name) == ["tokens", "tenants"])
        #expect(
            pets.definition.authorizers[1].identitySource == ["method.request.header.X-Tenant", "stageVariables.realm"]
        )
        #expect(statementCount(pets.definition.resourcePolicy) == 2)
        #expect(pets.stages.map(\.stageName) == ["prod", "dev"])
        #expect(pets.stages[0].variables["backend"] == "127.0.0.1:9000")
        #expect(pets.stages[1].canarySettings?.percentTraffic == 10)

        let table = try pets.routingTable(for: pets.stages[0])
        let get = try #require(table.match(method: "GET", path: "/pets").match)
        #expect(get.route.method.authorizationType == .custom)  // from the authorizer's kind
        #expect(get.route.method.authorizerName == "tokens")
        #expect(get.route.settings.cachingEnabled == true && get.route.settings.throttlingBurstLimit == 200)
        let post = try #require(table.match(method: "POST", path: "/pets").match)
        #expect(post.route.method.integration?.timeoutInMillis == 5000)
        #expect(post.route.method.integration?.type == .awsProxy)
        let item = try #require(table.match(method: "GET", path: "/pets/7").match)
        #expect(item.parameter("id") == "7")
        #expect(
            item.route.method.requestParameters.map(\.name) == [
                "method.request.header.X-Tenant", "method.request.path.id",
            ]
        )
        let proxy = try #require(table.match(method: "PUT", path: "/pets/7/toys").match)
        #expect(proxy.route.method.apiKeyRequired && proxy.parameter("proxy") == "7/toys")
        #expect(table.match(method: "GET", path: "/nothing").match == nil)

        let orders = configuration.apis[1]
        #expect(orders.definition.kind == .http && orders.definition.id == APIIdentifier("h77tt55rr3"))
        let ordersTable = try orders.routingTable(for: orders.stages[0])
        #expect(
            ordersTable.match(method: "GET", path: "/orders/1").match?.route.method.authorizationScopes == [
                "orders/read"
            ]
        )
        #expect(ordersTable.match(method: "DELETE", path: "/x").match?.route.routeKey == "$default")

        // Not enforced yet: stage throttling, caching, the access log format, the canary.
        let notEnforced = pets.stages.flatMap { $0.notEnforced(enforcing: []) }
        #expect(notEnforced.count == 4, "\(notEnforced)")
    }

    @Test("the same configuration as JSON gives the same APIs")
    func jsonAndYAMLAgree() throws {
        let yaml = try GatewayConfigFile.load(try GatewayVectors.text("config-example.yaml"), file: "c.yaml")
        // Re-express the YAML tree as JSON text through the loader's own tree.
        let tree = try ConfigDocument.tree(try GatewayVectors.text("config-example.yaml"), file: "c.yaml")
        let json = try GatewayConfigFile.load(JSONWriter.text(tree.value, options: .init(pretty: true)), file: "c.json")
        #expect(yaml.apis.map(\.definition) == json.apis.map(\.definition))
        #expect(yaml.apis.map(\.stages) == json.apis.map(\.stages))
    }

    @Test("a deployment's id follows the API's content")
    func deployments() throws {
        let configuration = try GatewayConfigFile.load(try GatewayVectors.text("config-example.yaml"), file: "c.yaml")
        let pets = configuration.apis[0]
        let id = pets.deployments[0].id
        #expect(id.utf8.count == 6 && Deployment.isValidID(id))
        #expect(Deployment.snapshot(of: pets.definition).id == id)
        var changed = pets.definition
        changed.resources[0].methods[0].apiKeyRequired.toggle()
        #expect(Deployment.snapshot(of: changed).id != id)
        // A stage may name the deployment by id.
        let pinned = try GatewayConfigFile.load(
            """
            apis:
              a:
                resources:
                  /: {GET: {integration: {type: MOCK}}}
                stages:
                  prod: {}
            """,
            file: "a.yaml"
        )
        let deployment = pinned.apis[0].deployments[0].id
        let again = try GatewayConfigFile.load(
            """
            apis:
              a:
                resources:
                  /: {GET: {integration: {type: MOCK}}}
                stages:
                  prod: {deploymentId: \(deployment)}
            """,
            file: "a.yaml"
        )
        #expect(again.apis[0].deployment(for: again.apis[0].stages[0])?.id == deployment)
    }

    @Test(
        "every refusal names the file, line and JSON path (TestVectors/gateway/config-errors.json)",
        arguments: try VectorCase.all("config-errors.json")
    )
    func refusal(_ vector: VectorCase) {
        let file = "bad." + vector.string("format")!
        do {
            let loaded = try GatewayConfigFile.load(vector.string("text")!, file: file)
            Issue.record("loaded \(loaded.apis.count) APIs; expected \(vector.string("code")!)")
        } catch {
            #expect(error.code.description == vector.string("code"), "\(error)")
            #expect(error.file == file)
            #expect(error.path == vector.string("path"), "\(error)")
            #expect(error.line == vector["line"] as? Int, "\(error)")
            #expect(error.column > 0, "\(error)")
            #expect(error.description.hasPrefix("\(file):\(error.line):"))
        }
    }

    @Test("notices: Cognito authorizers are unavailable, unescaped method settings keys warn")
    func notices() throws {
        let configuration = try GatewayConfigFile.load(
            """
            apis:
              a:
                authorizers:
                  pool: {type: cognito_user_pools, providerARNs: ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/x"]}
                resources:
                  /p: {GET: {authorizer: pool, integration: {type: MOCK}}}
                stages:
                  prod:
                    methodSettings:
                      p/{id}/GET: {metricsEnabled: false}
                    webAclArn: arn:aws:wafv2:x
            """,
            file: "n.yaml"
        )
        let kinds = configuration.notices.map(\.kind)
        #expect(kinds == [.unavailable, .warning, .unsupported], "\(configuration.notices)")
        #expect(configuration.notices.allSatisfy { $0.file == "n.yaml" && $0.line > 0 })
        #expect(configuration.apis[0].definition.resources[0].methods[0].authorizationType == .cognitoUserPools)
    }
}
