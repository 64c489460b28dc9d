// NSHomeDirectory lives in Foundation proper.
import Foundation
public import GatehouseCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds credentials and a region the way the AWS CLI does.
///
/// Credentials: an explicit profile (`--profile`) first; otherwise `AWS_ACCESS_KEY_ID` /
/// `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`; otherwise the profile named by `AWS_PROFILE`
/// (or `default`) from `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`) and `~/.aws/config`
/// (`AWS_CONFIG_FILE`), where a profile may name a `credential_process` (run in a process group of
/// its own with a deadline and a 1 MiB output cap; expired credentials are refused — see
/// `CredentialProcess`).
///
/// Region: `--region`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
public struct CredentialResolver: Sendable {
    /// Where credentials came from, for messages (never the secret itself).
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        case environment
        case sharedCredentialsFile(profile: String)
        case configFile(profile: String)
        case credentialProcess(profile: String)

        public var description: String {
            switch self {
            case .environment: return "environment variables"
            case .sharedCredentialsFile(let profile): return "profile `\(profile)` in the shared credentials file"
            case .configFile(let profile): return "profile `\(profile)` in the config file"
            case .credentialProcess(let profile): return "credential_process of profile `\(profile)`"
            }
        }
    }

    /// Resolved credentials with their source and expiry (credential_process may give one).
    public struct Resolved: Sendable {
        public var credentials: AWSCredentials
        public var source: Source
        public var expiration: AmzDate?
    }

    public var environment: [String: String]
    public var homeDirectory: String
    /// The longest a `credential_process` may run before its process group is ended (default 60 s).
    public var credentialProcessTimeout: Duration = .seconds(60)
    /// The clock whose wall time judges a `credential_process`'s `Expiration` (default: the
    /// system clock; tests give a ``ManualClock``).
    public var clock: any GatehouseClock = SystemClock()

    /// A resolver over `environment` (default: this process's environment).
    public init(
        environment: [String: String]? = nil,
        homeDirectory: String? = nil
    ) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
    }

    var credentialsPath: String {
        expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
    }

    var configPath: String {
        expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
    }

    private func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? homeDirectory + path.dropFirst() : path
    }

    /// The credentials to sign with.
    public func resolveCredentials(profile explicitProfile: String? = nil) throws(SigV4Error) -> Resolved {
        if explicitProfile == nil, let id = nonEmpty("AWS_ACCESS_KEY_ID") {
            guard let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") else {
                throw SigV4Error(.invalidCredentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            return Resolved(
                credentials: AWSCredentials(
                    accessKeyId: id,
                    secretAccessKey: secret,
                    sessionToken: nonEmpty("AWS_SESSION_TOKEN")
                ),
                source: .environment,
                expiration: nil
            )
        }
        let profile = explicitProfile ?? nonEmpty("AWS_PROFILE") ?? "default"
        let credentialsSection = try loadINI(credentialsPath)?.section(profile)
        let configSection = try loadINI(configPath)?.profiles[profile]
        // botocore's order: the credentials file's keys, then a credential_process (from either
        // file; the credentials file's wins), then the config file's keys.
        if let section = credentialsSection,
            let resolved = try staticCredentials(section.values, .sharedCredentialsFile(profile: profile))
        {
            return resolved
        }
        if let command = credentialsSection?["credential_process"] ?? configSection?["credential_process"],
            !command.isEmpty
        {
            // Its environment is this resolver's (the user's, as the AWS CLI passes it).
            return try CredentialProcess(
                command: command,
                profile: profile,
                environment: environment,
                timeout: credentialProcessTimeout
            ).run(now: clock.wallNow)
        }
        if let section = configSection,
            let resolved = try staticCredentials(section.values, .configFile(profile: profile))
        {
            return resolved
        }
        if explicitProfile != nil || environment["AWS_PROFILE"] != nil, credentialsSection == nil, configSection == nil
        {
            throw SigV4Error(
                .invalidCredentials,
                "the profile `\(profile)` is in neither \(credentialsPath) nor \(configPath)"
            )
        }
        throw SigV4Error(
            .invalidCredentials,
            "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure profile `\(profile)` in \(credentialsPath) (`aws configure`)"
        )
    }

    /// The region to sign for, or `nil` when none is configured anywhere. A profile's `region`
    /// may sit in either file; the credentials file's wins, as botocore merges them.
    public func resolveRegion(
        explicit: String? = nil,
        profile explicitProfile: String? = nil
    ) throws(SigV4Error) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let profile = explicitProfile ?? nonEmpty("AWS_PROFILE") ?? "default"
        var region = try loadINI(credentialsPath)?.section(profile)?["region"]
        if region == nil { region = try loadINI(configPath)?.profiles[profile]?["region"] }
        guard let region, !region.isEmpty else { return nil }
        return region
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The file at `path` (`nil` when there is none); a file botocore could not read is an error.
    private func loadINI(_ path: String) throws(SigV4Error) -> INIFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try INIFile(bytes: data, path: path)
    }

    private func staticCredentials(_ section: [String: String], _ source: Source) throws(SigV4Error) -> Resolved? {
        guard let id = section["aws_access_key_id"], !id.isEmpty else { return nil }
        guard let secret = section["aws_secret_access_key"], !secret.isEmpty else {
            throw SigV4Error(.invalidCredentials, "\(source) has aws_access_key_id but no aws_secret_access_key")
        }
        // botocore takes the older name first when both are present.
        let token = (section["aws_security_token"] ?? section["aws_session_token"]).flatMap { $0.isEmpty ? nil : $0 }
        return Resolved(
            credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token),
            source: source,
            expiration: nil
        )
    }
}
