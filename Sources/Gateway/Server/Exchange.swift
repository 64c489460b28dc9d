import GatehouseCore
import GatewayConfig
import HTTPTypes

/// What the gateway knows about one request as it moves through the pipeline: filled in as the
/// request is resolved, routed and authorized, and read by integrations, gateway responses and
/// the access log. A value owned by the request's task.
struct Exchange: Sendable {
    let ids: RequestIdentifiers
    let method: String
    let target: String
    let headers: HTTPFields
    let sourceIP: String
    let receivedAt: Timestamp
    let protocolName: String
    /// Whether it came over TLS (`aws:SecureTransport`).
    let isSecure: Bool

    var apiID: String?
    var stageName: String?
    /// The path within the stage, undecoded, with no query.
    var stagePath: String = "/"
    /// The wire path before the stage path (`/restapis/{id}/{stage}/_user_request_`, `/{stage}`,
    /// a custom domain's base path): the access layer's method ARN starts after it.
    var pathPrefix: String = ""
    var query: Substring?
    var resourcePath: String?
    /// The path the method ARN names, from the matched resource (`ResourcePath.methodPath(for:)`).
    var methodPath: String?
    var routeKey: String?
    var pathParameters: [(name: String, value: String)] = []
    var stageVariables: [String: String] = [:]
    /// `X-Amzn-Trace-Id` as passed on (``TraceHeader``); also in ``headers``.
    var traceID = ""
    /// Whether a response from the integration carries ``traceID`` back (HTTP and AWS_PROXY
    /// integrations do, MOCK does not).
    var tracesResponse = false
    /// Whether the stage's canary serves this request (`$context.isCanaryRequest`).
    var isCanaryRequest = false
    var grant: AccessGrant?
    var denialReason: String?
    var integrationLatency: Duration?

    /// The first value of the header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return headers[field]
    }

    /// The query's pairs, form-decoded, in order.
    var queryPairs: [(name: String, value: String)] { RequestTarget.queryPairs(query) }

    /// The value of a mapping source as API Gateway's `requestParameters` and
    /// `responseParameters` write them: `'static'`, `method.request.{path,querystring,header}.X`,
    /// `stageVariables.X`, `context.X` (requestId, extendedRequestId, stage, apiId,
    /// resourcePath, httpMethod, identity.sourceIp, authorizer.principalId, authorizer.KEY).
    /// `nil` when the source names nothing present.
    func parameterValue(_ source: String) -> String? {
        if source.count >= 2, source.hasPrefix("'"), source.hasSuffix("'") {
            return String(source.dropFirst().dropLast())
        }
        if let name = source.dropPrefix("method.request.path.") {
            return pathParameters.first { $0.name == name }?.value
        }
        if let name = source.dropPrefix("method.request.querystring.") {
            return queryPairs.last { $0.name == name }?.value
        }
        if let name = source.dropPrefix("method.request.multivaluequerystring.") {
            let values = queryPairs.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        }
        if let name = source.dropPrefix("method.request.header.") { return header(name) }
        if let name = source.dropPrefix("stageVariables.") { return stageVariables[name] }
        if let name = source.dropPrefix("context.") { return contextValue(name) }
        return nil
    }

    /// `$context.NAME` for the names the gateway fills.
    func contextValue(_ name: String) -> String? {
        switch name {
        case "requestId": return ids.requestID
        case "extendedRequestId": return ids.extendedRequestID
        case "stage": return stageName
        case "isCanaryRequest": return stageName == nil ? nil : String(isCanaryRequest)
        case "apiId": return apiID
        case "resourcePath": return resourcePath
        case "httpMethod": return method
        case "path": return stageName.map { "/\($0)\(stagePath)" }
        case "identity.sourceIp": return sourceIP
        case "identity.userAgent": return header("User-Agent")
        case "identity.caller": return grant?.caller
        case "identity.user": return grant?.user
        case "identity.userArn": return grant?.userARN
        case "identity.accountId": return grant?.accountID
        case "authorizer.principalId": return grant?.principalID
        default:
            // A JWT authorizer's claims (`context.authorizer.claims.sub`), before the context
            // keys: REST's `jwtBearer` and HTTP APIs' JWT authorizers name them this way.
            if let key = name.dropPrefix("authorizer.claims."),
                let value = grant?.claims?.first(where: { $0.key == key })
            {
                return value.value.plainText
            }
            if let key = name.dropPrefix("authorizer."), let value = grant?.context.first(where: { $0.key == key }) {
                return value.value.plainText
            }
            return nil
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, or `nil` when it does not start with it.
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

extension JSONValue {
    /// A scalar as the text API Gateway passes to a backend (strings bare, numbers and booleans
    /// as written); objects and arrays as compact JSON.
    var plainText: String {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .object, .array: return JSONWriter.text(self)
        }
    }
}
