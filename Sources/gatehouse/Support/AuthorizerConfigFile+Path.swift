import Authorizers
import Foundation
import GatehouseCore
import Gateway
import IAMPolicy
import IAMPolicyYAML

/// `--config FILE`: the authorizer configuration file (Authorizers' ``AuthorizerConfigFile``,
/// which documents the format) read from disk, YAML by extension, JSON otherwise, with every
/// error worded as `FILE: …` or `FILE:LINE:COLUMN: …`.
extension AuthorizerConfigFile {
    init(path: String) throws {
        let bytes = try readFile(path, option: "--config", limit: Self.maxBytes)
        let folder = (path as NSString).deletingLastPathComponent
        if PolicyFiles.isYAML(path) {
            do throws(PolicyError) {
                self.init(root: try PolicyYAML.tree(String(decoding: bytes, as: UTF8.self)), folder: folder)
            } catch {
                throw CLIError("\(path):\(error.line):\(error.column): \(error.message)")
            }
        } else {
            do {
                try self.init(json: bytes, folder: folder)
            } catch {
                throw CLIError("\(path):\(error)")
            }
        }
    }

    /// Authorizer `name` with its function built; errors name the file and the field.
    func entry(
        _ name: String,
        path: String,
        transport: AsyncHTTPTransport,
        clock: any GatehouseClock
    ) async throws -> Entry {
        do {
            return try await entry(
                name,
                transport: transport,
                clock: clock,
                environment: ProcessInfo.processInfo.environment
            )
        } catch {
            throw CLIError("\(path): \(error.message)")
        }
    }
}
