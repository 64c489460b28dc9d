import ArgumentParser
import GatehouseStore
import IAMPolicy

struct PrincipalsTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add or change tags on a user or role, or remove them (--untag).",
        discussion: """
            A key already present takes the new value (keys match ignoring case). At most 50 tags; \
            keys 1 to 128 characters, values up to 256, no `aws:` prefix.

            Examples:
              gatehouse principals tag --user alice --tag team=payments --tag cost-center=42
              gatehouse principals tag --role deployer --untag env
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @OptionGroup var target: PrincipalTargetOptions
    @Option(help: "A tag KEY=VALUE to add or change; repeatable.") var tag: [String] = []
    @Option(help: "A tag key to remove; repeatable.") var untag: [String] = []

    func run() async throws {
        let principal = try target.required(account: store.accountId, command: "tag")
        guard !tag.isEmpty || !untag.isEmpty else { throw CLIError("tag: give --tag KEY=VALUE or --untag KEY") }
        let tags = try PrincipalsCLI.tags(tag)
        let opened = try store.open()
        let identity = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            if !tags.isEmpty { try await opened.tag(principal, tags) }
            if !untag.isEmpty { try await opened.untag(principal, keys: untag) }
            return try await opened.identity(principal)
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["Tags": identity.tags.map { ["Key": $0.key, "Value": $0.value] }]))
        case .text:
            print(
                "\(identity.kind) \(identity.name) tags: "
                    + identity.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            )
        }
    }
}
