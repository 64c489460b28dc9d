import GatehouseCore

/// `X-Amzn-Trace-Id` as API Gateway passes it on (reference/gateway.md, "Tracing"):
/// `Root=1-{8 hex: epoch seconds}-{24 hex};Parent={16 hex};Sampled=0`. A client's header with a
/// `Root` is kept, with a `Parent` added when it has none; without one (or with a value that
/// names no `Root`) a new trace is started. Integrations receive it; AWS_PROXY and HTTP
/// responses and 4xx gateway responses carry it back; MOCK responses and 5xx gateway responses
/// do not (the recorded captures).
enum TraceHeader {
    static let name = "X-Amzn-Trace-Id"

    /// The value passed on for a request that came with `incoming`, received at `time`.
    static func value<Generator: RandomNumberGenerator>(
        incoming: String?,
        at time: Timestamp,
        using generator: inout Generator
    ) -> String {
        if let incoming, incoming.utf8.count <= 256, incoming.contains("Root=1-"),
            incoming.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            if incoming.contains("Parent=") { return incoming }
            return incoming + ";Parent=" + hex(generator.next(), digits: 16)
        }
        let seconds = UInt64(max(0, time.millisecondsSince1970 / 1000))
        return "Root=1-" + hex(seconds, digits: 8) + "-" + hex(generator.next(), digits: 16)
            + hex(generator.next(), digits: 8) + ";Parent=" + hex(generator.next(), digits: 16) + ";Sampled=0"
    }

    /// The low `digits` hex digits of `value`, lowercase, zero-padded.
    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        let trimmed = text.utf8.count > digits ? String(text.suffix(digits)) : text
        return String(repeating: "0", count: digits - trimmed.utf8.count) + trimmed
    }
}
