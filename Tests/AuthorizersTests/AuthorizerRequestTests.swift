import Foundation
import GatehouseCore
import HTTPTypes
import Synchronization
import Testing

@testable import Authorizers

/// An ``AuthorizerRequest`` is made from swift-http-types' `HTTPRequest` plus the route and the
/// peer: header lookups go by `HTTPField.Name` (case-insensitive by construction), repeated
/// headers and parameters reach events as API Gateway passes them, and the query is decoded once.
@Suite("Authorizer requests from HTTPRequest")
struct AuthorizerRequestTests {
    /// One request shape and what API Gateway makes of it.
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let fields: [(String, String)]
        let query: String
        /// The identity source read (a REQUEST authorizer with caching on: missing or empty → 401).
        let source: String
        /// The identity value, `nil` for a 401.
        let identity: String?
        /// The REST event's `headers` and `multiValueHeaders` for `header` (nil: absent).
        let header: String
        let single: String?
        let multiple: [String]?
        /// The REST event's query maps for `parameter`.
        let parameter: String
        let value: String?
        let values: [String]?

        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(
            name: "duplicate headers",
            fields: [("X-Tenant", "a"), ("Accept", "*/*"), ("X-Tenant", "b")],
            query: "",
            source: "method.request.header.X-Tenant",
            identity: "a,b",
            header: "X-Tenant",
            single: "b",
            multiple: ["a", "b"],
            parameter: "q",
            value: nil,
            values: nil
        ),
        Shape(
            name: "mixed-case header names",
            fields: [("x-TeNaNt", "v"), ("X-TENANT", "w")],
            query: "",
            source: "method.request.header.X-Tenant",
            identity: "v,w",
            header: "x-TeNaNt",  // the first spelling names the member, as API Gateway keeps it
            single: "w",
            multiple: ["v", "w"],
            parameter: "q",
            value: nil,
            values: nil
        ),
        Shape(
            name: "multi-value query",
            fields: [],
            query: "q=1&other=x&q=2",
            source: "method.request.querystring.q",
            identity: "1,2",
            header: "X-Tenant",
            single: nil,
            multiple: nil,
            parameter: "q",
            value: "2",
            values: ["1", "2"]
        ),
        Shape(
            name: "empty query value",
            fields: [],
            query: "token=&b",
            source: "method.request.querystring.token",
            identity: nil,
            header: "X-Tenant",
            single: nil,
            multiple: nil,
            parameter: "token",
            value: "",
            values: [""]
        ),
        Shape(
            name: "empty header value",
            fields: [("X-Tenant", "")],
            query: "",
            source: "method.request.header.x-tenant",
            identity: nil,
            header: "X-Tenant",
            single: "",
            multiple: [""],
            parameter: "q",
            value: nil,
            values: nil
        ),
        Shape(
            name: "percent-encoding and plus",
            fields: [],
            query: "t%6Fken=a%2Bb+c%20d%C3%A9",
            source: "method.request.querystring.token",
            identity: "a+b c dé",
            header: "X-Tenant",
            single: nil,
            multiple: nil,
            parameter: "token",
            value: "a+b c dé",
            values: ["a+b c dé"]
        ),
        Shape(
            name: "query name case is kept",
            fields: [],
            query: "Token=x",
            source: "method.request.querystring.token",
            identity: nil,
            header: "X-Tenant",
            single: nil,
            multiple: nil,
            parameter: "Token",
            value: "x",
            values: ["x"]
        ),
        Shape(
            name: "cookies split by swift-http-types arrive as one header",
            fields: [("Cookie", "a=1"), ("Cookie", "b=2")],
            query: "",
            source: "method.request.header.cookie",
            identity: "a=1; b=2",
            header: "Cookie",
            single: "a=1; b=2",
            multiple: ["a=1; b=2"],
            parameter: "q",
            value: nil,
            values: nil
        ),
    ]

    static func request(
        fields: [(String, String)],
        query: String,
        authority: String? = "abc123.execute-api.us-east-1.amazonaws.com"
    ) -> AuthorizerRequest {
        var headerFields = HTTPFields()
        for (name, value) in fields { headerFields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return AuthorizerRequest(
            HTTPRequest(
                method: .get,
                scheme: "https",
                authority: authority,
                path: "/prod/pets/42" + (query.isEmpty ? "" : "?" + query),
                headerFields: headerFields
            ),
            route: AuthorizerRequest.Route(
                region: "us-east-1",
                accountId: "123456789012",
                apiId: "abc123",
                stage: "prod",
                resource: "/pets/{id}",
                pathPrefix: "/prod",
                pathParameters: [("id", "42")],
                stageVariables: [("v", "1")]
            ),
            peer: AuthorizerRequest.Peer(sourceIp: "203.0.113.7", secureTransport: true)
        )
    }

    static func authorizer(_ source: String, kind: LambdaAuthorizerConfiguration.Kind = .request) -> LambdaAuthorizer {
        LambdaAuthorizer(
            configuration: try! LambdaAuthorizerConfiguration(
                name: "shapes",
                kind: kind,
                identitySources: [try! IdentitySource(source)],
                resultTTLSeconds: 300
            ),
            function: ScriptedFunction { _ throws(FunctionFailure) in throw .raised("Unauthorized") }
        )
    }

    /// The identity value `prepare` read, `nil` for a decision (a 401).
    static func identity(_ authorizer: LambdaAuthorizer, _ request: AuthorizerRequest) -> String? {
        guard case .pending(let pending) = authorizer.prepare(request, now: 0) else { return nil }
        return pending.identityValues.first
    }

    static func object(_ json: JSONValue) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.serializedBytes))) as? [String: Any] ?? [:]
    }

    @Test(arguments: shapes)
    func shape(_ shape: Shape) throws {
        let request = Self.request(fields: shape.fields, query: shape.query)
        #expect(Self.identity(Self.authorizer(shape.source), request) == shape.identity)

        let configuration = try LambdaAuthorizerConfiguration(
            name: "shapes",
            kind: .request,
            identitySources: [try IdentitySource(shape.source)],
            resultTTLSeconds: 0
        )
        let event = Self.object(AuthorizerEvent.make(configuration, request: request, identityValues: []))
        let headers = event["headers"] as? [String: String] ?? [:]
        let multiHeaders = event["multiValueHeaders"] as? [String: [String]] ?? [:]
        #expect(headers[shape.header] == shape.single)
        #expect(multiHeaders[shape.header] == shape.multiple)
        #expect(headers["Host"] == "abc123.execute-api.us-east-1.amazonaws.com")
        let query = event["queryStringParameters"] as? [String: String]
        let multiQuery = event["multiValueQueryStringParameters"] as? [String: [String]]
        #expect(query?[shape.parameter] == shape.value)
        #expect(multiQuery?[shape.parameter] == shape.values)
        #expect(event["path"] as? String == "/pets/42")
        #expect(event["resource"] as? String == "/pets/{id}")
        #expect(event["methodArn"] as? String == "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42")
    }

    /// HTTP API payload 2.0: header names lowercased, repeats joined with `,`, cookies apart.
    @Test func version2Headers() throws {
        let request = Self.request(
            fields: [("X-Tenant", "a"), ("x-tenant", "b"), ("Cookie", "c=1"), ("Cookie", "d=2")],
            query: "q=1&q=2"
        )
        let configuration = try LambdaAuthorizerConfiguration(
            name: "v2",
            kind: .httpAPI(payloadVersion: "2.0", simpleResponses: false),
            identitySources: [try IdentitySource("$request.header.X-Tenant")],
            resultTTLSeconds: 0
        )
        let event = Self.object(AuthorizerEvent.make(configuration, request: request, identityValues: ["a,b"]))
        #expect((event["headers"] as? [String: String])?["x-tenant"] == "a,b")
        #expect(event["cookies"] as? [String] == ["c=1", "d=2"])
        #expect((event["queryStringParameters"] as? [String: String])?["q"] == "1,2")
        #expect(event["rawQueryString"] as? String == "q=1&q=2")
        #expect(event["rawPath"] as? String == "/pets/42")
        let context = event["requestContext"] as? [String: Any] ?? [:]
        #expect(context["domainName"] as? String == "abc123.execute-api.us-east-1.amazonaws.com")
        #expect((context["http"] as? [String: Any])?["sourceIp"] as? String == "203.0.113.7")
    }

    /// Every ASCII-case spelling of a header name finds the same field: the name is compared as
    /// `HTTPField.Name` does, not byte for byte.
    @Test(arguments: ["Authorization", "X-Api-Key"])
    func everyCaseSpellingOfTheNameMatches(_ name: String) {
        let letters = name.utf8.filter { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }.count
        let authorizer = Self.authorizer("method.request.header.\(name)")
        var spellings = 0
        for mask in 0..<(1 << letters) {
            var bit = 0
            let bytes = name.utf8.map { byte -> UInt8 in
                guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) else { return byte }
                defer { bit += 1 }
                return mask & (1 << bit) != 0 ? byte | 0x20 : byte & ~0x20
            }
            let spelled = String(decoding: bytes, as: UTF8.self)
            let request = Self.request(fields: [(spelled, "secret-\(mask)")], query: "")
            #expect(Self.identity(authorizer, request) == "secret-\(mask)", "\(spelled)")
            spellings += 1
        }
        #expect(spellings == 1 << letters)
    }

    /// Every ASCII byte, percent-encoded in either hex case, decodes to itself in an identity
    /// value; the raw query string keeps what was sent.
    @Test(arguments: [false, true])
    func everyASCIIEscapeDecodes(upper: Bool) {
        let authorizer = Self.authorizer("method.request.querystring.token")
        for byte in UInt8(0x20)..<0x80 {
            let escape = String(format: upper ? "%%%02X" : "%%%02x", byte)
            let request = Self.request(fields: [], query: "token=x\(escape)")
            #expect(request.rawQueryString == "token=x\(escape)")
            #expect(Self.identity(authorizer, request) == "x" + String(UnicodeScalar(byte)), "\(escape)")
        }
    }

    /// The host is in `:authority` (where swift-http-types puts an HTTP/1.1 `Host`): a `Host`
    /// identity source and the event read it there, and a `Host` field is used when there is
    /// no authority.
    @Test func hostComesFromTheAuthority() {
        let authorizer = Self.authorizer("method.request.header.host")
        #expect(
            Self.identity(authorizer, Self.request(fields: [], query: ""))
                == "abc123.execute-api.us-east-1.amazonaws.com"
        )
        let fieldOnly = Self.request(fields: [("Host", "example.com")], query: "", authority: nil)
        #expect(Self.identity(authorizer, fieldOnly) == "example.com")
        #expect(fieldOnly.host == "example.com")
        #expect(fieldOnly.headers.filter { $0.name.lowercased() == "host" }.count == 1)
    }

    /// The method ARN and the event's path are what follows the route's path prefix, which ends
    /// at a segment boundary.
    @Test(arguments: [
        ("/prod/pets/42", "/prod", "/pets/42"),
        ("/prod", "/prod", "/"),
        ("/prod/", "/prod", "/"),
        ("/production/x", "/prod", "/production/x"),
        ("/pets/42", "", "/pets/42"),
        ("/base/v1/pets?x=1", "/base/v1", "/pets"),
        ("/prod/caf%C3%A9/%2B", "/prod", "/caf%C3%A9/%2B"),
    ])
    func pathAfterThePrefix(_ target: String, _ prefix: String, _ path: String) {
        let request = AuthorizerRequest(
            HTTPRequest(method: .post, scheme: "https", authority: "h", path: target),
            route: AuthorizerRequest.Route(
                region: "eu-west-1",
                accountId: "123456789012",
                apiId: "abc123",
                stage: "prod",
                resource: "/{proxy+}",
                pathPrefix: prefix
            ),
            peer: AuthorizerRequest.Peer(sourceIp: "127.0.0.1")
        )
        #expect(request.path == path)
        #expect(request.methodArn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST" + path)
    }

    /// The query is decoded once per request, however many readers it has: the strict check,
    /// two query identity sources, the event's two maps — and copies of the request share it.
    @Test(arguments: [
        LambdaAuthorizerConfiguration.Kind.request,
        .httpAPI(payloadVersion: "1.0", simpleResponses: false),
        .httpAPI(payloadVersion: "2.0", simpleResponses: false),
    ])
    func queryIsDecodedOnce(kind: LambdaAuthorizerConfiguration.Kind) async throws {
        let function = ScriptedFunction { _ throws(FunctionFailure) in
            Array(#"{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[]}}"#.utf8)
        }
        let authorizer = LambdaAuthorizer(
            configuration: try LambdaAuthorizerConfiguration(
                name: "once",
                kind: kind,
                identitySources: [
                    try IdentitySource("method.request.querystring.a"),
                    try IdentitySource("method.request.querystring.b"),
                ],
                resultTTLSeconds: 300
            ),
            function: function
        )
        let request = Self.request(fields: [], query: "a=1&b=%32&a=3")
        let copy = request
        let evaluation = await authorizer.authorize(copy, now: 0)
        #expect(evaluation.identityValues == ["1,3", "2"])
        #expect(evaluation.event != nil)
        #expect(function.calls.load(ordering: .relaxed) == 1)
        #expect(try request.queryParameters.count == 3)
        #expect(request.query?.decodings.load(ordering: .relaxed) == 1)
    }
}
