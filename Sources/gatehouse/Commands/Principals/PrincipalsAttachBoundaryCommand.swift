import ArgumentParser
import GatehouseStore
import IAMPolicy

struct PrincipalsAttachBoundaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach-boundary",
        abstract: "Set a managed policy as a user's or role's permissions boundary.",
        discussion: """
            A boundary never grants: a request is allowed only when an identity policy and the \
            boundary both allow it (reference/iam.md §2.2). It replaces any boundary set before; \
            `delete --user NAME --boundary` removes it.

            Examples:
              gatehouse principals put-policy --managed --name ApiOnly --document file://api-only.json
              gatehouse principals attach-boundary --user alice --policy ApiOnly
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @OptionGroup var target: PrincipalTargetOptions
    @Option(help: "The managed policy to use as the boundary.") var policy: String

    func run() async throws {
        let principal = try target.required(account: store.accountId, command: "attach-boundary")
        let opened = try store.open()
        try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.setPermissionsBoundary(policy, on: principal)
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["PermissionsBoundary": policy, "To": principal.name]))
        case .text: print("\(principal.kind) \(principal.name) is bounded by \(policy)")
        }
    }
}
