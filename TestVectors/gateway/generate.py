#!/usr/bin/env python3
"""Writes the gateway configuration and routing vectors (run `python3 generate.py`).

routing-cases.json     APIs (resources → verbs) and requests with the route API Gateway picks
                       (reference/gateway.md, "Routing"; recorded cases marked so) and the path
                       parameters it passes (undecoded).
invoke-url-cases.json  Host + path → (api, stage, path within the stage) or the refusal.
config-errors.json     Gatehouse configuration files (YAML and JSON text, so lines are exact) that
                       must be refused, with the error code, the JSON path and the line named.
stage-cases.json       `get-stage`-shaped stages: method settings keys, effective settings, and the
                       settings reported as not enforced.
sam-api.yaml           a SAM-style OpenAPI 3.0 document (Lambda proxy by ARN, TOKEN and REQUEST
                       authorizers, sigv4, an API key, resource policy, gateway responses).
http-api.json          an HTTP API as AWS exports one (importexport-version, jwt authorizer, CORS,
                       $default), OpenAPI 3.0.1 JSON.
openapi-expectations.json  what importing each of those two documents must yield.
Expected values come from the reference's documented or recorded behaviour, never from running
Gatehouse.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------- routing
routing = []
def table(id, why, resources, requests, kind="REST", default=False, recorded=False):
    routing.append({"id": id, "why": why, "kind": kind, "default": default, "recorded": recorded,
                    "resources": resources, "requests": requests})
def req(method, path, route, **params):
    return {"method": method, "path": path, "route": route, "parameters": params}

PETS = {"/pets": ["GET", "POST"], "/pets/dogs": ["GET"], "/pets/{id}": ["GET", "DELETE"],
        "/pets/{proxy+}": ["ANY"], "/": ["GET"]}
table("pets-precedence", "literal beats {param} beats {proxy+}; ANY after the exact verb", PETS, [
    req("GET", "/pets/dogs", "GET /pets/dogs"),
    req("GET", "/pets/42", "GET /pets/{id}", id="42"),
    req("DELETE", "/pets/42", "DELETE /pets/{id}", id="42"),
    req("PUT", "/pets/42", "ANY /pets/{proxy+}", proxy="42"),
    req("POST", "/pets/dogs", "ANY /pets/{proxy+}", proxy="dogs"),
    req("GET", "/pets/42/toys", "ANY /pets/{proxy+}", proxy="42/toys"),
    req("GET", "/pets/a/b/c/", "ANY /pets/{proxy+}", proxy="a/b/c"),
    req("GET", "/pets", "GET /pets"),
    req("GET", "/pets/", "GET /pets"),
    req("PATCH", "/pets", None),
    req("GET", "/", "GET /"),
    req("POST", "/", None),
    req("GET", "/cats", None),
    req("HEAD", "/pets/dogs", "ANY /pets/{proxy+}", proxy="dogs"),
    req("HEAD", "/pets", None),
    req("TRACE", "/pets/42", None),
    req("get", "/pets", None),
    req("GET", "/pets/42?x=1", "GET /pets/{id}", id="42"),
    req("GET", "//pets//42", "ANY /pets/{proxy+}", proxy="/42"),
])
table("undecoded-parameters", "path parameters pass undecoded; literals also match their decoding",
      {"/pets/{id}": ["GET"], "/files/{proxy+}": ["GET"], "/caf\u00e9": ["GET"]}, [
    req("GET", "/pets/a%2Bb", "GET /pets/{id}", id="a%2Bb"),
    req("GET", "/pets/a+b", "GET /pets/{id}", id="a+b"),
    req("GET", "/files/a%2Fb/c%20d", "GET /files/{proxy+}", proxy="a%2Fb/c%20d"),
    req("GET", "/p%65ts/7", "GET /pets/{id}", id="7"),
    req("GET", "/caf%C3%A9", "GET /caf\u00e9"),
    req("GET", "/cafe%CC%81", None),
    req("GET", "/pets/%zz", "GET /pets/{id}", id="%zz"),
])
table("options-falls-back-to-root-proxy", "/test has only POST, a root /{proxy+} has OPTIONS",
      {"/test": ["POST"], "/{proxy+}": ["OPTIONS"]}, [
    req("OPTIONS", "/test", "OPTIONS /{proxy+}", proxy="test"),
    req("POST", "/test", "POST /test"),
    req("OPTIONS", "/", None),
], recorded=True)
table("any-on-specific-resource", "/test/any has ANY: it wins over the root {proxy+}",
      {"/test/any": ["ANY"], "/{proxy+}": ["GET", "OPTIONS"]}, [
    req("GET", "/test/any", "ANY /test/any"),
    req("OPTIONS", "/test/any", "ANY /test/any"),
    req("GET", "/test/other", "GET /{proxy+}", proxy="test/other"),
], recorded=True)
table("partial-static-prefix", "a partly matched static prefix falls back to the greedy sibling",
      {"/part1": ["GET"], "/part1/hardcoded-value": ["GET"], "/{param+}": ["GET"]}, [
    req("GET", "/part1/random-value", "GET /{param+}", param="part1/random-value"),
    req("GET", "/part1/hardcoded-value", "GET /part1/hardcoded-value"),
    req("GET", "/part1", "GET /part1"),
], recorded=True)
table("fallback-to-param-sibling", "the same fall-back to a {name} sibling (a Gatehouse choice)",
      {"/a/b/c": ["GET"], "/a/{x}/d": ["GET"]}, [
    req("GET", "/a/b/d", "GET /a/{x}/d", x="b"),
    req("GET", "/a/b/c", "GET /a/b/c"),
    req("GET", "/a/b/e", None),
])
table("method-aware-param", "the most specific resource that has the verb wins",
      {"/users/me": ["GET"], "/users/{id}": ["DELETE"], "/users/{id}/x": ["ANY"]}, [
    req("GET", "/users/me", "GET /users/me"),
    req("DELETE", "/users/me", "DELETE /users/{id}", id="me"),
    req("POST", "/users/me", None),
    req("POST", "/users/me/x", "ANY /users/{id}/x", id="me"),
])
table("empty-inner-segment", "an inner empty segment matches no literal and no {param}, only a greedy one",
      {"/x/y": ["GET"], "/x/{a}/y": ["GET"], "/x/{rest+}": ["GET"]}, [
    req("GET", "/x//y", "GET /x/{rest+}", rest="/y"),
    req("GET", "/x/q/y", "GET /x/{a}/y", a="q"),
])
table("http-api-route-keys", "HTTP API: route keys, most specific first, $default last",
      {"/pets/{id}": ["GET"], "/pets": ["ANY"], "/{proxy+}": ["ANY"]}, [
    req("GET", "/pets/1", "GET /pets/{id}", id="1"),
    req("POST", "/pets/1", "ANY /{proxy+}", proxy="pets/1"),
    req("PUT", "/pets", "ANY /pets"),
    req("GET", "/", "$default"),
    req("BREW", "/pets", "$default"),
], kind="HTTP", default=True)

# ---------------------------------------------------------------- invoke URLs
invoke = {
    "apis": {"a1b2c3d4e5": ["prod", "dev"], "h77tt55rr3": ["$default", "beta"]},
    "mappings": [
        {"domainName": "api.example.com", "basePath": "(none)", "apiId": "a1b2c3d4e5", "stage": "prod"},
        {"domainName": "api.example.com", "basePath": "orders/v1", "apiId": "h77tt55rr3", "stage": "beta"},
        {"domainName": "staged.example.com", "basePath": "pets", "apiId": "a1b2c3d4e5", "stage": None},
    ],
    "cases": [],
}
def inv(id, host, path, expect, api=None, stage=None, within=None, form=None):
    c = {"id": id, "host": host, "path": path, "expect": expect}
    if api: c["api"] = api
    if stage is not None: c["stage"] = stage
    if within is not None: c["within"] = within
    if form: c["form"] = form
    invoke["cases"].append(c)
inv("path-form", "127.0.0.1:8080", "/restapis/a1b2c3d4e5/prod/_user_request_/pets/1", "stage", "a1b2c3d4e5", "prod", "/pets/1", "pathForm")
inv("path-form-root", None, "/restapis/a1b2c3d4e5/dev/_user_request_/", "stage", "a1b2c3d4e5", "dev", "/", "pathForm")
inv("path-form-query", None, "/restapis/a1b2c3d4e5/dev/_user_request_?q=1", "stage", "a1b2c3d4e5", "dev", "/?q=1", "pathForm")
inv("path-form-unknown-stage", None, "/restapis/a1b2c3d4e5/Prod/_user_request_/pets", "unknownStage", "a1b2c3d4e5", "Prod")
inv("path-form-unknown-api", None, "/restapis/zzzzzzzzzz/prod/_user_request_/pets", "noAPI")
inv("path-form-bad-id", None, "/restapis/A1B2C3D4E5/prod/_user_request_/pets", "noAPI")
inv("host-form", "a1b2c3d4e5.execute-api.localhost:4566", "/prod/pets/1", "stage", "a1b2c3d4e5", "prod", "/pets/1", "host")
inv("host-form-case", "A1B2C3D4E5.Execute-Api.LOCALHOST", "/dev", "stage", "a1b2c3d4e5", "dev", "/", "host")
inv("host-form-aws", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "//prod//x", "stage", "a1b2c3d4e5", "prod", "//x", "host")
inv("host-form-no-stage", "a1b2c3d4e5.execute-api.localhost", "/", "unknownStage", "a1b2c3d4e5")
inv("host-form-wrong-stage", "a1b2c3d4e5.execute-api.localhost", "/staging/pets", "unknownStage", "a1b2c3d4e5", "staging")
inv("http-default-stage", "h77tt55rr3.execute-api.localhost", "/pets/1", "stage", "h77tt55rr3", "$default", "/pets/1", "host")
inv("http-named-stage", "h77tt55rr3.execute-api.localhost", "/beta/pets", "stage", "h77tt55rr3", "beta", "/pets", "host")
inv("custom-domain-none", "api.example.com", "/pets/1", "stage", "a1b2c3d4e5", "prod", "/pets/1", "customDomain:(none)")
inv("custom-domain-longest", "API.example.com:443", "/orders/v1/items/9", "stage", "h77tt55rr3", "beta", "/items/9", "customDomain:orders/v1")
inv("custom-domain-prefix-only", "api.example.com", "/orders/v2/items", "stage", "a1b2c3d4e5", "prod", "/orders/v2/items", "customDomain:(none)")
inv("custom-domain-stage-from-path", "staged.example.com", "/pets/dev/x", "stage", "a1b2c3d4e5", "dev", "/x", "customDomain:pets")
inv("custom-domain-no-mapping", "staged.example.com", "/cats/dev/x", "noAPI")
inv("other-host", "example.org", "/prod/pets", "noAPI")
inv("no-host", None, "/prod/pets", "noAPI")

# ---------------------------------------------------------------- config errors
errors = []
def bad(id, why, text, code, path, at, fmt="yaml", occurrence=1):
    """`at`: text on the line the error must name (its `occurrence`-th appearance)."""
    lines = text.split("\n")
    line = [i + 1 for i, l in enumerate(lines) if at in l][occurrence - 1]
    errors.append({"id": id, "why": why, "format": fmt, "text": text, "code": code, "path": path, "line": line})

def api_yaml(body):
    return "version: 1\napis:\n  pets:\n" + "\n".join("    " + l for l in body.strip("\n").split("\n")) + "\n"

bad("unknown-top-field", "unknown fields are errors, never ignored",
    "version: 1\napis: {}\nlisteners: []\n", "unknownField", "$.listeners", "listeners")
bad("missing-apis", "apis is required", "version: 1\n", "missingField", "$.apis", "version")
bad("wrong-version", "version must be 1", "version: 2\napis: {}\n", "invalidValue", "$.version", "version")
bad("bad-kind", "kind is REST or HTTP", api_yaml("kind: WEBSOCKET\n"), "invalidValue", "$.apis.pets.kind", "WEBSOCKET")
bad("bad-id", "a pinned id is 10 lowercase alphanumerics", api_yaml("id: ABC\n"), "invalidValue", "$.apis.pets.id", "id: ABC")
bad("bad-path", "a greedy parameter is last", api_yaml("resources:\n  /a/{p+}/b:\n    GET: {}\n"),
    "invalidValue", "$.apis.pets.resources./a/{p+}/b", "GET: {}")
bad("bad-verb", "verbs are upper case API Gateway verbs", api_yaml("resources:\n  /a:\n    FETCH: {}\n"),
    "invalidValue", "$.apis.pets.resources./a.FETCH", "FETCH")
bad("bad-integration-type", "integration types are API Gateway's",
    api_yaml("resources:\n  /a:\n    GET:\n      integration:\n        type: LAMBDA\n        uri: x\n"),
    "invalidValue", "$.apis.pets.resources./a.GET.integration.type", "LAMBDA")
bad("integration-without-uri", "HTTP_PROXY needs a uri",
    api_yaml("resources:\n  /a:\n    GET:\n      integration:\n        type: HTTP_PROXY\n"),
    "missingField", "$.apis.pets.resources./a.GET.integration.uri", "type: HTTP_PROXY")
bad("timeout-range", "timeoutInMillis is 50..300000",
    api_yaml("resources:\n  /a:\n    GET:\n      integration:\n        type: MOCK\n        timeoutInMillis: 10\n"),
    "invalidValue", "$.apis.pets.resources./a.GET.integration.timeoutInMillis", "timeoutInMillis")
bad("timeout-type", "timeoutInMillis is a number",
    api_yaml("resources:\n  /a:\n    GET:\n      integration:\n        type: MOCK\n        timeoutInMillis: '29000'\n"),
    "wrongType", "$.apis.pets.resources./a.GET.integration.timeoutInMillis", "timeoutInMillis")
bad("unknown-authorizer", "a method names an authorizer that exists",
    api_yaml("resources:\n  /a:\n    GET:\n      authorizationType: CUSTOM\n      authorizer: nope\n"),
    "inconsistent", "$.apis.pets.resources./a.GET.authorizer", "authorizationType: CUSTOM")
bad("custom-without-authorizer", "CUSTOM needs an authorizer",
    api_yaml("resources:\n  /a:\n    GET:\n      authorizationType: CUSTOM\n"),
    "inconsistent", "$.apis.pets.resources./a.GET.authorizer", "authorizationType: CUSTOM")
bad("token-two-sources", "a token authorizer reads one header",
    api_yaml("authorizers:\n  tok:\n    type: token\n    authorizerUri: arn:x\n    identitySource: method.request.header.A, method.request.header.B\n"),
    "invalidValue", "$.apis.pets.authorizers.tok.identitySource", "type: token")
bad("ttl-range", "authorizerResultTtlInSeconds is at most 3600",
    api_yaml("authorizers:\n  tok:\n    type: request\n    authorizerUri: arn:x\n    authorizerResultTtlInSeconds: 7200\n"),
    "invalidValue", "$.apis.pets.authorizers.tok.authorizerResultTtlInSeconds", "7200")
bad("jwt-without-issuer", "a jwt authorizer needs an issuer",
    api_yaml("kind: HTTP\nauthorizers:\n  j:\n    type: jwt\n    jwtConfiguration:\n      audience: [a]\n"),
    "missingField", "$.apis.pets.authorizers.j.jwtConfiguration", "type: jwt")
bad("sibling-params", "sibling parameters have one name",
    api_yaml("resources:\n  /p/{id}:\n    GET: {}\n  /p/{name}/x:\n    GET: {}\n"),
    "inconsistent", "$.apis.pets.resources", "/p/{id}:")
bad("bad-policy", "the resource policy is an IAM policy",
    api_yaml("resourcePolicy:\n  Version: '2012-10-17'\n  Statement:\n    - Effect: Maybe\n      Principal: '*'\n      Action: execute-api:Invoke\n      Resource: '*'\n"),
    "invalidValue", "$.apis.pets.resourcePolicy.Statement[0].Effect", "Maybe")
bad("rest-cors", "cors configures HTTP APIs", api_yaml("cors:\n  allowOrigins: ['*']\n"),
    "invalidValue", "$.apis.pets.cors", "allowOrigins")
bad("bad-gateway-response", "gateway response types are API Gateway's",
    api_yaml("gatewayResponses:\n  NOT_A_TYPE:\n    statusCode: 400\n"),
    "invalidValue", "$.apis.pets.gatewayResponses.NOT_A_TYPE", "statusCode")
bad("bad-stage-name", "stage names are letters, digits, - and _", api_yaml("stages:\n  'pr od': {}\n"),
    "invalidValue", "$.apis.pets.stages.pr od", "pr od")
bad("bad-method-settings-key", "methodSettings keys are resourcePath/METHOD",
    api_yaml("stages:\n  prod:\n    methodSettings:\n      pets:\n        metricsEnabled: true\n"),
    "invalidValue", "$.apis.pets.stages.prod.methodSettings.pets", "metricsEnabled")
bad("bad-variable-name", "stage variable names are [A-Za-z0-9_]",
    api_yaml("stages:\n  prod:\n    variables:\n      bad-name: x\n"),
    "invalidValue", "$.apis.pets.stages.prod.variables.bad-name", "bad-name")
bad("unknown-deployment", "a stage names this configuration's deployment",
    api_yaml("stages:\n  prod:\n    deploymentId: abc123\n"),
    "inconsistent", "$.apis.pets.stages.prod", "deploymentId")
bad("canary-percent", "percentTraffic is 0..100",
    api_yaml("stages:\n  prod:\n    canarySettings:\n      percentTraffic: 150\n"),
    "invalidValue", "$.apis.pets.stages.prod.canarySettings.percentTraffic", "150")
bad("yaml-alias", "aliases are refused", "version: 1\napis:\n  a: &x {}\n", "invalidValue", "$.apis.a", "&x")
bad("yaml-syntax", "YAML syntax errors name the line (a tab cannot indent)", "version: 1\napis:\n\tpets: {}\n", "syntax", "$", "pets")
bad("yaml-duplicate", "duplicate keys are refused", "version: 1\napis: {}\napis: {}\n", "duplicateKey", "$.apis", "apis: {}", occurrence=2)
bad("json-duplicate", "duplicate keys are refused (JSON)", '{"version": 1,\n "apis": {},\n "apis": {}}', "duplicateKey", "$.apis", ' "apis": {}}', fmt="json")
bad("json-wrong-type", "apis is an object",
    '{\n  "version": 1,\n  "apis": []\n}', "wrongType", "$.apis", '"apis": []', fmt="json")
bad("json-route-key", "HTTP API route keys are METHOD /path",
    '{\n  "apis": {\n    "h": {\n      "kind": "HTTP",\n      "routes": {\n        "GET": {}\n      }\n    }\n  }\n}',
    "invalidValue", "$.apis.h.routes.GET", '"GET": {}', fmt="json")
bad("principals-reference", "principals are {file: …} references",
    "version: 1\napis: {}\nprincipals:\n  - path: users.yaml\n", "missingField", "$.principals[0].file", "path: users.yaml")

# ---------------------------------------------------------------- stages
def strings(settings):
    """Expected settings as text (`false`, `100`, `50.0`), so no JSON number or boolean is misread."""
    return {k: ("true" if v is True else "false" if v is False else str(v)) for k, v in settings.items()}

stages = [
    {"id": "keys", "why": "get-stage keys: no leading slash, ~1 for inner /, */* for all",
     "stage": {"stageName": "prod", "methodSettings": {
         "*/*": {"metricsEnabled": False, "throttlingBurstLimit": 100, "throttlingRateLimit": 50.0},
         "pets~1{id}/GET": {"cachingEnabled": True, "cacheTtlInSeconds": 60},
         "pets/POST": {"loggingLevel": "INFO"},
         "~1/GET": {"dataTraceEnabled": True}}},
     "keys": {"*/*": ["*", "*"], "pets~1{id}/GET": ["/pets/{id}", "GET"], "pets/POST": ["/pets", "POST"],
              "~1/GET": ["/", "GET"]},
     "effective": [
         {"path": "/pets/{id}", "verb": "GET", "settings": strings({"metricsEnabled": False, "throttlingBurstLimit": 100,
           "throttlingRateLimit": 50.0, "cachingEnabled": True, "cacheTtlInSeconds": 60})},
         {"path": "/pets", "verb": "POST", "settings": strings({"metricsEnabled": False, "throttlingBurstLimit": 100,
           "throttlingRateLimit": 50.0, "loggingLevel": "INFO"})},
         {"path": "/", "verb": "GET", "settings": strings({"metricsEnabled": False, "throttlingBurstLimit": 100,
           "throttlingRateLimit": 50.0, "dataTraceEnabled": True})},
         {"path": "/other", "verb": "DELETE", "settings": strings({"metricsEnabled": False, "throttlingBurstLimit": 100,
           "throttlingRateLimit": 50.0})}],
     "notEnforced": ["$.methodSettings.*/*.throttling", "$.methodSettings.pets/POST.loggingLevel",
                     "$.methodSettings.pets~1{id}/GET.cachingEnabled", "$.methodSettings.~1/GET.dataTraceEnabled"]},
    {"id": "get-stage-output", "why": "a get-stage answer pastes as it is (read-only fields accepted)",
     "stage": {"deploymentId": "v99qix", "stageName": "dev", "cacheClusterEnabled": True, "cacheClusterSize": "0.5",
               "cacheClusterStatus": "AVAILABLE", "methodSettings": {}, "variables": {"backend": "example.com", "fn": "pets_dev"},
               "tracingEnabled": True, "accessLogSettings": {"format": "$context.requestId $context.status",
               "destinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:api"},
               "canarySettings": {"percentTraffic": 10.0, "deploymentId": "v99qix",
                                  "stageVariableOverrides": {"fn": "pets_canary"}, "useStageCache": False},
               "createdDate": "2024-06-17T14:52:41+00:00", "lastUpdatedDate": "2024-06-17T14:52:41+00:00"},
     "keys": {}, "effective": [],
     "notEnforced": ["$.cacheClusterEnabled", "$.tracingEnabled", "$.accessLogSettings.format", "$.canarySettings"]},
]

# ---------------------------------------------------------------- OpenAPI documents
SAM = """openapi: 3.0.1
info:
  title: petstore
  version: '2024-06-17'
  description: A SAM-style API with Lambda proxy integrations and authorizers
x-amazon-apigateway-api-key-source: HEADER
x-amazon-apigateway-binary-media-types:
  - image/png
  - '*/*'
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - Effect: Allow
      Principal: '*'
      Action: execute-api:Invoke
      Resource: execute-api:/*
    - Effect: Deny
      Principal: '*'
      Action: execute-api:Invoke
      Resource: execute-api:/*/DELETE/pets/*
      Condition:
        NotIpAddress:
          aws:SourceIp: 10.0.0.0/8
x-amazon-apigateway-gateway-responses:
  DEFAULT_4XX:
    responseParameters:
      gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
    responseTemplates:
      application/json: '{"message":$context.error.messageString}'
  UNAUTHORIZED:
    statusCode: 401
    responseParameters:
      gatewayresponse.header.WWW-Authenticate: "'Bearer'"
x-amazon-apigateway-minimum-compression-size: 1024
x-amazon-apigateway-request-validators:
  all:
    validateRequestBody: true
    validateRequestParameters: true
x-company-owner: team-pets
paths:
  /:
    get:
      operationId: root
      responses:
        '200':
          description: ok
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: '200'
            responseTemplates:
              application/json: '{"service": "petstore"}'
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: limit
          in: query
          required: false
          schema:
            type: integer
      security:
        - TokenAuthorizer: []
      responses:
        '200':
          description: ok
      x-amazon-apigateway-request-validator: all
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri:
          Fn::Sub: ignored
    post:
      operationId: createPet
      security:
        - sigv4: []
      responses:
        '201':
          description: created
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:createPet/invocations
        passthroughBehavior: when_no_match
        timeoutInMillis: 10000
    options:
      responses:
        '200':
          description: CORS preflight
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: '200'
            responseParameters:
              method.response.header.Access-Control-Allow-Methods: "'GET,POST,OPTIONS'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization,X-Amz-Date,X-Api-Key'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
  /pets/dogs:
    get:
      operationId: listDogs
      security:
        - api_key: []
      responses:
        '200':
          description: ok
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://${stageVariables.backend}/dogs
        connectionType: INTERNET
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        schema:
          type: string
    get:
      operationId: getPet
      parameters:
        - name: X-Tenant
          in: header
          required: true
          schema:
            type: string
      security:
        - RequestAuthorizer: []
      responses:
        '200':
          description: ok
      x-amazon-apigateway-integration:
        type: http
        httpMethod: GET
        uri: https://backend.example.com/pets/{id}
        requestParameters:
          integration.request.path.id: method.request.path.petId
          integration.request.header.X-Tenant: method.request.header.X-Tenant
        responses:
          default:
            statusCode: '200'
    delete:
      operationId: deletePet
      security:
        - sigv4: []
      responses:
        '204':
          description: deleted
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:deletePet/invocations
  /pets/{proxy+}:
    x-amazon-apigateway-any-method:
      parameters:
        - name: proxy
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: ok
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:petsProxy/invocations
components:
  securitySchemes:
    TokenAuthorizer:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:tokenAuth/invocations
        identitySource: method.request.header.Authorization
        identityValidationExpression: ^Bearer [-0-9a-zA-Z._]+$
        authorizerResultTtlInSeconds: 60
    RequestAuthorizer:
      type: apiKey
      name: Unused
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:requestAuth/invocations
        identitySource: method.request.header.X-Tenant, method.request.querystring.key
        authorizerResultTtlInSeconds: 0
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
    api_key:
      type: apiKey
      name: x-api-key
      in: header
    UserPool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc123
"""
# `uri: {Fn::Sub: …}` is what an unrendered SAM template holds; a real import sees the rendered
# string. The vector keeps a rendered one (fixed below) and tests the object separately.
SAM = SAM.replace("""        uri:
          Fn::Sub: ignored
""", """        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:listPets/invocations
""")

HTTP_API = {
    "openapi": "3.0.1",
    "info": {"title": "orders-http", "version": "2024-06-17 10:00:00UTC"},
    "x-amazon-apigateway-importexport-version": "1.0",
    "x-amazon-apigateway-cors": {"allowOrigins": ["https://app.example.com"], "allowMethods": ["GET", "POST"],
                                  "allowHeaders": ["authorization", "content-type"], "exposeHeaders": ["x-request-id"],
                                  "maxAge": 600, "allowCredentials": True},
    "servers": [{"url": "https://h77tt55rr3.execute-api.us-east-1.amazonaws.com/{basePath}",
                 "variables": {"basePath": {"default": ""}}}],
    "paths": {
        "/orders/{id}": {
            "get": {
                "responses": {"default": {"description": "Default response for GET /orders/{id}"}},
                "security": [{"jwt-auth": ["orders/read"]}],
                "x-amazon-apigateway-integration": {
                    "payloadFormatVersion": "2.0", "type": "aws_proxy", "httpMethod": "POST",
                    "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:getOrder/invocations",
                    "connectionType": "INTERNET", "timeoutInMillis": 30000}},
            "parameters": [{"name": "id", "in": "path", "description": "Generated path parameter for id",
                            "required": True, "schema": {"type": "string"}}]},
        "/orders": {
            "post": {
                "responses": {"default": {"description": "Default response for POST /orders"}},
                "security": [{"jwt-auth": ["orders/write"]}],
                "x-amazon-apigateway-integration": {"payloadFormatVersion": "1.0", "type": "http_proxy",
                                                     "httpMethod": "ANY", "uri": "https://orders.example.com/orders",
                                                     "connectionType": "INTERNET"}}},
        "$default": {
            "x-amazon-apigateway-any-method": {
                "isDefaultRoute": True,
                "responses": {"default": {"description": "Default response for ANY /{proxy+}"}},
                "x-amazon-apigateway-integration": {"payloadFormatVersion": "2.0", "type": "http_proxy",
                                                     "httpMethod": "ANY", "uri": "https://fallback.example.com",
                                                     "connectionType": "INTERNET"}}}},
    "components": {"securitySchemes": {"jwt-auth": {
        "type": "oauth2", "flows": {},
        "x-amazon-apigateway-authorizer": {"identitySource": "$request.header.Authorization",
                                           "jwtConfiguration": {"audience": ["orders-api"],
                                                                "issuer": "https://issuer.example.com/pool"},
                                           "type": "jwt"}}}},
}

expectations = {
    "sam-api.yaml": {
        "name": "petstore", "kind": "REST",
        "routes": {
            "GET /": {"authorizationType": "NONE", "integration": "MOCK"},
            "GET /pets": {"authorizationType": "CUSTOM", "authorizer": "TokenAuthorizer", "integration": "AWS_PROXY",
                          "parameters": ["method.request.querystring.limit"]},
            "POST /pets": {"authorizationType": "AWS_IAM", "integration": "AWS_PROXY", "timeoutInMillis": 10000},
            "OPTIONS /pets": {"authorizationType": "NONE", "integration": "MOCK"},
            "GET /pets/dogs": {"authorizationType": "NONE", "apiKeyRequired": True, "integration": "HTTP_PROXY",
                               "timeoutInMillis": 29000},
            "GET /pets/{petId}": {"authorizationType": "CUSTOM", "authorizer": "RequestAuthorizer", "integration": "HTTP",
                                  "parameters": ["method.request.header.X-Tenant", "method.request.path.petId"]},
            "DELETE /pets/{petId}": {"authorizationType": "AWS_IAM", "integration": "AWS_PROXY",
                                     "parameters": ["method.request.path.petId"]},
            "ANY /pets/{proxy+}": {"authorizationType": "NONE", "integration": "AWS_PROXY",
                                   "parameters": ["method.request.path.proxy"]},
        },
        "authorizers": {"TokenAuthorizer": {"type": "token", "ttl": 60, "identitySource": ["method.request.header.Authorization"]},
                        "RequestAuthorizer": {"type": "request", "ttl": 0,
                                              "identitySource": ["method.request.header.X-Tenant", "method.request.querystring.key"]},
                        "UserPool": {"type": "cognito_user_pools", "ttl": 300, "identitySource": []}},
        "gatewayResponses": ["DEFAULT_4XX", "UNAUTHORIZED"],
        "binaryMediaTypes": ["image/png", "*/*"],
        "resourcePolicyStatements": 2,
        "notices": [
            {"kind": "unsupported", "path": "$.x-amazon-apigateway-minimum-compression-size"},
            {"kind": "unsupported", "path": "$.x-amazon-apigateway-request-validators"},
            {"kind": "unknownExtension", "path": "$.x-company-owner"},
            {"kind": "unsupported", "path": "$.paths./pets.get.x-amazon-apigateway-request-validator"},
            {"kind": "unavailable", "path": "$.components.securitySchemes.UserPool.x-amazon-apigateway-authorizer"},
        ],
        "requests": [
            req("GET", "/pets/dogs", "GET /pets/dogs"),
            req("GET", "/pets/7", "GET /pets/{petId}", petId="7"),
            req("PATCH", "/pets/7", "ANY /pets/{proxy+}", proxy="7"),
            req("PUT", "/pets", None),
        ],
    },
    "http-api.json": {
        "name": "orders-http", "kind": "HTTP",
        "routes": {
            "GET /orders/{id}": {"authorizationType": "JWT", "authorizer": "jwt-auth", "scopes": ["orders/read"],
                                 "integration": "AWS_PROXY", "timeoutInMillis": 30000, "parameters": ["method.request.path.id"]},
            "POST /orders": {"authorizationType": "JWT", "authorizer": "jwt-auth", "scopes": ["orders/write"],
                             "integration": "HTTP_PROXY"},
            "$default": {"authorizationType": "NONE", "integration": "HTTP_PROXY"},
        },
        "authorizers": {"jwt-auth": {"type": "jwt", "ttl": 300, "identitySource": ["$request.header.Authorization"],
                                     "issuer": "https://issuer.example.com/pool", "audience": ["orders-api"]}},
        "gatewayResponses": [], "binaryMediaTypes": [], "resourcePolicyStatements": 0,
        "cors": {"allowOrigins": ["https://app.example.com"], "maxAge": 600, "allowCredentials": True},
        # `isDefaultRoute` (AWS's marker on the $default route) is known: no notice.
        "notices": [],
        "requests": [
            req("GET", "/orders/12", "GET /orders/{id}", id="12"),
            req("DELETE", "/orders/12", "$default"),
            req("GET", "/", "$default"),
        ],
    },
}

# ---------------------------------------------------------------- a valid configuration
CONFIG = """# Gatehouse configuration: two APIs, as the DocC article "Configuration file" describes.
version: 1
apis:
  pets:
    description: The demo REST API
    apiKeySource: HEADER
    binaryMediaTypes: [image/png]
    endpointConfiguration:
      types: [REGIONAL]
    resourcePolicy:
      Version: '2012-10-17'
      Statement:
        - Effect: Allow
          Principal: '*'
          Action: execute-api:Invoke
          Resource: execute-api:/*
        - Effect: Deny
          Principal: '*'
          Action: execute-api:Invoke
          Resource: execute-api:/*/GET/admin
    authorizers:
      tokens:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:tokens/invocations
        identitySource: method.request.header.Authorization
        authorizerResultTtlInSeconds: 300
      tenants:
        type: request
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:tenants/invocations
        identitySource: [method.request.header.X-Tenant, stageVariables.realm]
        authorizerResultTtlInSeconds: 0
    gatewayResponses:
      MISSING_AUTHENTICATION_TOKEN:
        statusCode: 404
        responseTemplates:
          application/json: '{"message":"no such route"}'
    resources:
      /:
        GET:
          integration:
            type: MOCK
            requestTemplates:
              application/json: '{"statusCode": 200}'
            responses:
              default:
                statusCode: 200
                responseTemplates:
                  application/json: '{"service":"pets"}'
      /pets:
        GET:
          authorizer: tokens
          integration:
            type: HTTP_PROXY
            httpMethod: GET
            uri: http://${stageVariables.backend}/pets
        POST:
          authorizationType: AWS_IAM
          integration:
            type: AWS_PROXY
            httpMethod: POST
            uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:createPet/invocations
            timeoutInMillis: 5000
      /pets/{id}:
        GET:
          authorizationType: CUSTOM
          authorizer: tenants
          requestParameters:
            method.request.header.X-Tenant: true
          integration:
            type: HTTP
            httpMethod: GET
            uri: http://${stageVariables.backend}/pets/{id}
            requestParameters:
              integration.request.path.id: method.request.path.id
      /pets/{proxy+}:
        ANY:
          apiKeyRequired: true
          integration:
            type: HTTP_PROXY
            httpMethod: ANY
            uri: http://${stageVariables.backend}/pets/{proxy}
            requestParameters:
              integration.request.path.proxy: method.request.path.proxy
      /admin:
        GET:
          authorizationType: AWS_IAM
          integration:
            type: MOCK
    stages:
      prod:
        variables:
          backend: 127.0.0.1:9000
          realm: prod
        methodSettings:
          '*/*':
            throttlingBurstLimit: 200
            throttlingRateLimit: 100.0
          pets/GET:
            cachingEnabled: true
        accessLogSettings:
          format: '$context.requestId $context.status'
      dev:
        variables:
          backend: 127.0.0.1:9001
          realm: dev
        canarySettings:
          percentTraffic: 10
          stageVariableOverrides:
            backend: 127.0.0.1:9002
  orders:
    kind: HTTP
    id: h77tt55rr3
    cors:
      allowOrigins: [https://app.example.com]
      allowMethods: [GET, POST]
      maxAge: 600
    authorizers:
      jwt:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration:
          issuer: https://issuer.example.com
          audience: [orders]
    routes:
      GET /orders/{id}:
        authorizer: jwt
        authorizationScopes: [orders/read]
        integration:
          type: AWS_PROXY
          uri: arn:aws:lambda:us-east-1:000000000000:function:getOrder
          payloadFormatVersion: '2.0'
      $default:
        integration:
          type: HTTP_PROXY
          httpMethod: ANY
          uri: https://fallback.example.com
    stages:
      $default: {}
principals:
  - file: principals.yaml
"""

def write(name, value):
    (HERE / name).write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")

write("routing-cases.json", routing)
write("invoke-url-cases.json", invoke)
write("config-errors.json", errors)
write("stage-cases.json", stages)
write("openapi-expectations.json", expectations)
(HERE / "sam-api.yaml").write_text(SAM)
(HERE / "config-example.yaml").write_text(CONFIG)
write("http-api.json", HTTP_API)
print(f"{len(routing)} routing tables, {sum(len(t['requests']) for t in routing)} requests; "
      f"{len(invoke['cases'])} invoke URLs; {len(errors)} config errors; {len(stages)} stages; 2 OpenAPI documents")
