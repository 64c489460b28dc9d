import IAMPolicy
import Testing

@Suite("API Gateway ARNs: execute-api shorthand and management calls (reference/iam.md §6)")
struct APIGatewayARNTests {
    @Test func shorthandExpandsForOneAPI() throws {
        let document = try PolicyDocument.parse(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*", "execute-api:/prod/GET/pets/*", "arn:aws:s3:::keep"]}]}"#,
            kind: .resource
        )
        #expect(document.usesExecuteAPIShorthand)
        let expanded = document.expandingExecuteAPIShorthand(region: "eu-west-1", account: "111122223333", apiId: "a1")
        #expect(
            expanded.statements[0].resource.value == [
                "arn:aws:execute-api:eu-west-1:111122223333:a1/*",
                "arn:aws:execute-api:eu-west-1:111122223333:a1/prod/GET/pets/*", "arn:aws:s3:::keep",
            ]
        )
        #expect(!expanded.usesExecuteAPIShorthand)
    }

    @Test(
        arguments: [
            ("GET", "/restapis", [String](), ["apigateway:GET"], "arn:aws:apigateway:us-east-1::/restapis"),
            (
                "PATCH", "/restapis/abc123", ["/policy"], ["apigateway:PATCH", "apigateway:UpdateRestApiPolicy"],
                "arn:aws:apigateway:us-east-1::/restapis/abc123"
            ),
            (
                "PATCH", "/restapis/abc123", ["/description"], ["apigateway:PATCH"],
                "arn:aws:apigateway:us-east-1::/restapis/abc123"
            ),
            (
                "DELETE", "/restapis/abc123/stages/prod/", [], ["apigateway:DELETE"],
                "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod"
            ),
            (
                "PATCH", "/domainnames/api.example.com", ["/policy"],
                ["apigateway:PATCH", "apigateway:UpdateDomainNamePolicy"],
                "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
            ),
            (
                "POST", "/domainnames", [], ["apigateway:POST", "apigateway:AddCertificateToDomain"],
                "arn:aws:apigateway:us-east-1::/domainnames"
            ),
            (
                "GET", "/usageplans/p1/keys/k1?limit=5", [], ["apigateway:GET"],
                "arn:aws:apigateway:us-east-1::/usageplans/p1/keys/k1"
            ),
            (
                "GET", "/domainnames/private.example.com+abc", [], ["apigateway:GET"],
                "arn:aws:apigateway:us-east-1:111122223333:/domainnames/private.example.com+abc"
            ),
        ]
    )
    func managementCalls(_ method: String, _ path: String, _ patches: [String], _ actions: [String], _ arn: String) {
        let needs = APIGatewayManagement.authorization(
            method: method,
            path: path,
            region: "us-east-1",
            patchPaths: patches,
            account: "111122223333"
        )
        #expect(needs.actions == actions)
        #expect(needs.resource == arn)
    }

    /// The example management policy grants and refuses what its README says, through the mapping.
    @Test func managementPolicyDecidesMappedCalls() throws {
        let policy = try PolicyDocument.parse(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["apigateway:GET", "apigateway:PATCH", "apigateway:UpdateRestApiPolicy"], "Resource": "arn:aws:apigateway:us-east-1::/restapis/abc123*"}]}"#,
            kind: .identity
        )
        let set = CompiledPolicySet(IdentityPolicySet(identity: [NamedPolicy(name: "m", document: policy)]))
        func allowed(_ needs: APIGatewayManagement.Authorization) -> Bool {
            needs.actions.allSatisfy {
                set.evaluate(AuthorizationRequest(action: $0, resource: needs.resource)).isAllowed
            }
        }
        let patchPolicy = APIGatewayManagement.authorization(
            method: "PATCH",
            path: "/restapis/abc123",
            region: "us-east-1",
            patchPaths: ["/policy"]
        )
        #expect(allowed(patchPolicy))
        #expect(
            !allowed(
                APIGatewayManagement.authorization(method: "DELETE", path: "/restapis/abc123", region: "us-east-1")
            )
        )
        #expect(!allowed(APIGatewayManagement.authorization(method: "GET", path: "/restapis/zzz", region: "us-east-1")))
    }
}
