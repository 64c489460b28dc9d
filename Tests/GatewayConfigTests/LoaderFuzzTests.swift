import GatewayConfig
import TestSupport
import Testing

/// The loaders read untrusted files: seeded mutations of valid documents must load or be refused
/// with an error — never trap, never hang. Bounded: a few hundred mutations per document.
@Suite("Loaders never trap (seeded mutations)")
struct LoaderFuzzTests {
    static let structural = Array("{}[]:,\"'-&*!|>#%\n\t ~?@`\\/+".utf8)

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> String {
        var out = bytes
        for _ in 0..<(1 + random.below(4)) {
            guard !out.isEmpty else { break }
            let at = random.below(out.count)
            switch random.below(5) {
            case 0: out[at] = structural[random.below(structural.count)]
            case 1: out.removeSubrange(at..<min(out.count, at + 1 + random.below(40)))
            case 2:
                let end = min(out.count, at + 1 + random.below(60))
                out.insert(contentsOf: out[at..<end], at: random.below(out.count))
            case 3: out.insert(structural[random.below(structural.count)], at: at)
            default: out[at] = UInt8(truncatingIfNeeded: random.next())
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: ["sam-api.yaml", "http-api.json"])
    func openAPI(_ file: String) throws {
        let original = Array(try GatewayVectors.text(file).utf8)
        var random = SeededRandom(seed: 0x5EED_0A11 &+ UInt64(original.count))
        var refused = 0
        for _ in 0..<250 {
            do {
                let api = try OpenAPIImport.load(Self.mutate(original, &random), file: file)
                _ = OpenAPIExport.text(api)
                _ = try? RoutingTable(api: api, stage: Stage(stageName: "s"))
            } catch {
                refused += 1
                #expect(!error.message.isEmpty && error.file == file)
            }
        }
        #expect(refused > 0)
    }

    @Test func configuration() throws {
        let original = Array(try GatewayVectors.text("config-example.yaml").utf8)
        var random = SeededRandom(seed: 0xC0F1_6000)
        var refused = 0
        for _ in 0..<400 {
            do {
                let configuration = try GatewayConfigFile.load(Self.mutate(original, &random), file: "c.yaml")
                for api in configuration.apis {
                    for stage in api.stages { _ = try? api.routingTable(for: stage) }
                }
            } catch {
                refused += 1
                #expect(!error.message.isEmpty && error.file == "c.yaml")
            }
        }
        #expect(refused > 0)
    }

    @Test func stageFiles() throws {
        let original = Array(
            #"{"stageName": "prod", "variables": {"a": "b"}, "methodSettings": {"*/*": {"throttlingRateLimit": 5.5}, "pets~1{id}/GET": {"cachingEnabled": true}}, "canarySettings": {"percentTraffic": 5}}"#
                .utf8
        )
        var random = SeededRandom(seed: 0x57A6E)
        for _ in 0..<400 {
            _ = try? StageSettingsFile.load(Self.mutate(original, &random), file: "s.json")
        }
    }

    @Test func routingNeverTraps() throws {
        var api = APIDefinition(name: "f")
        api.resources = [
            Resource(path: try ResourcePath(parsing: "/a/{b}/{c+}"), methods: [Method(verb: .any)]),
            Resource(path: try ResourcePath(parsing: "/caf\u{e9}"), methods: [Method(verb: .get)]),
        ]
        let table = try RoutingTable(api: api, stage: Stage(stageName: "s"))
        var random = SeededRandom(seed: 99)
        let seed = Array("/a/b%2/c%/%%e9/caf%C3%A9?x".utf8)
        for _ in 0..<2000 {
            let path = Self.mutate(seed, &random)
            _ = table.match(method: "GET", path: path)
            _ = InvokeResolver(stages: [:]).resolve(host: path, path: path)
            _ = InvokeURL.parsePathForm("/restapis/" + path)
        }
    }
}
