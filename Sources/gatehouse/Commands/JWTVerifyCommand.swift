import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

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
