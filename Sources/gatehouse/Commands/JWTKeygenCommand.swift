import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

struct JWTKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a signing key: the private key as PKCS#8 PEM (mode 0600) and its public JWKS.",
        discussion: """
            The JWK carries kid (default: its RFC 7638 thumbprint), alg and use: sig, ready to serve as \
            an issuer's jwks_uri document.

            Example:
              gatehouse jwt keygen --alg RS256 --jwks-out jwks.json --private-out private.pem
            """
    )

    @Option(help: "RS256 (RSA 2048), ES256 (P-256), ES384, ES512, PS256 or EdDSA (Ed25519).")
    var alg: String
    @Option(name: .customLong("jwks-out"), help: "Where to write the public JWKS.")
    var jwksOut: String
    @Option(name: .customLong("private-out"), help: "Where to write the private key (created with mode 0600).")
    var privateOut: String
    @Option(help: "The key id. Default: the JWK thumbprint.")
    var kid: String?

    func run() async throws {
        let kind: KeyKind
        switch alg {
        case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512": kind = .rsa(bits: 2048)
        case "ES256": kind = .ec(.p256)
        case "ES384": kind = .ec(.p384)
        case "ES512": kind = .ec(.p521)
        case "EdDSA": kind = .ed25519
        default:
            throw CLIError("--alg `\(alg)`: keygen makes RS*, PS*, ES* and EdDSA keys (HMAC secrets are random bytes)")
        }
        let key = try PrivateKey.generate(kind)
        var jwk: [String: Any] = try key.publicKey.jwkParameters
        let identifier = try kid ?? key.publicKey.jwkThumbprint
        jwk["kid"] = identifier
        jwk["alg"] = alg
        jwk["use"] = "sig"
        try Self.writePrivate(key.pem.revealed, to: privateOut)
        guard
            FileManager.default.createFile(
                atPath: jwksOut,
                contents: Data((JSONLines.pretty(["keys": [jwk]]) + "\n").utf8)
            )
        else { throw CLIError("--jwks-out: cannot write `\(jwksOut)`") }
        printError("wrote \(privateOut) (private, 0600) and \(jwksOut) (kid \(identifier))")
    }

    /// Creates the file with mode 0600 from the start (never briefly readable by others) and
    /// refuses to replace an existing key.
    static func writePrivate(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists; keys are never overwritten" : String(cString: strerror(errno))
            throw CLIError("--private-out: cannot create `\(path)` (\(reason))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            throw CLIError("--private-out: cannot write `\(path)`: \(error)")
        }
    }
}
