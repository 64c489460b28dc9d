import Foundation
import GatewayConfig

/// The embedded demo (`gatehouse serve` with neither `--config` nor `--openapi`): the API in
/// `Policies/demo/gateway.yaml`, its REQUEST authorizer as a local command, its JWT keys, and a
/// backend `serve` starts in-process (``ServeDemoBackend``).
enum ServeDemo {
    /// The demo's folder: `GATEHOUSE_DEMO_DIR`, else `Policies/demo` found from the current
    /// folder or the executable's upwards (a checkout's `.build/debug/gatehouse` finds its own).
    static func folder() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["GATEHOUSE_DEMO_DIR"], !folder.isEmpty {
            guard FileManager.default.fileExists(atPath: folder + "/" + configName) else {
                throw CLIError("GATEHOUSE_DEMO_DIR `\(folder)` has no \(configName)")
            }
            return folder
        }
        let starts = [
            FileManager.default.currentDirectoryPath,
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
        ]
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<8 {
                let candidate = url.appendingPathComponent("Policies/demo")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(configName).path) {
                    return candidate.path
                }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        throw CLIError(
            "the embedded demo (Policies/demo/\(configName)) is not found from here or from the executable: "
                + "run from a Gatehouse checkout, set GATEHOUSE_DEMO_DIR, or give --config FILE / --openapi FILE"
        )
    }

    static let configName = "gateway.yaml"
    /// The stage variable the demo's HTTP_PROXY integrations address the backend with.
    static let backendVariable = "backend"
    /// The REQUEST authorizer's function name (in its `authorizerUri`).
    static let tenantsFunction = "demo-tenants"

    /// The demo configuration, its `backend` stage variable pointing at `backend` (host:port)
    /// when given.
    static func configuration(backend: String?) throws -> GatewayConfiguration {
        let path = try folder() + "/" + configName
        var configuration = try ServeSources.mapping { () throws(GatewayConfigError) in
            try GatewayConfigFile.load(try ServeSources.read(path), file: path)
        }
        if let backend {
            for api in configuration.apis.indices {
                for stage in configuration.apis[api].stages.indices {
                    configuration.apis[api].stages[stage].variables[backendVariable] = backend
                }
            }
        }
        return configuration
    }

    /// The local commands the demo's Lambda ARNs resolve to (`--function` entries given on the
    /// command line win).
    static func functions() throws -> [String: String] {
        let script = try folder() + "/tenant_authorizer.py"
        return [tenantsFunction: "python3 " + ShellQuote.quote(script)]
    }

    /// The JWT authorizer's keys (ES256, `kid` `demo-es256`), and the private key that signs the
    /// demo's tokens (`gatehouse jwt sign --key …`): a demo key, public in the repository.
    static func jwks() throws -> String { try folder() + "/jwt/jwks.json" }
    static func jwtPrivateKey() throws -> String { try folder() + "/jwt/demo-private-key.pem" }
    static let jwtIssuer = "https://demo.gatehouse.local"
    static let jwtAudience = "demo"
}
