import GatehouseCore
import GatehouseProcess

/// A profile's `credential_process`: the command, run the way the AWS CLI runs it, and a strict
/// reading of what it prints.
///
/// Run through `/bin/sh -c` with this resolver's environment, stdin on `/dev/null` and stderr on
/// ours (a helper's prompts and errors reach the user), in a process group of its own that is lent
/// the terminal while it runs (a prompt on `/dev/tty` works, Ctrl-C reaches it): at
/// ``timeout`` the whole group is ended (SIGTERM, then SIGKILL), and whatever the command leaves
/// running in the group when it exits is killed. Its stdout is capped at ``maxOutputBytes``
/// *while it is read* — a command that prints more is stopped there, not read whole.
///
/// The output must be one JSON object: `"Version": 1` (the number), `AccessKeyId` and
/// `SecretAccessKey` non-empty strings, `SessionToken` and `Expiration` strings when present
/// (`Expiration` ISO 8601 with a zone, `2030-01-01T00:00:00Z` or `…+00:00`). Credentials whose
/// `Expiration` has passed are refused, as botocore refuses them (it runs the command once more
/// inside its ten-minute refresh window, and fails when the answer is still expired).
struct CredentialProcess {
    static let maxOutputBytes = 1024 * 1024

    var command: String
    var profile: String
    var environment: [String: String]
    var timeout: Duration

    func run(now: AmzDate) throws(SigV4Error) -> CredentialResolver.Resolved {
        var process = ChildProcess(
            executable: "/bin/sh",
            arguments: ["sh", "-c", command],
            environment: environment,
            input: nil,
            timeout: timeout,
            maxOutputBytes: Self.maxOutputBytes,
            standardError: .inherit
        )
        // A helper may prompt on /dev/tty (an MFA code): it gets the terminal while it runs.
        process.foregroundTerminal = true
        let completion: ChildProcess.Completion
        do {
            completion = try process.run()
        } catch {
            throw failure("could not start: \(error)")
        }
        switch completion.outcome {
        case .exited(0): break
        case .exited(let status): throw failure("exited with status \(status)")
        case .signaled(let signal): throw failure("was killed by signal \(signal)")
        case .timedOut: throw failure("did not finish within \(timeout) and was stopped")
        case .outputTooLarge:
            throw failure("printed more than \(Self.maxOutputBytes) bytes and was stopped")
        }
        return try parse(completion.standardOutput, now: now)
    }

    /// Reads the command's output strictly; `now` judges `Expiration`.
    ///
    /// Through the strict JSON parser (``JSONParser``): a key printed twice is refused, naming
    /// the key (`JSONDecoder` kept one of the two, so which `SecretAccessKey` was used depended on
    /// the decoder), as are invalid UTF-8, lone surrogates and nesting past the parser's depth.
    /// Otherwise the AWS CLI's rules: `Version` the number 1, `AccessKeyId` and `SecretAccessKey`
    /// required strings, `SessionToken` and `Expiration` strings or null when present, other
    /// keys ignored.
    func parse(_ output: [UInt8], now: AmzDate) throws(SigV4Error) -> CredentialResolver.Resolved {
        guard output.count <= Self.maxOutputBytes else {
            throw failure("printed more than \(Self.maxOutputBytes) bytes")
        }
        var limits = JSONParser.Limits()
        limits.maxBytes = Self.maxOutputBytes
        let root: JSONNode
        do {
            root = try JSONParser.parse(output, limits: limits)
        } catch {
            throw failure(Self.describe(error))
        }
        guard case .object = root.value else { throw failure("did not print a JSON object") }
        let printed = try read(root.value)
        guard !printed.accessKeyId.isEmpty, !printed.secretAccessKey.isEmpty else {
            throw failure("printed an empty `AccessKeyId` or `SecretAccessKey`")
        }
        var expiration: AmzDate? = nil
        if let text = printed.expiration {
            // ISO 8601 with a date, a time and a zone; not `@seconds` (a gatehouse convenience).
            guard !text.hasPrefix("@"), let parsed = AmzDate(iso8601: text) else {
                throw SigV4Error(.invalidDate, "\(source) printed an unreadable `Expiration` `\(text)`")
            }
            // Whole seconds, as SigV4 judges every time.
            guard parsed.secondsSince1970 >= now.secondsSince1970 else {
                throw SigV4Error(
                    .expiredCredentials,
                    "the credentials from \(source) expired at \(parsed) (now \(now)): renew them (log in again) and retry"
                )
            }
            expiration = parsed
        }
        return CredentialResolver.Resolved(
            credentials: AWSCredentials(
                accessKeyId: printed.accessKeyId,
                secretAccessKey: printed.secretAccessKey,
                sessionToken: printed.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
            ),
            source: .credentialProcess(profile: profile),
            expiration: expiration
        )
    }

    private var source: CredentialResolver.Source { .credentialProcess(profile: profile) }

    private func failure(_ reason: String) -> SigV4Error {
        SigV4Error(.invalidCredentials, "\(source) \(reason)")
    }

    /// The documented fields of the output.
    private struct Printed {
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String?
        var expiration: String?
    }

    /// The documented fields, each by its one JSON type (`Version` a number equal to 1: `true` and
    /// `"1"` are refused, not coerced); messages name fields, never values (the output holds secrets).
    private func read(_ object: JSONValue) throws(SigV4Error) -> Printed {
        let required = "(required: Version, AccessKeyId, SecretAccessKey)"
        guard let version = object.member("Version") else { throw failure("did not print `Version` \(required)") }
        guard case .number(let number) = version.value else {
            throw failure("printed `Version` that is not the number 1")
        }
        guard Double(number) == 1 else { throw failure("must print \"Version\": 1, not \(number.prefix(32))") }
        func string(_ name: String) throws(SigV4Error) -> String? {
            guard let node = object.member(name) else { return nil }
            switch node.value {
            case .string(let text): return text
            case .null: return nil
            default: throw failure("printed `\(name)` that is not a string")
            }
        }
        func requiredString(_ name: String) throws(SigV4Error) -> String {
            guard object.member(name) != nil else { throw failure("did not print `\(name)` \(required)") }
            guard let text = try string(name) else { throw failure("printed `\(name)` that is not a string") }
            return text
        }
        return Printed(
            accessKeyId: try requiredString("AccessKeyId"),
            secretAccessKey: try requiredString("SecretAccessKey"),
            sessionToken: try string("SessionToken"),
            expiration: try string("Expiration")
        )
    }

    /// The documented keys: the only ones a message may name (any other key could be a secret
    /// printed in the wrong place).
    static let documentedKeys: Set<String> = [
        "Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
    ]

    /// What was wrong with the JSON, and where — never a value. A repeated key is named when it is
    /// one of the documented ones.
    static func describe(_ error: JSONError) -> String {
        let place = "(line \(error.line), column \(error.column))"
        if error.code == .duplicateKey {
            let key = error.path.hasPrefix("$.") ? String(error.path.dropFirst(2)) : ""
            if documentedKeys.contains(where: { $0.utf8.elementsEqual(key.utf8) }) {
                return "printed the key `\(key)` twice \(place): duplicate keys are refused"
            }
            return "printed a key twice \(place): duplicate keys are refused"
        }
        if error.code == .tooLarge { return "printed JSON nested too deeply \(place)" }
        return "did not print valid JSON \(place)"
    }
}
