import AsyncHTTPClient
import Authorizers
import Foundation
import GatehouseCrypto
import IAMPolicy
import NIOCore
import NIOHTTP1
import SigV4

/// Key sources and JSON conversions for `gatehouse jwt`.
enum JWTSupport {
    /// Loads keys from a JWKS/JWK file, a PEM public key file (bound to the one `--alg`), or an
    /// http(s) URL (a JWKS document, fetched once: 5 s, 150,000 bytes at most).
    static func keys(from source: String, algorithms: [JWTAlgorithm]) async throws -> JWKSet {
        let bytes: [UInt8]
        if source.hasPrefix("https://") || source.hasPrefix("http://") {
            // Keys decide what is trusted: they travel over https (plain http only to this machine).
            guard RemoteJWKS.isTrustedKeyURL(source) else {
                throw CLIError(
                    "--jwks `\(source)`: keys are fetched over https (plain http only from 127.0.0.1, localhost or [::1])"
                )
            }
            bytes = try await fetch(source)
        } else {
            bytes = try readFile(source, option: "--jwks")
        }
        return try keys(bytes, source: source, algorithms: algorithms)
    }

    static func keys(_ bytes: [UInt8], source: String, algorithms: [JWTAlgorithm]) throws -> JWKSet {
        do {
            if bytes.starts(with: Array("-----BEGIN".utf8))
                || String(decoding: bytes.prefix(200), as: UTF8.self).contains("-----BEGIN")
            {
                guard algorithms.count == 1, let algorithm = algorithms.first else {
                    throw CLIError("\(source): a PEM key carries no algorithm; name exactly one with --alg")
                }
                return try JWKSet.pem(bytes, algorithm: algorithm)
            }
            return try JWKSet.parse(bytes)
        } catch let error as JWTKeyError {
            throw CLIError("\(source): \(error.message)")
        }
    }

    /// One GET of a key document; failures are errors that say what went wrong, never a trap.
    static func fetch(_ url: String) async throws -> [UInt8] {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(5))
        configuration.redirectConfiguration = .follow(max: 3, allowCycles: false)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: Result<[UInt8], any Error>
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            guard response.status.code == 200 else {
                throw CLIError("\(url): HTTP \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: JWKSet.maxBytes)
            result = .success(Array(buffer: body))
        } catch let error as CLIError {
            result = .failure(error)
        } catch {
            result = .failure(CLIError("\(url): could not fetch the keys (\(error))"))
        }
        try? await client.shutdown().get()
        return try result.get()
    }

    /// `--now`: ISO 8601, or seconds since 1970; the clock when absent.
    static func now(_ text: String?) throws -> Double {
        guard let text else { return Date().timeIntervalSince1970 }
        if let seconds = Double(text), text.allSatisfy({ $0.isNumber || $0 == "." }) { return seconds }
        let date = try WallClock.parse(text, option: "--now")
        return Double(date.secondsSince1970)
    }

    static func algorithms(_ names: [String]) throws -> [JWTAlgorithm] {
        try names.map { name in
            guard let algorithm = JWTAlgorithm(rawValue: name) else {
                throw CLIError(
                    "--alg `\(name)` is not a JWS algorithm (use \(JWTAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return algorithm
        }
    }

    /// A JSON node as a Foundation object for `JSONSerialization` output.
    static func foundation(_ value: JSONValue) -> Any {
        switch value {
        case .object(let members):
            var object: [String: Any] = [:]
            for (key, node) in members { object[key] = foundation(node.value) }
            return object
        case .array(let elements): return elements.map { foundation($0.value) }
        case .string(let text): return text
        case .number(let text):
            if let integer = Int64(text) { return integer }
            return Double(text) ?? text
        case .bool(let flag): return flag
        case .null: return NSNull()
        }
    }

    /// An event or context Gatehouse built, as a Foundation object (no serialize-and-reparse).
    static func foundation(_ json: JSON) -> Any {
        switch json {
        case .object(let members):
            var object: [String: Any] = [:]
            for (key, value) in members { object[key] = foundation(value) }
            return object
        case .array(let elements): return elements.map { foundation($0) }
        case .string(let text): return text
        case .integer(let value): return value
        case .bool(let flag): return flag
        case .null: return NSNull()
        }
    }

    static func object(_ members: [(key: String, value: JSONNode)]) -> [String: Any] {
        foundation(.object(members)) as? [String: Any] ?? [:]
    }
}
