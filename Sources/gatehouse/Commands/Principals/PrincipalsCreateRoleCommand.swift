import ArgumentParser
import GatehouseCrypto
import GatehouseStore

struct PrincipalsCreateRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-role",
        abstract: "Create a role: it never signs itself; assume-role gives its sessions temporary credentials.",
        discussion: """
            A session of the role is arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION and carries the \
            role's policies, boundary and tags. --max-session-duration bounds assume-role's \
            --duration-seconds (3600 to 43200 seconds, as IAM).

            Examples:
              gatehouse principals create-role --name deployer
              gatehouse principals create-role --name nightly --max-session-duration 43200 --tag env=ci
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The role's name.") var name: String
    @Option(help: "The IAM path, such as /service/. Default: /.") var path: String = "/"
    @Option(help: "A tag KEY=VALUE; repeatable.") var tag: [String] = []
    @Option(
        name: .customLong("max-session-duration"),
        help: "The longest session assume-role may give. Default: 3600. \(OptionRange.maxSessionDuration.help)",
        transform: OptionRange.maxSessionDuration.parse
    )
    var maxSessionDuration: Int = 3600

    func run() async throws {
        let opened = try store.open()
        let tags = try PrincipalsCLI.tags(tag)
        let role = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createRole(
                name,
                path: path,
                account: store.accountId,
                tags: tags,
                maxSessionDuration: maxSessionDuration
            )
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["Role": PrincipalsCLI.json(role)]))
        case .text: print("created role \(role.name): \(role.arn)")
        }
    }
}
