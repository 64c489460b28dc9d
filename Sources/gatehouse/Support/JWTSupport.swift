import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import Gateway
import IAMPolicy
import NIOCore
import NIOHTTP1
import SigV4

/// Key sources and JSON conversions for `gatehouse jwt`.
enum JWTSupport {
    /// Loads keys from a JWKS/JWK file, a PEM public key file (bound to the one `--alg`), or an
    /// http(s) URL (a JWKS document, fetched once: 5 s for the whole exchange, 150,000 bytes at
    /// most). A source with `://` is a URL, judged by `EndpointURL.trusted` (https, or plain http
    /// to this machine), fetched without following redirects; a key set from a URL is published,
    /// so its `oct` (shared secret) keys are never used. Local files may carry `oct` keys.
    static func keys(from source: String, algorithms: [JWTAlgorithm]) async throws -> JWKSet {
        if source.contains("://") {
            return try keys(try await fetch(source), source: source, algorithms: algorithms, published: true)
        }
        return try keys(
            try readFile(source, option: "--jwks", limit: JWKSet.maxBytes),
            source: source,
            algorithms: algorithms
        )
    }

    /// Keys from bytes. `published` (fetched from a URL): `oct` keys are left out.
    static func keys(
        _ bytes: [UInt8],
        source: String,
        algorithms: [JWTAlgorithm],
        published: Bool = false
    ) throws -> JWKSet {
        do {
            if bytes.starts(with: Array("-----BEGIN".utf8))
                || String(decoding: bytes.prefix(200), as: UTF8.self).contains("-----BEGIN")
            {
                guard algorithms.count == 1, let algorithm = algorithms.first else {
                    throw CLIError("\(source): a PEM key carries no algorithm; name exactly one with --alg")
                }
                return try JWKSet.pem(bytes, algorithm: algorithm)
            }
            return try JWKSet.parse(bytes, allowSecretKeys: !published)
        } catch let error as JWTKeyError {
            throw CLIError("\(source): \(error.message)")
        }
    }

    /// One GET of a key document through the CLI's one HTTP transport; failures are errors that
    /// say what went wrong (the URL shown with any user name or password elided), never a trap.
    static func fetch(_ url: String) async throws -> [UInt8] {
        let shown: String
        do {
            shown = try EndpointURL.trusted(url).description
        } catch {
            throw CLIError("--jwks \(error)")
        }
        let transport = AsyncHTTPTransport()
        let result: Result<[UInt8], any Error>
        do {
            let response = try await transport.get(url, timeout: .seconds(5), maxBytes: JWKSet.maxBytes)
            if response.status == 200 {
                result = .success(response.body)
            } else {
                result = .failure(CLIError("--jwks `\(shown)`: HTTP \(response.status)"))
            }
        } catch FunctionFailure.outputTooLarge(let limit) {
            result = .failure(CLIError("--jwks `\(shown)`: the key set passed \(limit) bytes"))
        } catch {
            result = .failure(CLIError("--jwks `\(shown)`: could not fetch the keys (\(error))"))
        }
        await transport.shutdown()
        return try result.get()
    }

    /// `--now`: ISO 8601, or seconds since 1970 (a fraction allowed); the clock when absent.
    static func now(_ text: String?) throws -> Timestamp {
        guard let text else { return SystemClock().wallNow }
        if let seconds = Double(text), text.allSatisfy({ $0.isNumber || $0 == "." }),
            let time = Timestamp(timeIntervalSince1970: seconds)
        {
            return time
        }
        return try WallClock.parse(text, option: "--now")
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

    static func object(_ members: [(key: String, value: JSONNode)]) -> [String: Any] {
        foundation(.object(members)) as? [String: Any] ?? [:]
    }
}
