public import IAMPolicy

/// What an authorizer sees of a request: the method ARN and the parts identity sources and
/// events are made from. Built by the gateway (or `gatehouse authorizer test`) per request.
public struct AuthorizerRequest: Sendable {
    /// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` with the concrete path.
    public var methodArn: String
    public var httpMethod: String
    /// The resource template (`/pets/{id}`).
    public var resource: String
    /// The request path (`/pets/42`), without the stage.
    public var path: String
    /// Headers in arrival order; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The raw query string, without `?`.
    public var rawQueryString: String
    public var pathParameters: [(String, String)]
    public var stageVariables: [(String, String)]
    public var stage: String
    public var apiId: String
    public var accountId: String
    public var sourceIp: String
    public var requestId: String
    /// For HTTP APIs: the route key (`GET /pets/{id}`, `$default`).
    public var routeKey: String
    /// Milliseconds since 1970 (events carry `requestTimeEpoch`/`timeEpoch`).
    public var timeEpochMilliseconds: Int64
    /// Whether the request came over TLS (`aws:SecureTransport`); `nil` when unknown.
    public var secureTransport: Bool?

    /// The condition context an authorizer's policy is judged with (reference/iam.md §5): source
    /// address, the time, the region and, when known, TLS. Without it a conditional Deny in the
    /// returned policy could never fire.
    public func policyContext(now: Double) -> RequestContext {
        // Built on every cache hit of a conditional policy: keys are written already lowercased.
        var context = RequestContext()
        context.reserveCapacity(6)
        context.appendNew(lowercasedKey: "aws:sourceip", .single(sourceIp))
        let seconds = Int64(now.isFinite ? min(max(now, 0), 1e12) : 0)
        context.appendNew(lowercasedKey: "aws:currenttime", .single(CivilTime(secondsSince1970: seconds).iso8601))
        context.appendNew(lowercasedKey: "aws:epochtime", .single(String(seconds)))
        if let region = ExecuteAPIARN.region(of: methodArn) {
            context.appendNew(lowercasedKey: "aws:requestedregion", .single(region))
        }
        if let secureTransport {
            context.appendNew(lowercasedKey: "aws:securetransport", .single(secureTransport ? "true" : "false"))
        }
        for header in headers where Self.equalIgnoringASCIICase(header.name, "User-Agent") {
            context.appendNew(lowercasedKey: "aws:useragent", .single(header.value))
            break
        }
        return context
    }

    public init(
        methodArn: String,
        httpMethod: String,
        resource: String,
        path: String,
        headers: [(name: String, value: String)] = [],
        rawQueryString: String = "",
        pathParameters: [(String, String)] = [],
        stageVariables: [(String, String)] = [],
        stage: String,
        apiId: String,
        accountId: String,
        sourceIp: String = "127.0.0.1",
        requestId: String = "",
        routeKey: String = "$default",
        timeEpochMilliseconds: Int64 = 0
    ) {
        self.methodArn = methodArn
        self.httpMethod = httpMethod
        self.resource = resource
        self.path = path
        self.headers = headers
        self.rawQueryString = rawQueryString
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.stage = stage
        self.apiId = apiId
        self.accountId = accountId
        self.sourceIp = sourceIp
        self.requestId = requestId
        self.routeKey = routeKey
        self.timeEpochMilliseconds = timeEpochMilliseconds
    }

    /// Every value of a header (case-insensitive name).
    public func headerValues(_ name: String) -> [String] {
        headers.filter { Self.equalIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    /// Header names are ASCII tokens: compare them without building lowercased copies, and
    /// without copying either string (both are read where they lie).
    static func equalIgnoringASCIICase(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        let compared = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b in equalIgnoringASCIICase(a, b) }
        }
        if let compared, let compared { return compared }
        return Array(lhs.utf8).withUnsafeBufferPointer { a in
            Array(rhs.utf8).withUnsafeBufferPointer { b in equalIgnoringASCIICase(a, b) }
        }
    }

    /// Equal bytes, or bytes that differ only in bit 5 where both are ASCII letters.
    private static func equalIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool
    {
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        for index in 0..<a.count {
            let difference = x[index] ^ y[index]
            if difference == 0 { continue }
            guard difference == 0x20, (x[index] | 0x20) &- UInt8(ascii: "a") < 26 else { return false }
        }
        return true
    }

    /// The query as (name, value) pairs, percent-decoded (`+` is a space, as API Gateway reads it).
    public var queryParameters: [(String, String)] {
        rawQueryString.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
