import GatewayConfig
import Testing

@Suite("Invoke URLs: path form, host form, custom domains (TestVectors/gateway/invoke-url-cases.json)")
struct InvokeURLTests {
    nonisolated(unsafe) static let file = try! GatewayVectors.json("invoke-url-cases.json") as! [String: Any]

    static var resolver: InvokeResolver {
        let apis = file["apis"] as! [String: [String]]
        let mappings = (file["mappings"] as! [[String: Any]]).map { mapping in
            BasePathMapping(
                domainName: mapping["domainName"] as! String,
                basePath: mapping["basePath"] as! String,
                apiID: APIIdentifier(mapping["apiId"] as! String)!,
                stage: mapping["stage"] as? String
            )
        }
        return InvokeResolver(
            stages: Dictionary(uniqueKeysWithValues: apis.map { (APIIdentifier($0.key)!, Set($0.value)) }),
            mappings: mappings
        )
    }

    static var cases: [VectorCase] { (file["cases"] as! [[String: Any]]).map(VectorCase.init) }

    @Test(arguments: cases)
    func resolve(_ vector: VectorCase) {
        let resolution = Self.resolver.resolve(host: vector.string("host"), path: vector.string("path")!)
        switch (vector.string("expect")!, resolution) {
        case ("stage", .stage(let api, let stage, let path, let form)):
            #expect(api.text == vector.string("api"))
            #expect(stage == vector.string("stage"))
            #expect(path == vector.string("within"))
            let formText: String
            switch form {
            case .pathForm: formText = "pathForm"
            case .host: formText = "host"
            case .customDomain(let basePath): formText = "customDomain:\(basePath)"
            }
            #expect(formText == vector.string("form"))
        case ("unknownStage", .unknownStage(let api, let stage)):
            #expect(api.text == vector.string("api"))
            #expect(stage == vector.string("stage"))
        case ("noAPI", .noAPI):
            break
        default:
            Issue.record("expected \(vector.string("expect")!), got \(resolution)")
        }
    }

    @Test("hosts: ports, case, IPv6 literals and trailing dots")
    func hosts() {
        #expect(InvokeURL.hostName("Example.COM:8080") == "example.com")
        #expect(InvokeURL.hostName("[::1]:8080") == "[::1]")
        #expect(InvokeURL.hostName("api.example.com.") == "api.example.com")
        #expect(InvokeURL.apiID(fromHost: "a1b2c3d4e5.execute-api.") == nil)
        #expect(InvokeURL.apiID(fromHost: "a1b2c3d4e5-vpce-1.execute-api.localhost") == nil)
    }
}
