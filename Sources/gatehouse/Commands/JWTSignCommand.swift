import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

struct JWTSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Mint a signed token (for tests and local development).",
        discussion: """
            HS256/384/512, RS256/384/512 and ES256/384/512 are minted through libjwt (wrapped with the \
            algorithm pinned and empty keys refused); PS256/384/512 and EdDSA through OpenSSL. --key is \
            a PEM private key, or for HS* a file whose bytes are the secret (at least the hash size).

            Examples:
              gatehouse jwt keygen --alg ES256 --jwks-out jwks.json --private-out key.pem
              gatehouse jwt sign --key key.pem --alg ES256 --kid k1 \\
                  --claims '{"iss": "https://issuer.example.com", "sub": "alice", "exp": 1893456000}'
              gatehouse jwt sign --key secret.bin --alg HS256 --claims @claims.json
            """
    )

    @Option(help: "The signing key: a PEM private key, or the HMAC secret's file.")
    var key: String
    @Option(help: "The algorithm.")
    var alg: String
    @Option(help: "The claims: a JSON object, or @FILE.")
    var claims: String
    @Option(help: "The key id to put in the header.")
    var kid: String?

    func run() async throws {
        guard let algorithm = JWTAlgorithm(rawValue: alg) else {
            throw CLIError(
                "--alg `\(alg)` cannot sign (use \(JWTAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let claimsText =
            claims.hasPrefix("@")
            ? String(decoding: try readFile(String(claims.dropFirst()), option: "--claims"), as: UTF8.self) : claims
        // The claims must be one JSON object; it travels in the token as compact text.
        let node: JSONNode
        do {
            node = try JSONParser.parse(claimsText)
        } catch {
            throw CLIError("--claims: \(error)")
        }
        guard case .object = node.value else { throw CLIError("--claims must be a JSON object") }
        let compact = JSONLines.encode(JWTSupport.foundation(node.value))
        let keyBytes = try readFile(key, option: "--key")
        do {
            print(try JWTSigner(algorithm: algorithm, key: keyBytes).sign(claimsJSON: compact, keyID: kid))
        } catch {
            throw CLIError("\(key): \(error)")
        }
    }
}
