import ArgumentParser
import GatehouseStore

struct PrincipalsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a user, role, access key or managed policy, or remove something from a user or role.",
        discussion: """
            Deleting takes effect on a running server within a second (a deleted key stops \
            signing). A user or role is deleted with its keys, sessions, inline policies and \
            attachments.

            Forms:
              --user/--role NAME                         the user or role itself
              --user/--role NAME --policy POLICY         one inline policy
              --user/--role NAME --detach POLICY         detach a managed policy
              --user/--role NAME --boundary              remove the permissions boundary
              --access-key-id ID                         a key (AKIA… or a session's ASIA…)
              --managed-policy POLICY                    a managed policy nothing attaches

            Examples:
              gatehouse principals delete --access-key-id AKIAEXAMPLEEXAMPLE12
              gatehouse principals delete --role deployer --detach ApiReadOnly
              gatehouse principals delete --user alice
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @OptionGroup var target: PrincipalTargetOptions
    @Option(name: .customLong("access-key-id"), help: "Delete this access key.") var accessKeyId: String?
    @Option(name: .customLong("managed-policy"), help: "Delete this managed policy.") var managedPolicy: String?
    @Option(help: "Delete this inline policy of the --user or --role.") var policy: String?
    @Option(help: "Detach this managed policy from the --user or --role.") var detach: String?
    @Flag(help: "Remove the --user's or --role's permissions boundary.") var boundary = false

    func run() async throws {
        let principal = try target.reference(account: store.accountId)
        let account = store.accountId
        let parts = [principal != nil, accessKeyId != nil, managedPolicy != nil].filter { $0 }.count
        guard parts == 1 else {
            throw CLIError(
                "delete: give exactly one of --user/--role NAME, --access-key-id ID or --managed-policy NAME"
            )
        }
        guard principal != nil || (policy == nil && detach == nil && !boundary) else {
            throw CLIError("delete: --policy, --detach and --boundary need --user or --role")
        }
        guard [policy != nil, detach != nil, boundary].filter({ $0 }).count <= 1 else {
            throw CLIError("delete: give one of --policy, --detach or --boundary at a time")
        }
        let opened = try store.open()
        let done: String = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            if let accessKeyId {
                try await opened.deleteAccessKey(accessKeyId)
                return "deleted access key \(accessKeyId)"
            }
            if let managedPolicy {
                try await opened.deleteManagedPolicy(managedPolicy, account: account)
                return "deleted managed policy \(managedPolicy)"
            }
            guard let principal else { return "" }
            if let policy {
                try await opened.deleteInlinePolicy(policy, from: principal)
                return "deleted inline policy \(policy) of \(principal.kind) \(principal.name)"
            }
            if let detach {
                try await opened.detachManagedPolicy(detach, from: principal)
                return "detached \(detach) from \(principal.kind) \(principal.name)"
            }
            if boundary {
                try await opened.setPermissionsBoundary(nil, on: principal)
                return "removed the permissions boundary of \(principal.kind) \(principal.name)"
            }
            try await opened.deleteIdentity(principal)
            return "deleted \(principal.kind) \(principal.name)"
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["Deleted": done]))
        case .text: print(done)
        }
    }
}
