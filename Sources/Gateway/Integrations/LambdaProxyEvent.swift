import GatehouseCore
import GatehouseCrypto
import GatewayConfig
import HTTPTypes

/// The Lambda proxy events, key for key in the order reference/gateway.md records.
enum LambdaProxyEvent {
    /// Payload 1.0 (REST): `resource, path, httpMethod, headers, multiValueHeaders,
    /// queryStringParameters, multiValueQueryStringParameters, pathParameters, stageVariables,
    /// requestContext, body, isBase64Encoded`; empty parts `null`; query values form-decoded
    /// (`queryStringParameters` keeps the last of repeated keys); path and path parameters
    /// undecoded; headers with the client's casing (a REGIONAL endpoint's: no CloudFront headers).
    static func version1(
        exchange: Exchange,
        deploymentID: String,
        binaryMediaTypes: [String] = [],
        body: [UInt8],
        region: String,
        accountID: String
    ) -> JSONValue {
        var single: [(String, JSONValue)] = []
        var multi: [(String, [JSONValue])] = []
        for field in exchange.headers {
            let name = field.name.rawName
            if let index = single.firstIndex(where: { $0.0.lowercased() == name.lowercased() }) {
                single[index].1 = .string(field.value)
                multi[index].1.append(.string(field.value))
            } else {
                single.append((name, .string(field.value)))
                multi.append((name, [.string(field.value)]))
            }
        }
        let pairs = exchange.queryPairs
        var query: [(String, JSONValue)] = []
        var multiQuery: [(String, [JSONValue])] = []
        for (name, value) in pairs {
            if let index = query.firstIndex(where: { $0.0 == name }) {
                query[index].1 = .string(value)
                multiQuery[index].1.append(.string(value))
            } else {
                query.append((name, .string(value)))
                multiQuery.append((name, [.string(value)]))
            }
        }
        // A body whose Content-Type is one of the API's binary media types goes base64-encoded.
        let (text, isBase64) = bodyText(
            body,
            binary: !body.isEmpty && BinaryMediaTypes.matches(exchange.header("Content-Type"), binaryMediaTypes)
        )
        return .members([
            ("resource", .string(exchange.resourcePath ?? "/")),
            ("path", .string(collapsedLeadingPath(exchange.stagePath))),
            ("httpMethod", .string(exchange.method)),
            ("headers", single.isEmpty ? .null : .members(single)),
            ("multiValueHeaders", multi.isEmpty ? .null : .members(multi.map { ($0.0, JSONValue.elements($0.1)) })),
            ("queryStringParameters", query.isEmpty ? .null : .members(query)),
            (
                "multiValueQueryStringParameters",
                multiQuery.isEmpty ? .null : .members(multiQuery.map { ($0.0, JSONValue.elements($0.1)) })
            ),
            ("pathParameters", pathParameters(exchange)),
            ("stageVariables", stageVariables(exchange)),
            (
                "requestContext",
                requestContext1(exchange, deploymentID: deploymentID, region: region, accountID: accountID)
            ),
            ("body", body.isEmpty ? .null : .string(text)),
            ("isBase64Encoded", .bool(isBase64)),
        ])
    }

    static func requestContext1(
        _ exchange: Exchange,
        deploymentID: String,
        region: String,
        accountID: String
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [("resourceId", .string(resourceID(exchange.resourcePath ?? "/")))]
        if let grant = exchange.grant, grant.hasAuthorizer {
            var authorizer: [(String, JSONValue)] = []
            if let claims = grant.claims {
                authorizer.append(("claims", .members(claims.map { ($0.key, JSONValue.string($0.value.plainText)) })))
            } else {
                authorizer.append(("principalId", .optional(grant.principalID)))
                authorizer.append(("integrationLatency", .integer(grant.authorizerLatencyMilliseconds ?? 0)))
                for (key, value) in grant.context { authorizer.append((key, .string(value.plainText))) }
            }
            members.append(("authorizer", .members(authorizer)))
        }
        let stage = exchange.stageName ?? ""
        let apiID = exchange.apiID ?? ""
        members += [
            ("resourcePath", .string(exchange.resourcePath ?? "/")),
            ("httpMethod", .string(exchange.method)),
            ("extendedRequestId", .string(exchange.ids.extendedRequestID)),
            ("requestTime", .string(requestTime(exchange.receivedAt))),
            ("path", .string("/\(stage)\(exchange.stagePath)")),
            ("accountId", .string(accountID)),
            ("protocol", .string(exchange.protocolName)),
            ("stage", .string(stage)),
            ("domainPrefix", .string(apiID)),
            ("requestTimeEpoch", .integer(exchange.receivedAt.millisecondsSince1970)),
            ("requestId", .string(exchange.ids.requestID)),
            (
                "identity",
                .members([
                    ("cognitoIdentityPoolId", .null),
                    ("accountId", .optional(exchange.grant?.accountID)),
                    ("cognitoIdentityId", .null),
                    ("caller", .optional(exchange.grant?.caller)),
                    ("sourceIp", .string(exchange.sourceIP)),
                    ("principalOrgId", .null),
                    ("accessKey", .optional(exchange.grant?.accessKey)),
                    ("cognitoAuthenticationType", .null),
                    ("cognitoAuthenticationProvider", .null),
                    ("userArn", .optional(exchange.grant?.userARN)),
                    ("userAgent", .optional(exchange.header("User-Agent"))),
                    ("user", .optional(exchange.grant?.user)),
                ])
            ),
            ("domainName", .string("\(apiID).execute-api.\(region).amazonaws.com")),
            ("deploymentId", .string(deploymentID)),
            ("apiId", .string(apiID)),
        ]
        return .members(members)
    }

    /// Payload 2.0 (HTTP APIs): `version, routeKey, rawPath, rawQueryString, cookies, headers`
    /// (lower-case names, repeated values comma-joined), `queryStringParameters` (comma-joined),
    /// `requestContext, body, pathParameters, isBase64Encoded, stageVariables`; absent parts
    /// omitted.
    static func version2(
        exchange: Exchange,
        route: Route,
        body: [UInt8],
        region: String,
        accountID: String
    ) -> JSONValue {
        var headers: [(String, String)] = []
        var cookies: [JSONValue] = []
        for field in exchange.headers {
            let name = field.name.canonicalName
            if name == "cookie" {
                for cookie in field.value.split(separator: ";") {
                    cookies.append(.string(String(cookie.drop { $0 == " " })))
                }
                continue
            }
            if let index = headers.firstIndex(where: { $0.0 == name }) {
                headers[index].1 += "," + field.value
            } else {
                headers.append((name, field.value))
            }
        }
        var query: [(String, String)] = []
        for (name, value) in exchange.queryPairs {
            if let index = query.firstIndex(where: { $0.0 == name }) {
                query[index].1 += "," + value
            } else {
                query.append((name, value))
            }
        }
        let stage = exchange.stageName ?? Stage.defaultStageName
        let rawPath = stage == Stage.defaultStageName ? exchange.stagePath : "/\(stage)\(exchange.stagePath)"
        let apiID = exchange.apiID ?? ""
        var context: [(String, JSONValue)] = [("accountId", .string(accountID)), ("apiId", .string(apiID))]
        if let grant = exchange.grant, grant.hasAuthorizer || grant.userARN != nil {
            if let claims = grant.claims {
                context.append(
                    (
                        "authorizer",
                        .members([
                            (
                                "jwt",
                                .members([
                                    ("claims", .members(claims.map { ($0.key, $0.value) })),
                                    (
                                        "scopes",
                                        grant.scopes.map { JSONValue.elements($0.map(JSONValue.string)) }
                                            ?? JSONValue.null
                                    ),
                                ])
                            )
                        ])
                    )
                )
            } else if grant.userARN != nil {
                context.append(
                    (
                        "authorizer",
                        .members([
                            (
                                "iam",
                                .members([
                                    ("accessKey", .optional(grant.accessKey)),
                                    ("accountId", .optional(grant.accountID)),
                                    ("callerId", .optional(grant.caller)),
                                    ("principalOrgId", .null),
                                    ("userArn", .optional(grant.userARN)),
                                    ("userId", .optional(grant.user)),
                                ])
                            )
                        ])
                    )
                )
            } else {
                context.append(
                    ("authorizer", .members([("lambda", .members(grant.context.map { ($0.key, $0.value) }))]))
                )
            }
        }
        context += [
            ("domainName", .string("\(apiID).execute-api.\(region).amazonaws.com")),
            ("domainPrefix", .string(apiID)),
            (
                "http",
                .members([
                    ("method", .string(exchange.method)),
                    ("path", .string(rawPath)),
                    ("protocol", .string(exchange.protocolName)),
                    ("sourceIp", .string(exchange.sourceIP)),
                    ("userAgent", .string(exchange.header("User-Agent") ?? "")),
                ])
            ),
            ("requestId", .string(exchange.ids.requestID)),
            ("routeKey", .string(route.routeKey)),
            ("stage", .string(stage)),
            ("time", .string(requestTime(exchange.receivedAt))),
            ("timeEpoch", .integer(exchange.receivedAt.millisecondsSince1970)),
        ]
        var members: [(String, JSONValue)] = [
            ("version", .string("2.0")),
            ("routeKey", .string(route.routeKey)),
            ("rawPath", .string(rawPath)),
            ("rawQueryString", .string(String(exchange.query ?? ""))),
        ]
        if !cookies.isEmpty { members.append(("cookies", .elements(cookies))) }
        members.append(("headers", .members(headers.map { ($0.0, JSONValue.string($0.1)) })))
        if !query.isEmpty {
            members.append(("queryStringParameters", .members(query.map { ($0.0, JSONValue.string($0.1)) })))
        }
        members.append(("requestContext", .members(context)))
        let (text, isBase64) = bodyText(body)
        if !body.isEmpty { members.append(("body", .string(text))) }
        if !exchange.pathParameters.isEmpty { members.append(("pathParameters", pathParameters(exchange))) }
        members.append(("isBase64Encoded", .bool(isBase64)))
        if !exchange.stageVariables.isEmpty { members.append(("stageVariables", stageVariables(exchange))) }
        return .members(members)
    }

    static func pathParameters(_ exchange: Exchange) -> JSONValue {
        exchange.pathParameters.isEmpty
            ? .null : .members(exchange.pathParameters.map { ($0.name, JSONValue.string($0.value)) })
    }

    static func stageVariables(_ exchange: Exchange) -> JSONValue {
        exchange.stageVariables.isEmpty
            ? .null
            : .members(exchange.stageVariables.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
    }

    /// The body as text: base64 with `isBase64Encoded: true` when it is `binary` or not UTF-8,
    /// else UTF-8 as it is.
    static func bodyText(_ body: [UInt8], binary: Bool = false) -> (String, Bool) {
        if !binary, let text = String(validating: body, as: UTF8.self) { return (text, false) }
        return (Base64.encode(body), true)
    }

    /// Empty segments right after the stage are dropped from `path` (`/stage//x` → `/x`).
    static func collapsedLeadingPath(_ path: String) -> String {
        let trimmed = path.drop { $0 == "/" }
        return "/" + trimmed
    }

    /// A six-character resource id, stable for a resource path (AWS's are random per resource).
    static func resourceID(_ path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var out = ""
        for _ in 0..<6 {
            out.append(alphabet[Int(hash % 36)])
            hash /= 36
        }
        return out
    }

    /// `dd/MMM/yyyy:HH:mm:ss +0000`.
    static func requestTime(_ time: Timestamp) -> String {
        let civil = CivilTime(time)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return
            "\(two(civil.day))/\(months[civil.month - 1])/\(civil.year):\(two(civil.hour)):\(two(civil.minute)):\(two(civil.second)) +0000"
    }
}
