// NSHomeDirectory and Date live in Foundation proper.
import Foundation

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
    /// The clock that judges a `credential_process`'s `Expiration` (default: the system clock).
    public var now: @Sendable () -> AmzDate = {
        AmzDate(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

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
        let credentialsFile = loadINI(credentialsPath)
        let configFile = loadINI(configPath)
        if let section = credentialsFile?.sections[profile],
            let resolved = try staticCredentials(section, .sharedCredentialsFile(profile: profile))
        {
            return resolved
        }
        let configSection =
            configFile?.sections[profile == "default" ? "default" : "profile \(profile)"]
            ?? (profile == "default" ? configFile?.sections["profile default"] : nil)
        if let section = configSection {
            if let resolved = try staticCredentials(section, .configFile(profile: profile)) { return resolved }
            if let command = section["credential_process"], !command.isEmpty {
                // Its environment is this resolver's (the user's, as the AWS CLI passes it).
                return try CredentialProcess(
                    command: command,
                    profile: profile,
                    environment: environment,
                    timeout: credentialProcessTimeout
                ).run(now: now())
            }
        }
        if explicitProfile != nil || environment["AWS_PROFILE"] != nil,
            credentialsFile?.sections[profile] == nil, configSection == nil
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

    /// The region to sign for, or `nil` when none is configured anywhere.
    public func resolveRegion(explicit: String? = nil, profile explicitProfile: String? = nil) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let profile = explicitProfile ?? nonEmpty("AWS_PROFILE") ?? "default"
        let config = loadINI(configPath)
        let section = config?.sections[profile == "default" ? "default" : "profile \(profile)"]
        if let region = section?["region"], !region.isEmpty { return region }
        return loadINI(credentialsPath)?.sections[profile]?["region"]
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func loadINI(_ path: String) -> INIFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return INIFile(text: String(decoding: data, as: UTF8.self))
    }

    private func staticCredentials(_ section: [String: String], _ source: Source) throws(SigV4Error) -> Resolved? {
        guard let id = section["aws_access_key_id"], !id.isEmpty else { return nil }
        guard let secret = section["aws_secret_access_key"], !secret.isEmpty else {
            throw SigV4Error(.invalidCredentials, "\(source) has aws_access_key_id but no aws_secret_access_key")
        }
        let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return Resolved(
            credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token),
            source: source,
            expiration: nil
        )
    }
}
