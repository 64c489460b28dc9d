import GatehouseCrypto
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

    /// The query as (name, value) pairs, decoded strictly (``decodeQueryComponent(_:)``): `+` is a
    /// space, as API Gateway reads it, and `%` must start an escape of exactly two hex digits
    /// whose bytes, decoded, are UTF-8. Anything else throws: a lossy decoding would give two
    /// different tokens one value — one cached authorizer result for both.
    public var queryParameters: [(String, String)] {
        get throws(QueryStringError) {
            var pairs: [(String, String)] = []
            var index = 0
            for pair in rawQueryString.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name: String
                switch Self.decodeQueryComponent(parts[0]) {
                case .success(let decoded): name = decoded
                case .failure(let problem): throw QueryStringError(parameter: index, name: nil, problem: problem)
                }
                var value = ""
                if parts.count > 1 {
                    switch Self.decodeQueryComponent(parts[1]) {
                    case .success(let decoded): value = decoded
                    case .failure(let problem): throw QueryStringError(parameter: index, name: name, problem: problem)
                    }
                }
                pairs.append((name, value))
                index += 1
            }
            return pairs
        }
    }

    /// The first problem in the query string, `nil` when every component decodes strictly.
    public var queryStringError: QueryStringError? {
        do {
            _ = try queryParameters
            return nil
        } catch {
            return error
        }
    }

    /// One name or value of a query string, decoded strictly: `+` is a space; `%` must be followed
    /// by exactly two hex digits (either case) — `%`, `%4`, `%G1`, `%+4`, `%-0` and `% 1` are
    /// refused, never read as an escape or kept as text; the decoded bytes must be UTF-8 (`%FF`
    /// is refused, never turned into U+FFFD, which `%FE` would also become). So two components
    /// decode to the same value only when they spell the same bytes.
    public static func decodeQueryComponent(_ text: Substring) -> Result<String, QueryComponentProblem> {
        let utf8 = text.utf8
        // The usual component has nothing to decode: no copy, no check (a Swift string is UTF-8).
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return .success(String(text))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var position = utf8.startIndex
        var offset = 0
        while position != utf8.endIndex {
            let byte = utf8[position]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: position)
                let second = first == utf8.endIndex ? first : utf8.index(after: first)
                guard first != utf8.endIndex, second != utf8.endIndex,
                    let high = Hex.value(of: utf8[first]), let low = Hex.value(of: utf8[second])
                else {
                    let end = second == utf8.endIndex ? second : utf8.index(after: second)
                    return .failure(
                        .invalidEscape(offset: offset, text: String(decoding: utf8[position..<end], as: UTF8.self))
                    )
                }
                bytes.append(high << 4 | low)
                position = utf8.index(after: second)
                offset += 3
                continue
            }
            bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte)
            position = utf8.index(after: position)
            offset += 1
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            return .failure(.notUTF8(byteOffset: firstInvalidUTF8(bytes)))
        }
        return .success(decoded)
    }

    /// Where `bytes` stop being UTF-8: the offset of the sequence that is not a whole scalar.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let length: Int
            switch bytes[offset] {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= bytes.count,
                String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }
}

/// What is wrong with one query-string component.
public enum QueryComponentProblem: Error, Sendable, Hashable {
    /// A `%` not followed by two hex digits (`text`: the `%` and up to two bytes after it).
    case invalidEscape(offset: Int, text: String)
    /// The decoded bytes are not UTF-8 from `byteOffset` (of the decoded bytes) on.
    case notUTF8(byteOffset: Int)
}

/// A query string that does not decode strictly (``AuthorizerRequest/queryParameters``). Its
/// text never holds a value — values are tokens — only the parameter's position, its name (when
/// the value was the problem) and the escape at fault.
public struct QueryStringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pair's position in the query string, from 0.
    public let parameter: Int
    /// The decoded name when the value was at fault; `nil` when the name itself was.
    public let name: String?
    public let problem: QueryComponentProblem

    public var description: String {
        let part =
            name.map { "the value of query parameter `\(JWTVerifier.printable($0))`" }
            ?? "the name of query parameter \(parameter + 1)"
        switch problem {
        case .invalidEscape(let offset, let text):
            return
                "\(part) has `\(JWTVerifier.printable(text))` at byte \(offset), which is not a percent-escape (`%` and two hex digits)"
        case .notUTF8(let offset):
            return "\(part) does not decode to UTF-8 (decoded byte \(offset))"
        }
    }
}
