import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore
import IAMPolicy

enum PrincipalsCLI {
    /// Runs `body`, turning a ``StoreError`` into a CLI error naming the part at fault.
    static func mappingSync<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CLIError(message(error))
        }
    }

    static func mapping<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw CLIError(message(error))
        }
    }

    static func message(_ error: StoreError) -> String {
        var text = error.description
        if error.code == .unavailable {
            text +=
                " (is the data directory right? another process may hold the database longer than \(Int(SQLitePrincipalStore.busyTimeoutSeconds)) s)"
        }
        return text
    }

    /// A role given by name or by ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`).
    static func roleReference(_ text: String, account: String) throws -> IdentityReference {
        guard text.hasPrefix("arn:") else { return .role(text, account: account) }
        guard let principal = try? Principal(arn: text), principal.kind == .role else {
            throw CLIError("--role: `\(text)` is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
        }
        return .role(principal.name, account: principal.account)
    }

    /// `KEY=VALUE` tags.
    static func tags(_ texts: [String]) throws -> [StoredTag] {
        try texts.map { text in
            guard let equals = text.firstIndex(of: "=") else {
                throw CLIError("--tag: `\(text)` is not KEY=VALUE (such as --tag team=payments)")
            }
            return StoredTag(String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }

    /// A policy document given inline (`{…}`), as `file://PATH` (as the AWS CLI takes them) or as
    /// a path; loaded as `kind` so a bad document is refused with its line, column and path.
    static func policy(_ argument: String, kind: PolicyKind, option: String) throws -> PolicyText {
        let text: String
        if argument.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            text = argument
        } else {
            let path = argument.hasPrefix("file://") ? String(argument.dropFirst(7)) : argument
            let bytes = try readFile(path, option: option, limit: FileLimit.policy)
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw CLIError("\(option): `\(path)` is not UTF-8 text")
            }
            text = decoded
        }
        return try mappingSync { () throws(StoreError) in try PolicyText(text, kind: kind, part: option) }
    }

    /// A time as the AWS CLI prints it (ISO 8601, UTC, whole seconds).
    static func time(_ timestamp: Timestamp) -> String { timestamp.wholeSecond.description }

    /// A user or role as `aws iam get-user` / `get-role` print it.
    static func json(_ identity: StoredIdentity) -> [String: Any] {
        let kind = identity.kind == .user ? "User" : "Role"
        var out: [String: Any] = [
            "\(kind)Name": identity.name,
            "\(kind)Id": identity.id,
            "Arn": identity.arn,
            "Path": identity.path,
            "CreateDate": time(identity.createdAt),
            "Tags": identity.tags.map { ["Key": $0.key, "Value": $0.value] },
            "InlinePolicies": identity.inlinePolicies,
            "AttachedPolicies": identity.attachedPolicies.map {
                ["PolicyName": $0, "PolicyArn": "arn:aws:iam::\(identity.account):policy/\($0)"]
            },
        ]
        if let boundary = identity.permissionsBoundary {
            out["PermissionsBoundary"] = [
                "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": "arn:aws:iam::\(identity.account):policy/\(boundary)",
            ]
        }
        if let maximum = identity.maxSessionDuration { out["MaxSessionDuration"] = maximum }
        if identity.kind == .user {
            out["AccessKeys"] = identity.accessKeys.map {
                ["AccessKeyId": $0.accessKeyId, "Status": $0.status.rawValue, "CreateDate": time($0.createdAt)]
            }
        }
        return out
    }

    /// One line per user or role, for people.
    static func text(_ identity: StoredIdentity) -> [String] {
        var lines = ["\(identity.kind) \(identity.name)  \(identity.arn)  id \(identity.id)"]
        if !identity.tags.isEmpty {
            lines.append("  tags: " + identity.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        if !identity.inlinePolicies.isEmpty {
            lines.append("  inline policies: " + identity.inlinePolicies.joined(separator: ", "))
        }
        if !identity.attachedPolicies.isEmpty {
            lines.append("  attached policies: " + identity.attachedPolicies.joined(separator: ", "))
        }
        if let boundary = identity.permissionsBoundary { lines.append("  permissions boundary: \(boundary)") }
        if let maximum = identity.maxSessionDuration { lines.append("  max session duration: \(maximum) s") }
        for key in identity.accessKeys {
            lines.append("  access key \(key.accessKeyId) \(key.status) (created \(time(key.createdAt)))")
        }
        return lines
    }
}

extension PrincipalsCLI {
    /// The keys of a data directory, read once (a one-shot command verifies right away, well
    /// within the cache's one-second freshness): the store's users and sessions, and the root key
    /// when the environment gives one or the data directory already holds one (a verifier never
    /// generates it; `serve` does).
    static func credentialCache(dataDir: String) async throws -> StoreCredentialCache {
        try await mapping { () async throws(StoreError) in
            let directory = DataDirectory(dataDir)
            let environment = ProcessInfo.processInfo.environment
            let store = try SQLitePrincipalStore(dataDirectory: directory)
            let hasRoot =
                environment[RootCredentials.accessKeyIdVariable] != nil
                || FileManager.default.fileExists(atPath: directory.file(RootCredentials.fileName))
            let root = hasRoot ? try RootCredentials.resolve(dataDirectory: directory, environment: environment) : nil
            let cache = StoreCredentialCache(store: store, root: root?.storedCredential())
            try await cache.refresh()
            return cache
        }
    }
}
