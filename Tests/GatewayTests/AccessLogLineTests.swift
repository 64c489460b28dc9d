import GatehouseCore
import Testing

@testable import Gateway

/// The access-log line is written field by field on the hot path; its plain twin builds a
/// `JSONValue` and hands it to the JSON writer. Both must give the same bytes.
@Suite("Gateway access-log line")
struct AccessLogLineTests {
    @Test(
        "the direct line equals its JSONValue twin",
        arguments: [
            (nil, nil, false, nil),
            ("reason with \"quotes\", a \\ and a\nnewline \u{1}", Duration.milliseconds(12), true, "prod"),
            ("ünïcödé 😀", Duration.microseconds(3), false, "stage"),
        ] as [(String?, Duration?, Bool, String?)]
    )
    func sameBytes(reason: String?, integration: Duration?, canary: Bool, stage: String?) {
        var exchange = TargetURLTests.exchange(headers: [], query: "a=1", pathParameters: [])
        exchange.denialReason = reason
        exchange.integrationLatency = integration
        exchange.isCanaryRequest = canary
        exchange.stageName = stage
        exchange.apiID = stage == nil ? nil : "a1b2c3d4e5"
        exchange.resourcePath = stage == nil ? nil : "/items/{id}"
        for status in [200, 403, 502] {
            let latency = Duration.microseconds(1234)
            let direct = AccessLogger.line(exchange, status: status, latency: latency)
            #expect(direct == AccessLogger.lineAsValue(exchange, status: status, latency: latency))
            #expect((try? JSONParser.parse(direct)) != nil, "\(direct)")
        }
    }
}
