import ArgumentParser
import GatehouseStore

struct PrincipalsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List users (with their access key ids), roles and managed policies. Never prints a secret.",
        discussion: """
            Without --user or --role, everything in --account-id; with one, just that principal. \
            --all-accounts lists every account in the data directory.

            Examples:
              gatehouse principals list
              gatehouse principals list --user alice --output json
              gatehouse principals list --all-accounts --output json | jq '.Users[].Arn'
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @OptionGroup var target: PrincipalTargetOptions
    @Flag(name: .customLong("all-accounts"), help: "List every account, not only --account-id.") var allAccounts = false

    func run() async throws {
        let opened = try store.open()
        let account = allAccounts ? nil : store.accountId
        if let principal = try target.reference(account: store.accountId) {
            let identity = try await PrincipalsCLI.mapping { () async throws(StoreError) in
                try await opened.identity(principal)
            }
            switch store.output {
            case .json:
                print(JSONLines.pretty([identity.kind == .user ? "User" : "Role": PrincipalsCLI.json(identity)]))
            case .text:
                for line in PrincipalsCLI.text(identity) { print(line) }
            }
            return
        }
        let (identities, policies) = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            (try await opened.identities(account: account), try await opened.managedPolicies(account: account))
        }
        switch store.output {
        case .json:
            print(
                JSONLines.pretty([
                    "Users": identities.filter { $0.kind == .user }.map(PrincipalsCLI.json),
                    "Roles": identities.filter { $0.kind == .role }.map(PrincipalsCLI.json),
                    "Policies": policies.map {
                        [
                            "PolicyName": $0.name, "Arn": $0.arn, "AttachmentCount": $0.attachmentCount,
                            "CreateDate": PrincipalsCLI.time($0.createdAt),
                            "UpdateDate": PrincipalsCLI.time($0.updatedAt),
                        ] as [String: Any]
                    },
                ])
            )
        case .text:
            if identities.isEmpty && policies.isEmpty {
                print("no users, roles or managed policies in \(opened.dataDirectory)")
                return
            }
            for identity in identities {
                for line in PrincipalsCLI.text(identity) { print(line) }
            }
            for policy in policies {
                print("managed policy \(policy.name)  \(policy.arn)  attached \(policy.attachmentCount)×")
            }
        }
    }
}
