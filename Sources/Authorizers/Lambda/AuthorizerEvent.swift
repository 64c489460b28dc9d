/// The events API Gateway sends to a Lambda authorizer, member for member (reference/gateway.md
/// §Lambda authorizer input): REST `TOKEN` and `REQUEST`, and HTTP API payload 1.0 and 2.0.
public enum AuthorizerEvent {
    /// The event for `configuration` and `request`, with the identity values already read.
    public static func make(
        _ configuration: LambdaAuthorizerConfiguration,
        request: AuthorizerRequest,
        identityValues: [String]
    ) -> JSON {
        switch configuration.kind {
        case .token:
            return .object([
                ("type", .string("TOKEN")), ("authorizationToken", .string(identityValues.first ?? "")),
                ("methodArn", .string(request.methodArn)),
            ])
        case .request:
            return .object(
                [("type", .string("REQUEST")), ("methodArn", .string(request.methodArn))] + restBody(request)
            )
        case .httpAPI(let version, _) where version == "1.0":
            let joined = identityValues.joined(separator: ",")
            return .object(
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
    static func restBody(_ request: AuthorizerRequest) -> [(String, JSON)] {
        // Repeated names are found through a dictionary of positions (one lookup per header or
        // parameter): a linear search per name made n query parameters cost O(n²).
        var single: [(String, JSON)] = []
        var multiple: [(String, [JSON])] = []
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
        var query: [(String, JSON)] = []
        var multiQuery: [(String, [JSON])] = []
        var queryPositions: [String: Int] = [:]
        // ``LambdaAuthorizer`` refused a query that does not decode strictly before any event.
        for (name, value) in (try? request.queryParameters) ?? [] {
            if let index = queryPositions[name] {
                query[index].1 = .string(value)
                multiQuery[index].1.append(.string(value))
            } else {
                queryPositions[name] = query.count
                query.append((name, .string(value)))
                multiQuery.append((name, [.string(value)]))
            }
        }
        func map(_ pairs: [(String, String)]) -> JSON {
            pairs.isEmpty ? .null : .object(pairs.map { ($0.0, .string($0.1)) })
        }
        return [
            ("resource", .string(request.resource)), ("path", .string(request.path)),
            ("httpMethod", .string(request.httpMethod)), ("headers", .object(single)),
            ("multiValueHeaders", .object(multiple.map { ($0.0, .array($0.1)) })),
            ("queryStringParameters", query.isEmpty ? .null : .object(query)),
            (
                "multiValueQueryStringParameters",
                multiQuery.isEmpty ? .null : .object(multiQuery.map { ($0.0, .array($0.1)) })
            ),
            ("pathParameters", map(request.pathParameters)), ("stageVariables", map(request.stageVariables)),
            (
                "requestContext",
                .object([
                    ("resourcePath", .string(request.resource)), ("httpMethod", .string(request.httpMethod)),
                    ("path", .string("/\(request.stage)\(request.path)")), ("accountId", .string(request.accountId)),
                    ("protocol", .string("HTTP/1.1")), ("stage", .string(request.stage)),
                    ("domainPrefix", .string(request.apiId)),
                    ("domainName", .string(domainName(request))), ("requestId", .string(request.requestId)),
                    ("apiId", .string(request.apiId)),
                    ("requestTime", .string(clfTime(request.timeEpochMilliseconds))),
                    ("requestTimeEpoch", .integer(request.timeEpochMilliseconds)),
                    (
                        "identity",
                        .object([
                            ("sourceIp", .string(request.sourceIp)),
                            ("userAgent", .optional(request.headerValues("User-Agent").first)),
                        ])
                    ),
                ])
            ),
        ]
    }

    static func version2(_ request: AuthorizerRequest, identityValues: [String]) -> JSON {
        // Values of a repeated name are collected, found through a dictionary of positions, and
        // joined with commas once: a search and a re-joined string per value cost O(n²).
        var headerValues: [(String, [String])] = []
        var headerPositions: [String: Int] = [:]
        var cookies: [JSON] = []
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
        let headers: [(String, JSON)] = headerValues.map { ($0.0, .string($0.1.joined(separator: ","))) }
        var queryValues: [(String, [String])] = []
        var queryPositions: [String: Int] = [:]
        for (name, value) in (try? request.queryParameters) ?? [] {
            if let index = queryPositions[name] {
                queryValues[index].1.append(value)
            } else {
                queryPositions[name] = queryValues.count
                queryValues.append((name, [value]))
            }
        }
        let query: [(String, JSON)] = queryValues.map { ($0.0, .string($0.1.joined(separator: ","))) }
        var members: [(String, JSON)] = [
            ("version", .string("2.0")), ("type", .string("REQUEST")), ("routeArn", .string(request.methodArn)),
            ("identitySource", .array(identityValues.map(JSON.string))), ("routeKey", .string(request.routeKey)),
            ("rawPath", .string(request.path)), ("rawQueryString", .string(request.rawQueryString)),
        ]
        if !cookies.isEmpty { members.append(("cookies", .array(cookies))) }
        members.append(("headers", .object(headers)))
        if !query.isEmpty { members.append(("queryStringParameters", .object(query))) }
        members.append(
            (
                "requestContext",
                .object([
                    ("accountId", .string(request.accountId)), ("apiId", .string(request.apiId)),
                    ("domainName", .string(domainName(request))), ("domainPrefix", .string(request.apiId)),
                    (
                        "http",
                        .object([
                            ("method", .string(request.httpMethod)), ("path", .string(request.path)),
                            ("protocol", .string("HTTP/1.1")), ("sourceIp", .string(request.sourceIp)),
                            ("userAgent", .string(request.headerValues("User-Agent").first ?? "")),
                        ])
                    ),
                    ("requestId", .string(request.requestId)), ("routeKey", .string(request.routeKey)),
                    ("stage", .string(request.stage)), ("time", .string(clfTime(request.timeEpochMilliseconds))),
                    ("timeEpoch", .integer(request.timeEpochMilliseconds)),
                ])
            )
        )
        if !request.pathParameters.isEmpty {
            members.append(("pathParameters", .object(request.pathParameters.map { ($0.0, .string($0.1)) })))
        }
        if !request.stageVariables.isEmpty {
            members.append(("stageVariables", .object(request.stageVariables.map { ($0.0, .string($0.1)) })))
        }
        return .object(members)
    }

    private static func domainName(_ request: AuthorizerRequest) -> String {
        request.headerValues("Host").first ?? "\(request.apiId).execute-api.localhost"
    }

    /// `12/Mar/2020:19:03:58 +0000`, the time format of `requestTime`.
    static func clfTime(_ milliseconds: Int64) -> String {
        let time = CivilTime(secondsSince1970: milliseconds / 1000)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return
            "\(CivilTime.two(time.day))/\(names[Int(time.month - 1)])/\(time.year):\(CivilTime.two(time.hour)):\(CivilTime.two(time.minute)):\(CivilTime.two(time.second)) +0000"
    }
}

/// A UTC calendar time from seconds since 1970 (Howard Hinnant's days-to-civil algorithm).
struct CivilTime {
    let year: Int64
    let month: Int64
    let day: Int64
    let hour: Int64
    let minute: Int64
    let second: Int64

    init(secondsSince1970 seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `2026-01-15T10:00:00Z` — written byte by byte: a conditional authorizer policy needs it
    /// on every cache hit (`aws:CurrentTime`).
    var iso8601: String {
        String(unsafeUninitializedCapacity: 32) { out in
            var index = 0
            var year = year
            if year < 0 {
                Self.put(UInt8(ascii: "-"), out, &index)
                year = -year
            }
            var divisor: Int64 = 1
            while divisor <= year / 10 { divisor *= 10 }
            while divisor > 0 {
                Self.put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: year / divisor % 10), out, &index)
                divisor /= 10
            }
            Self.two(UInt8(ascii: "-"), month, out, &index)
            Self.two(UInt8(ascii: "-"), day, out, &index)
            Self.two(UInt8(ascii: "T"), hour, out, &index)
            Self.two(UInt8(ascii: ":"), minute, out, &index)
            Self.two(UInt8(ascii: ":"), second, out, &index)
            Self.put(UInt8(ascii: "Z"), out, &index)
            return index
        }
    }

    @inline(__always)
    private static func put(_ byte: UInt8, _ out: UnsafeMutableBufferPointer<UInt8>, _ index: inout Int) {
        out[index] = byte
        index += 1
    }

    /// `separator` then `value` in two digits.
    @inline(__always)
    private static func two(
        _ separator: UInt8,
        _ value: Int64,
        _ out: UnsafeMutableBufferPointer<UInt8>,
        _ index: inout Int
    ) {
        put(separator, out, &index)
        put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10 % 10), out, &index)
        put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10), out, &index)
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
