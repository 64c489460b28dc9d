public import GatehouseCore
public import HTTPTypes
public import IAMPolicy

/// What an authorizer sees of a request: swift-http-types' `HTTPRequest` as the listener received
/// it, the route the gateway matched it to and the peer it came from — the same request value the
/// gateway hands to SigV4 (`SigV4Request(_:)`), so neither re-parses what the other read.
///
/// Everything else is derived once, when the request is made: the method ARN, the stage-relative
/// path and the raw query string. The query is decoded at most once, on first use, and every
/// reader — the strict validity check, query identity sources, the event's
/// `queryStringParameters` — shares that decoding.
///
/// ```swift
/// let http = HTTPRequest(method: .get, scheme: "https", authority: "abc123.execute-api.us-east-1.amazonaws.com",
///                        path: "/prod/pets/42?expand=1", headerFields: [.authorization: "Bearer …"])
/// let route = AuthorizerRequest.Route(region: "us-east-1", accountId: "123456789012", apiId: "abc123",
///                                     stage: "prod", resource: "/pets/{id}", pathPrefix: "/prod",
///                                     pathParameters: [("id", "42")])
/// let request = AuthorizerRequest(http, route: route, peer: .init(sourceIp: "203.0.113.7", secureTransport: true))
/// ```
public struct AuthorizerRequest: Sendable {
    /// Where the gateway routed the request: the API, stage and resource it matched, with what
    /// the stage contributes. The region and account make the method ARN.
    public struct Route: Sendable {
        public var partition: String
        public var region: String
        public var accountId: String
        public var apiId: String
        public var stage: String
        /// The resource template (`/pets/{id}`).
        public var resource: String
        /// The part of the request path before the API's resources: `/prod` when the stage is in
        /// the path (an execute-api host name), a custom domain's base path, or empty. The
        /// event's `path` and the method ARN use what follows it.
        public var pathPrefix: String
        /// The resource template's variables, undecoded, as API Gateway passes them.
        public var pathParameters: [(String, String)]
        public var stageVariables: [(String, String)]
        /// For HTTP APIs: the route key (`GET /pets/{id}`, `$default`).
        public var routeKey: String
        /// The path the method ARN names, when the gateway worked it out from the resource it
        /// matched (GatewayConfig's `ResourcePath.methodPath(for:)`): a lenient router serves
        /// `/admin/` and `/%61dmin` as `/admin`, and the ARN must say so. `nil`: the request's
        /// path after ``pathPrefix``.
        public var methodPath: String?

        public init(
            partition: String = "aws",
            region: String,
            accountId: String,
            apiId: String,
            stage: String,
            resource: String,
            pathPrefix: String = "",
            pathParameters: [(String, String)] = [],
            stageVariables: [(String, String)] = [],
            routeKey: String = "$default",
            methodPath: String? = nil
        ) {
            self.methodPath = methodPath
            self.partition = partition
            self.region = region
            self.accountId = accountId
            self.apiId = apiId
            self.stage = stage
            self.resource = resource
            self.pathPrefix = pathPrefix
            self.pathParameters = pathParameters
            self.stageVariables = stageVariables
            self.routeKey = routeKey
        }
    }

    /// The other end of the connection.
    public struct Peer: Sendable {
        /// The caller's address (`identity.sourceIp`, `aws:SourceIp`).
        public var sourceIp: String
        /// Whether the request came over TLS (`aws:SecureTransport`); `nil` when unknown.
        public var secureTransport: Bool?

        public init(sourceIp: String, secureTransport: Bool? = nil) {
            self.sourceIp = sourceIp
            self.secureTransport = secureTransport
        }
    }

    /// The request as received. Header names compare case-insensitively by construction
    /// (`HTTPField.Name`); the host is in `:authority` (an HTTP/1.1 `Host` field is moved there).
    public let http: HTTPRequest
    public let route: Route
    public var peer: Peer
    public var requestId: String
    /// When the gateway received the request (wall time): events carry it as `requestTime` and
    /// `requestTimeEpoch` (REST) or `time` and `timeEpoch` (HTTP APIs), in milliseconds.
    public var time: Timestamp

    /// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` with the concrete path.
    public let methodArn: String
    /// The request path after ``Route/pathPrefix`` (`/pets/42`), undecoded, without the query.
    public let path: String
    /// The raw query string, without `?`.
    public let rawQueryString: String
    /// The query's one decoding, shared by the copies of this request; `nil` without a query.
    let query: QueryMemo?

    public init(
        _ http: HTTPRequest,
        route: Route,
        peer: Peer,
        requestId: String = "",
        time: Timestamp = Timestamp(secondsSince1970: Int64(0))
    ) {
        self.http = http
        self.route = route
        self.peer = peer
        self.requestId = requestId
        self.time = time
        let target = http.path ?? "/"
        let pathPart: Substring
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            pathPart = target[..<mark]
            rawQueryString = String(target[target.utf8.index(after: mark)...])
        } else {
            pathPart = target[...]
            rawQueryString = ""
        }
        // The prefix ends at a segment boundary: `/prod` is not the start of `/production`.
        var relative = pathPart
        let prefix = route.pathPrefix.utf8
        if !prefix.isEmpty, relative.utf8.starts(with: prefix) {
            let end = relative.utf8.index(relative.startIndex, offsetBy: prefix.count)
            if end == relative.endIndex || relative.utf8[end] == UInt8(ascii: "/") || prefix.last == UInt8(ascii: "/") {
                relative = relative[end...]
                // Empty segments right after the prefix are dropped, as API Gateway drops them
                // (`/prod//admin` is `/admin`, reference/gateway.md): the method ARN must name
                // the resource the request reaches, or a Deny on `GET/admin*` would miss it.
                while relative.utf8.starts(with: "//".utf8) { relative = relative.dropFirst() }
            }
        }
        path = relative.first == "/" ? String(relative) : "/" + relative
        methodArn =
            ExecuteAPIARN(
                partition: route.partition,
                region: route.region,
                account: route.accountId,
                apiId: route.apiId,
                stage: route.stage,
                method: http.method.rawValue,
                path: route.methodPath ?? path
            ).description
        query = rawQueryString.isEmpty ? nil : QueryMemo(rawQueryString)
    }

    public var httpMethod: String { http.method.rawValue }
    public var resource: String { route.resource }
    public var stage: String { route.stage }
    public var apiId: String { route.apiId }
    public var accountId: String { route.accountId }
    public var routeKey: String { route.routeKey }
    public var pathParameters: [(String, String)] { route.pathParameters }
    public var stageVariables: [(String, String)] { route.stageVariables }
    public var sourceIp: String {
        get { peer.sourceIp }
        set { peer.sourceIp = newValue }
    }

    /// `Host`: swift-http-types offers no constant (it moves the field to `:authority`), but a
    /// request built by hand may still carry one.
    static let hostField = HTTPField.Name("Host")!

    /// The host the request was sent to: `:authority`, or a `Host` field when there is none.
    public var host: String? { http.authority ?? http.headerFields[Self.hostField] }

    /// Every value of a header, in arrival order (`Host` from `:authority` too).
    public func headerValues(_ name: HTTPField.Name) -> [String] {
        let values = http.headerFields[values: name]
        if values.isEmpty, name == Self.hostField, let authority = http.authority { return [authority] }
        return values
    }

    /// A header's value as an identity source reads it: several fields joined with `,` (cookies
    /// with `; `, as they were split), `nil` when there is none. One field builds no list.
    func headerValue(_ name: HTTPField.Name) -> String? {
        var first: String? = nil
        var joined: String? = nil
        for field in http.headerFields where field.name == name {
            if first == nil {
                first = field.value
            } else {
                if joined == nil { joined = first }
                joined! += (name == .cookie ? "; " : ",") + field.value
            }
        }
        if first == nil, name == Self.hostField { return http.authority }
        return joined ?? first
    }

    /// The headers as API Gateway passes them to a function, in arrival order with the client's
    /// name casing: `Host` first when only `:authority` holds it, and the cookies — which
    /// swift-http-types keeps one per field — as the one `Cookie` header a client sends.
    public var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(http.headerFields.count + 1)
        if let authority = http.authority, !http.headerFields.contains(Self.hostField) {
            headers.append(("Host", authority))
        }
        var cookie: Int? = nil
        for field in http.headerFields {
            if field.name == .cookie {
                if let cookie {
                    headers[cookie].value += "; " + field.value
                    continue
                }
                cookie = headers.count
            }
            headers.append((field.name.rawName, field.value))
        }
        return headers
    }

    /// The condition context an authorizer's policy is judged with (reference/iam.md §5): source
    /// address, the time, the region and, when known, TLS. Without it a conditional Deny in the
    /// returned policy could never fire. `now` is the wall time of the judgement, clamped to
    /// 1970…33658 (`aws:EpochTime` 0…10^12), whole seconds.
    public func policyContext(now: Timestamp) -> RequestContext {
        // Built on every cache hit of a conditional policy: keys are written already lowercased.
        var context = RequestContext()
        context.reserveCapacity(6)
        context.appendNew(lowercasedKey: "aws:sourceip", .single(peer.sourceIp))
        let seconds = min(max(now.secondsSince1970, 0), 1_000_000_000_000)
        context.appendNew(lowercasedKey: "aws:currenttime", .single(Timestamp(secondsSince1970: seconds).iso8601))
        context.appendNew(lowercasedKey: "aws:epochtime", .single(String(seconds)))
        context.appendNew(lowercasedKey: "aws:requestedregion", .single(route.region))
        if let secureTransport = peer.secureTransport {
            context.appendNew(lowercasedKey: "aws:securetransport", .single(secureTransport ? "true" : "false"))
        }
        if let userAgent = http.headerFields.first(where: { $0.name == .userAgent })?.value {
            context.appendNew(lowercasedKey: "aws:useragent", .single(userAgent))
        }
        return context
    }

    /// The query as (name, value) pairs, decoded strictly (``decodeQueryComponent(_:)``): `+` is a
    /// space, as API Gateway reads it, and `%` must start an escape of exactly two hex digits
    /// whose bytes, decoded, are UTF-8. Anything else throws: a lossy decoding would give two
    /// different tokens one value — one cached authorizer result for both. Decoded on first use,
    /// once per request.
    public var queryParameters: [(String, String)] {
        get throws(QueryStringError) {
            guard let query else { return [] }
            return try query.parameters.get()
        }
    }

    /// The first problem in the query string, `nil` when every component decodes strictly.
    public var queryStringError: QueryStringError? {
        guard let query, case .failure(let error) = query.parameters else { return nil }
        return error
    }
}
