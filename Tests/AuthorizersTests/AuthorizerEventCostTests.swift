import Authorizers
import Foundation
import GatehouseCore
import Testing

/// The event sent to a REQUEST or HTTP authorizer is built in time linear in the request's headers
/// and query parameters. Each name used to be looked up by a linear search over those already
/// seen (and HTTP 2.0 re-joined a repeated name's values for each one), so n query parameters
/// cost O(n²): 8,000 took 2.2 s through `authorizer test`, and a gateway passes a client's query
/// straight in. Repeated names keep their meaning: REST's single-value map holds the last value
/// and the multi-value map all of them; HTTP 2.0 joins them with commas, in order of first use.
@Suite("Authorizer event building cost")
struct AuthorizerEventCostTests {
    static let kinds: [String: LambdaAuthorizerConfiguration.Kind] = [
        "REQUEST": .request,
        "HTTP 1.0": .httpAPI(payloadVersion: "1.0", simpleResponses: false),
        "HTTP 2.0": .httpAPI(payloadVersion: "2.0", simpleResponses: true),
    ]

    static func configuration(_ kind: String) throws -> LambdaAuthorizerConfiguration {
        try LambdaAuthorizerConfiguration(
            name: "cost",
            kind: kinds[kind]!,
            identitySources: [
                try IdentitySource(
                    kind == "REQUEST" ? "method.request.querystring.token" : "$request.querystring.token"
                )
            ],
            resultTTLSeconds: 0
        )
    }

    static func request(query: String, headers: [(name: String, value: String)]) -> AuthorizerRequest {
        AuthorizerRequest.fixture(
            methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
            resource: "/pets",
            headers: headers,
            rawQueryString: query
        )
    }

    static func member(_ json: JSONValue, _ name: String) -> JSONValue? {
        json.member(name)?.value
    }

    @Test(
        "64,000 parameters or headers, distinct or one name repeated, build in bounded time",
        arguments: ["REQUEST", "HTTP 1.0", "HTTP 2.0"],
        ["distinct", "repeated"]
    )
    func linear(kind: String, shape: String) throws {
        let configuration = try Self.configuration(kind)
        for count in [1_000, 16_000, 64_000] {
            let query = (0..<count).map { shape == "distinct" ? "p\($0)=v" : "p=v\($0)" }.joined(separator: "&")
            let headers = (0..<count).map { (name: shape == "distinct" ? "X-H\($0)" : "X-H", value: "v\($0)") }
            let request = Self.request(query: query, headers: headers)
            let started = ContinuousClock.now
            let event = AuthorizerEvent.make(configuration, request: request, identityValues: ["t"])
            let elapsed = ContinuousClock.now - started
            // Healthy: about 0.2 s for 64,000 in a debug build; a search per name takes minutes.
            #expect(elapsed < .seconds(10), "\(kind) \(shape) \(count): \(elapsed)")
            guard elapsed < .seconds(10) else { return }
            let name = kind == "HTTP 2.0" ? "queryStringParameters" : "multiValueQueryStringParameters"
            guard case .object(let parameters)? = Self.member(event, name) else {
                Issue.record("\(kind): no \(name)")
                return
            }
            #expect(parameters.count == (shape == "distinct" ? count : 1))
        }
    }

    @Test("repeated names: last value and all values (REST), comma-joined in first-use order (HTTP 2.0)")
    func repeatedNames() throws {
        let request = Self.request(
            query: "b=1&a=2&b=3&c=4&a=5",
            headers: [("X-One", "1"), ("x-two", "2"), ("X-ONE", "3"), ("Cookie", "k=v; l=w")]
        )
        let rest = AuthorizerEvent.make(try Self.configuration("REQUEST"), request: request, identityValues: ["t"])
        #expect(
            Self.member(rest, "queryStringParameters")
                == .members([("b", .string("3")), ("a", .string("5")), ("c", .string("4"))])
        )
        #expect(
            Self.member(rest, "multiValueQueryStringParameters")
                == .members([
                    ("b", .elements([.string("1"), .string("3")])), ("a", .elements([.string("2"), .string("5")])),
                    ("c", .elements([.string("4")])),
                ])
        )
        #expect(
            Self.member(rest, "headers")
                == .members([("X-One", .string("3")), ("x-two", .string("2")), ("Cookie", .string("k=v; l=w"))])
        )
        #expect(
            Self.member(rest, "multiValueHeaders")
                == .members([
                    ("X-One", .elements([.string("1"), .string("3")])), ("x-two", .elements([.string("2")])),
                    ("Cookie", .elements([.string("k=v; l=w")])),
                ])
        )
        let http = AuthorizerEvent.make(try Self.configuration("HTTP 2.0"), request: request, identityValues: ["t"])
        #expect(
            Self.member(http, "queryStringParameters")
                == .members([("b", .string("1,3")), ("a", .string("2,5")), ("c", .string("4"))])
        )
        #expect(Self.member(http, "headers") == .members([("x-one", .string("1,3")), ("x-two", .string("2"))]))
        #expect(Self.member(http, "cookies") == .elements([.string("k=v"), .string("l=w")]))
    }
}
