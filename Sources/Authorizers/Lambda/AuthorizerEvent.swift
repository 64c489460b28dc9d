public import GatehouseCore
import HTTPTypes

/// The events API Gateway sends to a Lambda authorizer, member for member (reference/gateway.md
/// §Lambda authorizer input): REST `TOKEN` and `REQUEST`, and HTTP API payload 1.0 and 2.0.
public enum AuthorizerEvent {
    /// The event for `configuration` and `request`, with the identity values already read.
    public static func make(
        _ configuration: LambdaAuthorizerConfiguration,
        request: AuthorizerRequest,
        identityValues: [String]
    ) -> JSONValue {
        switch configuration.kind {
        case .token:
            return .members([
                ("type", .string("TOKEN")), ("authorizationToken", .string(identityValues.first ?? "")),
                ("methodArn", .string(request.methodArn)),
            ])
        case .request:
            return .members(
                [("type", .string("REQUEST")), ("methodArn", .string(request.methodArn))] + restBody(request)
            )
        case .httpAPI(let version, _) where version == "1.0":
            let joined = identityValues.joined(separator: ",")
            return .members(
                [
                    ("version", .string("1.0")), ("type", .string("REQUEST")),
                    ("methodArn", .string(request.methodArn)),
                    ("identitySource", .string(joined)), ("authorizationToken", .string(joined)),
                ] + restBody(request)
            )
        case .httpAPI:
            return version2(request, identityValues: identityValues)
        }
    }

    /// The REST REQUEST event's body: the Lambda-proxy 1.0 event without `body`.
    static func restBody(_ request: AuthorizerRequest) -> [(String, JSONValue)] {
        // Repeated names are found through a dictionary of positions (one lookup per header or
        // parameter): a linear search per name made n query parameters cost O(n²).
        var single: [(String, JSONValue)] = []
        var multiple: [(String, [JSONValue])] = []
        var headerPositions: [String: Int] = [:]
        for (name, value) in request.headers {
            let lowered = name.lowercased()
            if let index = headerPositions[lowered] {
                single[index].1 = .string(value)
                multiple[index].1.append(.string(value))
            } else {
                headerPositions[lowered] = single.count
                single.append((name, .string(value)))
                multiple.append((name, [.string(value)]))
            }
        }
        var query: [(String, JSONValue)] = []
        var multiQuery: [(String, [JSONValue])] = []
        // Keyed by the name's bytes: a `String` key would merge canonically equivalent names
        // (`café` spelled precomposed and decomposed), which API Gateway keeps apart.
        var queryPositions: [[UInt8]: Int] = [:]
        // ``LambdaAuthorizer`` refused a query that does not decode strictly before any event;
        // the decoding is the one its check and the identity sources read.
        for (name, value) in (try? request.queryParameters) ?? [] {
            if let index = queryPositions[Array(name.utf8)] {
                query[index].1 = .string(value)
                multiQuery[index].1.append(.string(value))
            } else {
                queryPositions[Array(name.utf8)] = query.count
                query.append((name, .string(value)))
                multiQuery.append((name, [.string(value)]))
            }
        }
        func map(_ pairs: [(String, String)]) -> JSONValue {
            pairs.isEmpty ? .null : .members(pairs.map { ($0.0, .string($0.1)) })
        }
        return [
            ("resource", .string(request.resource)), ("path", .string(request.path)),
            ("httpMethod", .string(request.httpMethod)), ("headers", .members(single)),
            ("multiValueHeaders", .members(multiple.map { ($0.0, .elements($0.1)) })),
            ("queryStringParameters", query.isEmpty ? .null : .members(query)),
            (
                "multiValueQueryStringParameters",
                multiQuery.isEmpty ? .null : .members(multiQuery.map { ($0.0, .elements($0.1)) })
            ),
            ("pathParameters", map(request.pathParameters)), ("stageVariables", map(request.stageVariables)),
            (
                "requestContext",
                .members([
                    ("resourcePath", .string(request.resource)), ("httpMethod", .string(request.httpMethod)),
                    ("path", .string("/\(request.stage)\(request.path)")), ("accountId", .string(request.accountId)),
                    ("protocol", .string("HTTP/1.1")), ("stage", .string(request.stage)),
                    ("domainPrefix", .string(request.apiId)),
                    ("domainName", .string(domainName(request))), ("requestId", .string(request.requestId)),
                    ("apiId", .string(request.apiId)),
                    ("requestTime", .string(clfTime(request.time))),
                    ("requestTimeEpoch", .integer(request.time.millisecondsSince1970)),
                    (
                        "identity",
                        .members([
                            ("sourceIp", .string(request.sourceIp)),
                            ("userAgent", .optional(request.headerValues(.userAgent).first)),
                        ])
                    ),
                ])
            ),
        ]
    }

    static func version2(_ request: AuthorizerRequest, identityValues: [String]) -> JSONValue {
        // Values of a repeated name are collected, found through a dictionary of positions, and
        // joined with commas once: a search and a re-joined string per value cost O(n²).
        var headerValues: [(String, [String])] = []
        var headerPositions: [String: Int] = [:]
        var cookies: [JSONValue] = []
        for (name, value) in request.headers {
            let lowered = name.lowercased()
            if lowered == "cookie" {
                cookies += value.split(separator: ";").map { .string($0.trimmingSpaces()) }
                continue
            }
            if let index = headerPositions[lowered] {
                headerValues[index].1.append(value)
            } else {
                headerPositions[lowered] = headerValues.count
                headerValues.append((lowered, [value]))
            }
        }
        let headers: [(String, JSONValue)] = headerValues.map { ($0.0, .string($0.1.joined(separator: ","))) }
        var queryValues: [(String, [String])] = []
        var queryPositions: [[UInt8]: Int] = [:]  // by bytes, as in restBody
        for (name, value) in (try? request.queryParameters) ?? [] {
            if let index = queryPositions[Array(name.utf8)] {
                queryValues[index].1.append(value)
            } else {
                queryPositions[Array(name.utf8)] = queryValues.count
                queryValues.append((name, [value]))
            }
        }
        let query: [(String, JSONValue)] = queryValues.map { ($0.0, .string($0.1.joined(separator: ","))) }
        var members: [(String, JSONValue)] = [
            ("version", .string("2.0")), ("type", .string("REQUEST")), ("routeArn", .string(request.methodArn)),
            ("identitySource", .elements(identityValues.map(JSONValue.string))),
            ("routeKey", .string(request.routeKey)),
            ("rawPath", .string(request.path)), ("rawQueryString", .string(request.rawQueryString)),
        ]
        if !cookies.isEmpty { members.append(("cookies", .elements(cookies))) }
        members.append(("headers", .members(headers)))
        if !query.isEmpty { members.append(("queryStringParameters", .members(query))) }
        members.append(
            (
                "requestContext",
                .members([
                    ("accountId", .string(request.accountId)), ("apiId", .string(request.apiId)),
                    ("domainName", .string(domainName(request))), ("domainPrefix", .string(request.apiId)),
                    (
                        "http",
                        .members([
                            ("method", .string(request.httpMethod)), ("path", .string(request.path)),
                            ("protocol", .string("HTTP/1.1")), ("sourceIp", .string(request.sourceIp)),
                            ("userAgent", .string(request.headerValues(.userAgent).first ?? "")),
                        ])
                    ),
                    ("requestId", .string(request.requestId)), ("routeKey", .string(request.routeKey)),
                    ("stage", .string(request.stage)), ("time", .string(clfTime(request.time))),
                    ("timeEpoch", .integer(request.time.millisecondsSince1970)),
                ])
            )
        )
        if !request.pathParameters.isEmpty {
            members.append(("pathParameters", .members(request.pathParameters.map { ($0.0, .string($0.1)) })))
        }
        if !request.stageVariables.isEmpty {
            members.append(("stageVariables", .members(request.stageVariables.map { ($0.0, .string($0.1)) })))
        }
        return .members(members)
    }

    private static func domainName(_ request: AuthorizerRequest) -> String {
        request.host ?? "\(request.apiId).execute-api.localhost"
    }

    /// `12/Mar/2020:19:03:58 +0000`, the time format of `requestTime`.
    static func clfTime(_ timestamp: Timestamp) -> String {
        let time = CivilTime(timestamp)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(two(time.day))/\(names[time.month - 1])/\(time.year):\(two(time.hour)):\(two(time.minute)):\(two(time.second)) +0000"
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
