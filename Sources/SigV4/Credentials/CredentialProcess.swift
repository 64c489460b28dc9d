import Foundation
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
    func parse(_ output: [UInt8], now: AmzDate) throws(SigV4Error) -> CredentialResolver.Resolved {
        guard output.count <= Self.maxOutputBytes else {
            throw failure("printed more than \(Self.maxOutputBytes) bytes")
        }
        let printed: Printed
        do {
            printed = try JSONDecoder().decode(Printed.self, from: Data(output))
        } catch let error as DecodingError {
            throw failure(Self.describe(error))
        } catch {
            throw failure("did not print a JSON object")
        }
        guard printed.version == 1 else {
            throw failure("must print \"Version\": 1, not \(printed.version)")
        }
        guard !printed.accessKeyId.isEmpty, !printed.secretAccessKey.isEmpty else {
            throw failure("printed an empty `AccessKeyId` or `SecretAccessKey`")
        }
        var expiration: AmzDate? = nil
        if let text = printed.expiration {
            // ISO 8601 with a date, a time and a zone; not `@seconds` (a gatehouse convenience).
            guard !text.hasPrefix("@"), let parsed = AmzDate(iso8601: text) else {
                throw SigV4Error(.invalidDate, "\(source) printed an unreadable `Expiration` `\(text)`")
            }
            guard parsed >= now else {
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

    /// The documented output (`Version` an integer: `true` and strings are refused, not coerced).
    private struct Printed: Decodable {
        var version: Int
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String?
        var expiration: String?

        enum CodingKeys: String, CodingKey {
            case version = "Version"
            case accessKeyId = "AccessKeyId"
            case secretAccessKey = "SecretAccessKey"
            case sessionToken = "SessionToken"
            case expiration = "Expiration"
        }
    }

    /// What was wrong, by field name — never a value (the output holds secrets).
    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let names = (path + (key.map { [$0] } ?? [])).map(\.stringValue).joined(separator: ".")
            return names.isEmpty ? "its output" : "`\(names)`"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "did not print \(field(context.codingPath, key)) (required: Version, AccessKeyId, SecretAccessKey)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            if context.codingPath.isEmpty { return "did not print a JSON object" }
            let expected = context.codingPath.last?.stringValue == "Version" ? "the number 1" : "a string"
            return "printed \(field(context.codingPath)) that is not \(expected)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "did not print valid JSON" : "printed an unreadable \(field(context.codingPath))"
        @unknown default:
            return "did not print a JSON object"
        }
    }
}
