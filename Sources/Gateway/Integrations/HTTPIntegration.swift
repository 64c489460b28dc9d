import AsyncHTTPClient
import GatehouseCore
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// HTTP_PROXY and HTTP (passthrough) over one pooled AsyncHTTPClient.
///
/// - **URL**: the integration `uri` with `${stageVariables.x}` and each `{name}` replaced — by
///   the `integration.request.path.name` mapping, else the method's path parameter of that name.
///   HTTP_PROXY appends the client's query string; both add mapped
///   `integration.request.querystring.*` values.
/// - **Headers**: HTTP_PROXY passes the client's headers except hop-by-hop ones and `Host`;
///   HTTP passes `Content-Type` only. Mapped `integration.request.header.*` values are set,
///   `X-Forwarded-For` gets the client's address appended, `X-Forwarded-Proto` is set.
/// - **Bodies stream** both ways: the request body is passed on as it arrives (counted: past the
///   payload limit the exchange fails with 413), the response body is handed to the client as
///   the backend sends it.
/// - **Failures**: the integration timeout (29 s by default) → 504; a refused or failed
///   connection → 500, each with AWS's body (``GatewayFailures``).
struct HTTPIntegration: Sendable {
    let client: HTTPClient

    /// Headers that describe one connection, never forwarded (RFC 9110 §7.6.1), plus `Host` and
    /// the length headers the client library sets itself.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length",
    ]

    func forward(
        _ integration: Integration,
        request: Request,
        body collected: [UInt8]?,
        exchange: inout Exchange,
        maxPayloadBytes: Int
    ) async -> GatewayResponder.Reply {
        let isProxy = integration.type == .httpProxy
        guard let uri = integration.uri,
            let url = Self.targetURL(uri, integration: integration, exchange: exchange, proxy: isProxy)
        else {
            return .denial(GatewayFailures.integrationUnreachable(reason: "the integration has no usable uri"))
        }
        var outbound = HTTPClientRequest(url: url)
        let verb = integration.httpMethod.map { $0.uppercased() }
        outbound.method = HTTPMethod(rawValue: verb == nil || verb == "ANY" ? exchange.method : verb!)
        outbound.headers = Self.requestHeaders(
            request.headers,
            integration: integration,
            exchange: exchange,
            proxy: isProxy
        )
        let length = request.headers[.contentLength].flatMap { Int64($0) }
        var pump: RequestBodyPump?
        if let collected {
            if !collected.isEmpty { outbound.body = .bytes(ByteBuffer(bytes: collected)) }
        } else if length == nil, exchange.protocolName == "HTTP/2.0" {
            // HTTP/2 frames a body without Content-Length (DATA frames until END_STREAM): read it,
            // bounded, and send what came with its length (an attacker's pass saw such bodies
            // dropped, the backend given `Content-Length: 0`).
            do {
                let buffer = try await request.body.collect(upTo: maxPayloadBytes)
                if buffer.readableBytes > 0 { outbound.body = .bytes(buffer) }
            } catch {
                return .denial(.requestTooLarge(reason: "body over \(maxPayloadBytes) bytes"))
            }
        } else if length != 0 && (length != nil || request.headers[.transferEncoding] != nil) {
            let started = RequestBodyPump(request.body, limit: maxPayloadBytes)
            outbound.body = .stream(started.stream, length: length.map { .known($0) } ?? .unknown)
            pump = started
        }
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        let timeout = Duration.milliseconds(Int64(integration.timeoutInMillis))
        let client = self.client
        let prepared = outbound
        do {
            // Until the response head: the body then streams to the client as it reads it.
            response = try await Deadline.race(timeout) {
                try await client.execute(prepared, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
            }
        } catch {
            exchange.integrationLatency = ContinuousClock.now - started
            await pump?.stop()
            return .denial(Self.failure(error, url: url))
        }
        exchange.integrationLatency = ContinuousClock.now - started

        var headers = HTTPFields()
        var status = Int(response.status.code)
        if isProxy {
            for (name, value) in response.headers where !Self.hopByHop.contains(name.lowercased()) {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
        } else {
            if let type = response.headers.first(name: "content-type") { headers[.contentType] = type }
            if let selected = Self.selectResponse(integration.responses, status: status) {
                status = Int(selected.statusCode) ?? status
                for (name, source) in selected.responseParameters.sorted(by: { $0.key < $1.key }) {
                    guard let headerName = name.dropPrefix("method.response.header."),
                        let field = HTTPField.Name(headerName)
                    else { continue }
                    if let backend = source.dropPrefix("integration.response.header.") {
                        if let value = response.headers.first(name: backend) { headers[field] = value }
                    } else if let value = exchange.parameterValue(source) {
                        headers[field] = value
                    }
                }
            }
        }
        if let length = response.headers.first(name: "content-length") { headers[.contentLength] = length }
        let body: ResponseBody
        if let pump {
            // The request body may still be going up while the answer comes down (an echo);
            // the pump is stopped — and waited for — before the responder returns.
            let source = response.body
            body = ResponseBody { writer in
                do {
                    for try await buffer in source { try await writer.write(buffer) }
                    try await writer.finish(nil)
                } catch {
                    await pump.stop()
                    throw error
                }
                await pump.stop()
            }
        } else {
            body = ResponseBody(asyncSequence: response.body)
        }
        return .response(Response(status: HTTPResponse.Status(code: status), headers: headers, body: body))
    }

    /// The integration response for a backend status: the first whose `selectionPattern`
    /// matches the status text, else the default (no pattern).
    static func selectResponse(_ responses: [Integration.Response], status: Int) -> Integration.Response? {
        let text = String(status)
        return responses.first { response in
            guard let pattern = response.selectionPattern, !pattern.isEmpty, let regex = try? Regex(pattern) else {
                return false
            }
            return (try? regex.wholeMatch(in: text)) != nil
        } ?? responses.first { ($0.selectionPattern ?? "").isEmpty }
    }

    static func targetURL(_ uri: String, integration: Integration, exchange: Exchange, proxy: Bool) -> String? {
        let template = StageVariables.substitute(uri, exchange.stageVariables)
        // `{name}` placeholders, replaced left to right; inserted values are never scanned again.
        var url = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            url += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            let mapped = integration.requestParameters["integration.request.path.\(name)"]
            // A path parameter (`{name}`, or mapped from `method.request.path.*`) is inserted as
            // the client wrote it (still percent-encoded, its bytes checked before routing);
            // any other mapped value (a header, a claim, a context key, a literal) is text,
            // encoded here so that no `/`, `?` or `#` in it can reshape the URL.
            if let source = mapped, let value = exchange.parameterValue(source) {
                url += source.hasPrefix("method.request.path.") ? value : percentEncode(value)
            } else {
                url += exchange.pathParameters.first { $0.name == name || $0.name + "+" == name }?.value ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        url += rest
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        var mapped: [(key: String, value: String?)] = []
        for (name, source) in integration.requestParameters.sorted(by: { $0.key < $1.key }) {
            guard let key = name.dropPrefix("integration.request.querystring.") else { continue }
            mapped.append((key, exchange.parameterValue(source)))
        }
        var query: [String] = []
        if proxy, let client = exchange.query, !client.isEmpty {
            // A mapped parameter is the gateway's word, as a mapped header is: the client's
            // parameters of that name are dropped, not sent ahead of it (a first-wins backend read
            // the client's value in an attacker's pass).
            let names = Set(mapped.map(\.key))
            for pair in client.split(separator: "&", omittingEmptySubsequences: true) {
                let rawName = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if names.isEmpty || !names.contains(RequestTarget.formDecode(rawName)) { query.append(String(pair)) }
            }
        }
        for (key, value) in mapped {
            guard let value else { continue }
            query.append(percentEncode(key) + "=" + percentEncode(value))
        }
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query.joined(separator: "&") }
        return url
    }

    static func requestHeaders(
        _ incoming: HTTPFields,
        integration: Integration,
        exchange: Exchange,
        proxy: Bool
    ) -> HTTPHeaders {
        var headers = HTTPHeaders()
        let connectionNamed = Set(
            incoming[values: .connection].flatMap { $0.split(separator: ",") }.map {
                String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()).lowercased()
            }
        )
        var forwardedFor: String?
        for field in incoming {
            let lower = field.name.canonicalName
            if lower == "x-forwarded-for" {
                forwardedFor = forwardedFor.map { $0 + ", " + field.value } ?? field.value
                continue
            }
            guard proxy || lower == "content-type" else { continue }
            guard !hopByHop.contains(lower), !connectionNamed.contains(lower) else { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        for (name, source) in integration.requestParameters.sorted(by: { $0.key < $1.key }) {
            guard let header = name.dropPrefix("integration.request.header.") else { continue }
            // A mapped header is the gateway's word, never the client's: with no value for its
            // source (no such claim or context key, an absent parameter), the client's header of
            // that name is dropped, not forwarded (an attacker's pass sent `X-User: admin` past a
            // mapping from a claim the gateway could not resolve).
            guard let value = exchange.parameterValue(source) else {
                headers.remove(name: header)
                continue
            }
            headers.replaceOrAdd(name: header, value: value)
        }
        headers.replaceOrAdd(
            name: "X-Forwarded-For",
            value: forwardedFor.map { $0 + ", " + exchange.sourceIP } ?? exchange.sourceIP
        )
        headers.replaceOrAdd(name: "X-Forwarded-Proto", value: exchange.isSecure ? "https" : "http")
        headers.replaceOrAdd(name: TraceHeader.name, value: exchange.traceID)
        return headers
    }

    static func failure(_ error: any Error, url: String) -> AccessDenial {
        if let limited = error as? LimitedBody.TooLarge {
            return .requestTooLarge(reason: "body over \(limited.limit) bytes")
        }
        if error is Deadline.Passed {
            return GatewayFailures.integrationTimeout(reason: "\(url): no answer within the integration timeout")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout:
                return GatewayFailures.integrationTimeout(reason: "\(url): no answer within the integration timeout")
            case .connectTimeout:
                return GatewayFailures.integrationUnreachable(reason: "\(url): connect timed out")
            case .remoteConnectionClosed:
                return GatewayFailures.integrationNetworkError(reason: "\(url): the backend closed the connection")
            default:
                return GatewayFailures.integrationNetworkError(reason: "\(url): \(client)")
            }
        }
        if error is CancellationError {
            return GatewayFailures.integrationTimeout(reason: "\(url): cancelled")
        }
        let text = String(describing: error)
        if text.lowercased().contains("refused") || text.contains("connect") {
            return GatewayFailures.integrationUnreachable(reason: "\(url): \(text)")
        }
        return GatewayFailures.integrationNetworkError(reason: "\(url): \(text)")
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// RFC 3986 unreserved characters kept, everything else `%XX`.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

/// A request body passed on as it arrives, failing once more than `limit` bytes have come.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    struct TooLarge: Error { let limit: Int }

    let base: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw TooLarge(limit: limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}

/// `${stageVariables.name}` references replaced by the stage's values (absent ones by nothing).
enum StageVariables {
    static func substitute(_ text: String, _ variables: [String: String]) -> String {
        guard text.contains("${stageVariables.") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${stageVariables.") {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else {
                rest = rest[start.lowerBound...]
                break
            }
            out += variables[String(rest[start.upperBound..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
