import ArgumentParser
import GatehouseCrypto
import GatehouseStore

struct PrincipalsCreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create an IAM user (it signs with access keys from create-access-key).",
        discussion: """
            Names are 1 to 64 letters, digits and +=,.@_- and unique in the account ignoring case. \
            Tags become aws:PrincipalTag/KEY in policy conditions.

            Examples:
              gatehouse principals create-user --name alice
              gatehouse principals create-user --name bob --path /payments/ --tag team=payments --output json
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The user's name.") var name: String
    @Option(help: "The IAM path, such as /team/. Default: /.") var path: String = "/"
    @Option(help: "A tag KEY=VALUE; repeatable.") var tag: [String] = []

    func run() async throws {
        let opened = try store.open()
        let tags = try PrincipalsCLI.tags(tag)
        let user = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createUser(name, path: path, account: store.accountId, tags: tags)
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["User": PrincipalsCLI.json(user)]))
        case .text: print("created user \(user.name): \(user.arn)")
        }
    }
}
