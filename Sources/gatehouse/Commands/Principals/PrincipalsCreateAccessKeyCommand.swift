import ArgumentParser
import GatehouseCrypto
import GatehouseStore

struct PrincipalsCreateAccessKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-access-key",
        abstract: "Create an access key for a user and print its secret — the only time it is shown.",
        discussion: """
            A user has at most two keys (IAM's limit), so one can be rotated: create the second, \
            move clients to it, then delete the first (delete --access-key-id). With --output json \
            the shape is `aws iam create-access-key`'s.

            Examples:
              gatehouse principals create-access-key --user alice
              gatehouse principals create-access-key --user alice --output json > alice-key.json
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The user the key is for.") var user: String

    func run() async throws {
        let opened = try store.open()
        let key = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createAccessKey(for: .user(user, account: store.accountId))
        }
        switch store.output {
        case .json:
            print(
                JSONLines.pretty([
                    "AccessKey": [
                        "UserName": key.metadata.userName,
                        "AccessKeyId": key.accessKeyId,
                        "Status": key.metadata.status.rawValue,
                        "SecretAccessKey": key.secretAccessKey.revealed,
                        "CreateDate": PrincipalsCLI.time(key.metadata.createdAt),
                    ]
                ])
            )
        case .text:
            print("AccessKeyId      \(key.accessKeyId)")
            print("SecretAccessKey  \(key.secretAccessKey.revealed)")
            printError("note: the secret is shown only now; store it safely (user \(key.metadata.userName)).")
        }
    }
}
