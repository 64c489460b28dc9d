import GatehouseCore

/// One JSON line per request (issue 18, point 9): `requestId`, `ip`, `caller` (the IAM ARN or
/// the authorizer's principal), `method`, `path`, `apiId`, `stage`, `resourcePath`, `status`,
/// `latency` and `integrationLatency` (milliseconds with three decimals; `null` when absent), and
/// the denial `reason`. Never a header value, a body or a credential: the reason texts come from
/// the access layer, which redacts secrets. `isCanaryRequest` is there only for a request its
/// stage's canary served (API Gateway writes canary requests to a log of their own).
struct AccessLogger: Sendable {
    let writer: AccessLogWriter

    func record(_ exchange: Exchange, status: Int, latency: Duration) {
        writer.append(Self.line(exchange, status: status, latency: latency))
    }

    /// The line, written field by field into one string (no `JSONValue` tree per request: the
    /// tree and its writer were a tenth of the gateway's CPU under wrk). The same bytes as
    /// ``lineAsValue(_:status:latency:)``, its plain twin, which the tests hold it to.
    static func line(_ exchange: Exchange, status: Int, latency: Duration) -> String {
        let (path, _) = RequestTarget.split(exchange.target)
        var out = ""
        out.reserveCapacity(384)
        func field(_ name: StaticString, _ first: Bool = false) {
            out += first ? "{\"" : ",\""
            out += name.description
            out += "\":"
        }
        func text(_ name: StaticString, _ value: String?) {
            field(name)
            if let value { JSONWriter.quote(value, into: &out) } else { out += "null" }
        }
        field("requestId", true)
        JSONWriter.quote(exchange.ids.requestID, into: &out)
        text("extendedRequestId", exchange.ids.extendedRequestID)
        text("ip", exchange.sourceIP)
        text("caller", exchange.grant?.logPrincipal)
        text("method", exchange.method)
        text("path", String(path))
        text("apiId", exchange.apiID)
        text("stage", exchange.stageName)
        text("resourcePath", exchange.resourcePath)
        field("status")
        out += String(status)
        field("latency")
        out += milliseconds(latency)
        field("integrationLatency")
        out += exchange.integrationLatency.map(milliseconds) ?? "null"
        text("reason", exchange.denialReason)
        if exchange.isCanaryRequest { out += ",\"isCanaryRequest\":true" }
        out += "}"
        return out
    }

    /// The plain twin of ``line(_:status:latency:)``: the line as a `JSONValue`, written by
    /// ``JSONWriter``.
    static func lineAsValue(_ exchange: Exchange, status: Int, latency: Duration) -> String {
        let (path, _) = RequestTarget.split(exchange.target)
        var members: [(String, JSONValue)] = [
            ("requestId", .string(exchange.ids.requestID)),
            ("extendedRequestId", .string(exchange.ids.extendedRequestID)),
            ("ip", .string(exchange.sourceIP)),
            ("caller", .optional(exchange.grant?.logPrincipal)),
            ("method", .string(exchange.method)),
            ("path", .string(String(path))),
            ("apiId", .optional(exchange.apiID)),
            ("stage", .optional(exchange.stageName)),
            ("resourcePath", .optional(exchange.resourcePath)),
            ("status", .integer(status)),
            ("latency", .number(milliseconds(latency))),
            (
                "integrationLatency",
                exchange.integrationLatency.map { JSONValue.number(milliseconds($0)) } ?? .null
            ),
            ("reason", .optional(exchange.denialReason)),
        ]
        if exchange.isCanaryRequest { members.append(("isCanaryRequest", .bool(true))) }
        return JSONWriter.text(.members(members))
    }

    /// Milliseconds with three decimals (`0.412`): overhead under a millisecond stays visible.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
