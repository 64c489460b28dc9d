import Foundation
import GatehouseCore
import GatewayConfig
import Testing

@Suite("Stages in get-stage's shape (TestVectors/gateway/stage-cases.json)")
struct StageTests {
    static func settingsJSON(_ settings: MethodSettings) -> [String: String] {
        var out: [String: String] = [:]
        if let value = settings.metricsEnabled { out["metricsEnabled"] = "\(value)" }
        if let value = settings.loggingLevel { out["loggingLevel"] = value }
        if let value = settings.dataTraceEnabled { out["dataTraceEnabled"] = "\(value)" }
        if let value = settings.throttlingBurstLimit { out["throttlingBurstLimit"] = "\(value)" }
        if let value = settings.throttlingRateLimit { out["throttlingRateLimit"] = "\(value)" }
        if let value = settings.cachingEnabled { out["cachingEnabled"] = "\(value)" }
        if let value = settings.cacheTtlInSeconds { out["cacheTtlInSeconds"] = "\(value)" }
        return out
    }

    @Test(arguments: try VectorCase.all("stage-cases.json"))
    func vector(_ vector: VectorCase) throws {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: vector["stage"]!), as: UTF8.self)
        let (stage, notices) = try StageSettingsFile.load(text, file: "stage.json")
        #expect(notices.isEmpty, "\(notices)")
        for (key, parts) in vector["keys"] as! [String: [String]] {
            let parsed = try #require(MethodSettingsKey(parsing: key))
            #expect([parsed.resourcePath, parsed.verb] == parts)
            #expect(parsed.description == key, "\(key) prints as \(parsed)")
            #expect(stage.methodSettings[parsed] != nil)
        }
        for effective in vector["effective"] as! [[String: Any]] {
            let settings = stage.effectiveSettings(
                for: try ResourcePath(parsing: effective["path"] as! String),
                verb: HTTPVerb(named: effective["verb"] as! String)!
            )
            let want = effective["settings"] as! [String: String]
            #expect(Self.settingsJSON(settings) == want, "\(effective["path"]!) \(effective["verb"]!)")
        }
        let paths = stage.notEnforced(enforcing: []).map { $0.path.replacing("stage `\(stage.stageName)`: ", with: "") }
        #expect(Set(paths) == Set(vector["notEnforced"] as! [String]))
        #expect(
            stage.notEnforced(enforcing: [
                .caching, .throttling, .executionLogs, .detailedMetrics, .tracing, .accessLogFormat, .canary,
            ]).isEmpty
        )
    }

    @Test("keys print as get-stage prints them")
    func keyPrinting() {
        #expect(MethodSettingsKey(resourcePath: "/pets/{id}", verb: "GET").description == "pets~1{id}/GET")
        #expect(MethodSettingsKey(parsing: "~1pets~1{id}/GET")?.resourcePath == "/pets/{id}")
        #expect(MethodSettingsKey(parsing: "/pets/{id}/GET")?.resourcePath == "/pets/{id}")
        #expect(MethodSettingsKey(parsing: "pets/{id}/GET")?.hadUnescapedSlash == true)
        #expect(MethodSettingsKey.all.description == "*/*")
        #expect(MethodSettingsKey(parsing: "pets/FETCH") == nil)
        #expect(MethodSettingsKey(parsing: "pets") == nil)
    }

    @Test("a stage file must agree with --stage, and has a name")
    func names() {
        #expect(throws: GatewayConfigError.self) {
            try StageSettingsFile.load(#"{"stageName": "dev"}"#, file: "s.json", stageName: "prod")
        }
        #expect(throws: GatewayConfigError.self) { try StageSettingsFile.load("{}", file: "s.json") }
        #expect((try? StageSettingsFile.load("{}", file: "s.json", stageName: "prod"))?.stage.stageName == "prod")
    }
}
