import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

struct JWTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwt",
        abstract: "Decode, verify, sign and make keys for JSON Web Tokens.",
        discussion: """
            Verification binds every key to one algorithm (the JWK's `alg`, else its type: RSA → RS256, \
            EC by curve, Ed25519 → EdDSA, oct → HS256); the token's header never chooses, `alg: none` is \
            refused in every spelling and `jku`/`x5u`/`jwk` headers are ignored.
            """,
        subcommands: [JWTDecodeCommand.self, JWTVerifyCommand.self, JWTSignCommand.self, JWTKeygenCommand.self]
    )
}

struct JWTDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print a token's header and payload WITHOUT verifying it.",
        discussion: """
            Exit 0 when the token has the shape of a JWS, 1 when it does not.

            Example:
              gatehouse jwt decode eyJhbGciOi…
            """
    )

    @Argument(help: "The token (or - to read it from stdin).")
    var token: String

    func run() async throws {
        let text =
            token == "-"
            ? String(decoding: try readFile("-", option: "token"), as: UTF8.self) : token
        do {
            let (header, payload) = try JWTVerifier.decodeUnverified(
                text.trimmingCharacters(in: .whitespacesAndNewlines)
            )
            print(
                JSONLines.pretty([
                    "header": JWTSupport.foundation(header.value), "payload": JWTSupport.foundation(payload.value),
                ])
            )
            printError("note: not verified — use `gatehouse jwt verify` to check the signature and claims")
        } catch {
            printError("gatehouse: \(error)")
            throw ExitCode(ExitStatus.negative)
        }
    }
}

struct JWTVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a token's signature and claims against a JWKS, a JWK, a PEM key or a JWKS URL.",
        discussion: """
            Exit status: 0 valid, 1 invalid (with a stable error code: malformed, tooLarge, algNone, \
            algorithmNotAllowed, keyNotFound, badSignature, expired, notYetValid, issuedInFuture, \
            wrongIssuer, wrongAudience, wrongTokenUse, missingScope, unknownCritical, invalidClaim), \
            2 a usage error.

            --batch reads JSON lines {"token", "jwks", "issuer"? (string or list), "audience"? (string \
            or list), "algorithms"?, "now"? (ISO 8601 or seconds), "token_use"? (access or id), \
            "leeway"? (0 to 3600), "scopes"?} — `jwks` a JWKS object, or a file path or URL — and \
            writes one line per input {"valid", "error", "claims"} (contract: Tests/Interop/CONTRACT.md). \
            Every field has exactly that type (lists non-empty); a field of another type, out of range \
            or unknown makes the line `badInput`, never a token verified without that check.

            A --jwks (or `jwks`) with `://` is a URL: https, or plain http only to this machine \
            (127.0.0.0/8, [::1] or `localhost`, judged on the parsed host — user names and passwords, \
            numeric spellings such as `127.1` or `2130706433`, and trailing dots are refused). It is \
            fetched once, within 5 s for the whole exchange and 150,000 bytes; redirects are not \
            followed (the error names the Location: give the final URL). A key set from a URL is \
            published, so its `oct` (shared-secret) keys are never used; a local file may hold them.

            Examples:
              gatehouse jwt verify --token "$TOKEN" --jwks jwks.json --issuer https://issuer.example.com --audience my-api
              gatehouse jwt verify --token-file t.jwt --jwks https://issuer.example.com/.well-known/jwks.json --output json
              gatehouse jwt verify --token "$TOKEN" --jwks public.pem --alg RS256 --now 2026-01-15T10:00:00Z --leeway 60
              gatehouse jwt verify --batch < tokens.jsonl
            """
    )

    @Option(help: "The token.")
    var token: String?
    @Option(name: .customLong("token-file"), help: "A file holding the token (surrounding whitespace ignored).")
    var tokenFile: String?
    @Option(
        help:
            "The keys: a JWKS or JWK file, a PEM public key (with one --alg), or the URL of a JWKS (https; plain http only to 127.0.0.0/8, [::1] or localhost)."
    )
    var jwks: String?
    @Option(help: "The accepted issuer (`iss`), exact; repeatable.")
    var issuer: [String] = []
    @Option(
        help:
            "An accepted audience; repeatable, any one suffices. `aud` decides when present; `client_id` is read only when there is no `aud`."
    )
    var audience: [String] = []
    @Option(help: "An allowed algorithm; repeatable. Default: whatever each key is bound to.")
    var alg: [String] = []
    @Option(name: .customLong("token-use"), help: "Require Cognito's token_use: access or id.")
    var tokenUse: String?
    @Option(help: "A required scope (`scope` or `scp`); repeatable, any one suffices.")
    var scope: [String] = []
    @Option(help: "The time to judge expiry at: ISO 8601 or seconds since 1970. Default: now.")
    var now: String?
    @Option(
        help: "Clock skew tolerated for exp, nbf and iat, in seconds. \(OptionRange.leeway.help)",
        transform: OptionRange.leeway.parse
    )
    var leeway: Double = 0
    @Flag(help: "Read JSON lines from stdin instead (see above).")
    var batch = false
    @Option(help: "text or json.")
    var output: VerifyCommand.Output = .text

    func validate() throws {
        if let tokenUse, tokenUse != "access" && tokenUse != "id" {
            throw ValidationError("--token-use is access or id")
        }
        guard leeway >= 0, leeway <= 3600 else { throw ValidationError("--leeway is 0 to 3600 seconds") }
        if !batch {
            guard (token == nil) != (tokenFile == nil) else {
                throw ValidationError("give the token with --token or --token-file (or use --batch)")
            }
            guard jwks != nil else { throw ValidationError("--jwks is required") }
        }
    }

    func run() async throws {
        if batch { return try await runBatch() }
        let algorithms = try JWTSupport.algorithms(alg)
        let time = try JWTSupport.now(now)
        let keys = try await JWTSupport.keys(from: jwks!, algorithms: algorithms)
        let text: String
        if let token {
            text = token
        } else {
            text = String(decoding: try readFile(tokenFile!, option: "--token-file"), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = issuer
        configuration.audiences = audience
        configuration.algorithms = algorithms.isEmpty ? nil : Set(algorithms)
        configuration.leeway = leeway
        configuration.tokenUse = tokenUse
        configuration.requiredScopes = scope
        let result = JWTVerifier(configuration: configuration).verify(text, keys: keys, now: time)
        switch (result, output) {
        case (.success(let verified), .json):
            print(
                JSONLines.pretty([
                    "valid": true, "error": NSNull(), "message": NSNull(),
                    "claims": JWTSupport.object(verified.claims), "header": JWTSupport.object(verified.header),
                ])
            )
        case (.success(let verified), .text):
            print("valid: \(verified.algorithm)\(verified.keyID.map { ", kid \($0)" } ?? "")")
            print(JSONLines.pretty(JWTSupport.object(verified.claims)))
        case (.failure(let error), .json):
            print(
                JSONLines.pretty([
                    "valid": false, "error": error.code.name, "message": error.message, "claims": NSNull(),
                    "header": NSNull(),
                ])
            )
        case (.failure(let error), .text):
            print("invalid: \(error.code.name): \(error.message)")
        }
        if case .failure = result { throw ExitCode(ExitStatus.negative) }
    }

    /// JSON lines in, one line out per input, keys parsed once per distinct source.
    private func runBatch() async throws {
        var cache: [String: JWKSet] = [:]
        var lineNumber = 0
        var unreadable = false
        var lines = StandardInputLines(maxBytes: JSONLines.maxLineBytes)
        while let line = lines.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            var answer: [String: Any]
            do {
                answer = try await verifyLine(line, cache: &cache)
            } catch {
                unreadable = true
                answer = [
                    "valid": false, "error": "badInput", "message": "line \(lineNumber): \(error)", "claims": NSNull(),
                ]
            }
            print(JSONLines.encode(JSONLines.redactingDiagnostics(answer)))
        }
        // Invalid tokens are answers; a line that could not be read is a usage error.
        if unreadable { throw ExitCode(ExitStatus.usage) }
    }

    /// One batch line, read strictly (``JSONObjectReader``): every field has one type, a field of
    /// another type or an unknown field is `badInput` naming it — never skipped, which would verify
    /// without the check it asked for.
    /// How many distinct key sources a batch keeps parsed. A batch reuses a handful; without a
    /// bound every distinct inline set stayed in memory to the end (300 MB of lines with
    /// distinct 100 KB sets: 623 MB), so memory grew with the stream, not with one line.
    static let keyCacheCapacity = 64

    /// Caches `keys`, first emptying a full cache (the stream's memory stays bounded).
    private static func remember(_ keys: JWKSet, as key: String, in cache: inout [String: JWKSet]) {
        if cache.count >= keyCacheCapacity { cache.removeAll(keepingCapacity: true) }
        cache[key] = keys
    }

    private func verifyLine(_ line: String, cache: inout [String: JWKSet]) async throws -> [String: Any] {
        var object = try JSONLines.object(line)
        let token = try object.string("token")
        var algorithms: [JWTAlgorithm] = []
        for (index, name) in (try object.optionalStrings("algorithms", nonEmpty: true) ?? []).enumerated() {
            guard let algorithm = JWTAlgorithm(rawValue: name) else {
                throw CLIError(
                    "`algorithms[\(index)]` must be one of \(JWTAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")), not `\(name)`"
                )
            }
            algorithms.append(algorithm)
        }
        let jwksValue = try object.value("jwks", expected: "a JWKS object, or a file path or URL")
        switch jwksValue {
        case .string, .object: break
        default: throw object.wrongType("jwks", jwksValue, expected: "a JWKS object, or a file path or URL")
        }
        var configuration = JWTVerifier.Configuration()
        configuration.issuers = try object.optionalStringOrStrings("issuer", nonEmpty: true) ?? []
        configuration.audiences = try object.optionalStringOrStrings("audience", nonEmpty: true) ?? []
        configuration.algorithms = algorithms.isEmpty ? nil : Set(algorithms)
        configuration.tokenUse = try object.optionalChoice("token_use", ["access", "id"])
        configuration.leeway = try object.optionalNumber("leeway", in: OptionRange.leeway.range) ?? 0
        configuration.requiredScopes = try object.optionalStrings("scopes", nonEmpty: true) ?? []
        let time: Timestamp
        let range = Timestamp.epoch...Timestamp(secondsSince1970: 253_402_300_799)
        switch object.optionalValue("now") {
        case nil: time = try JWTSupport.now(nil)
        case .number?:
            // In range, so finite and representable.
            time = Timestamp(timeIntervalSince1970: try object.optionalNumber("now", in: 0...253_402_300_799)!)!
        case .string(let text)?:
            // Seconds written as a string have the same range as seconds written as a number.
            guard let seconds = try? JWTSupport.now(text), range.contains(seconds) else {
                throw CLIError(
                    "`now` must be an ISO 8601 time or seconds since 1970 (0 to 253402300799), not `\(text)`"
                )
            }
            time = seconds
        case let other?:
            throw object.wrongType(
                "now",
                other,
                expected: "an ISO 8601 time (a string) or seconds since 1970 (a number)"
            )
        }
        try object.finish()
        // Keys last: a line with a bad field fetches nothing.
        let keys: JWKSet
        switch jwksValue {
        case .string(let source):
            // Sources and inline sets are cached apart: a source string that spells an inline
            // set's JSON must still be judged as a path or URL, never answered with that set.
            let cacheKey = "source\u{0}" + source + "|" + algorithms.map(\.rawValue).joined(separator: ",")
            if let cached = cache[cacheKey] {
                keys = cached
            } else {
                keys = try await JWTSupport.keys(from: source, algorithms: algorithms)
                Self.remember(keys, as: cacheKey, in: &cache)
            }
        case .object(let members):
            let text = JSONLines.encode(JWTSupport.object(members))
            let cacheKey = "inline\u{0}" + text + "|" + algorithms.map(\.rawValue).joined(separator: ",")
            if let cached = cache[cacheKey] {
                keys = cached
            } else {
                keys = try JWTSupport.keys(Array(text.utf8), source: "jwks", algorithms: algorithms)
                Self.remember(keys, as: cacheKey, in: &cache)
            }
        default:
            throw object.wrongType("jwks", jwksValue, expected: "a JWKS object, or a file path or URL")
        }
        switch JWTVerifier(configuration: configuration).verify(token, keys: keys, now: time) {
        case .success(let verified):
            return ["valid": true, "error": NSNull(), "claims": JWTSupport.object(verified.claims)]
        case .failure(let error):
            return ["valid": false, "error": error.code.name, "message": error.message, "claims": NSNull()]
        }
    }
}

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
