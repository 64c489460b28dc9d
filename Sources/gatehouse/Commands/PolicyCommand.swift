import ArgumentParser
import GatehouseCore
import IAMPolicy

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Evaluate, simulate and lint IAM-style policies offline.",
        discussion: """
            Policies are JSON, or YAML for files ending in .yaml or .yml. The semantics are IAM's \
            (reference/iam.md): explicit deny first, then every layer that must allow.
            """,
        subcommands: [PolicyEvalCommand.self, PolicySimulateCommand.self, PolicyValidateCommand.self]
    )
}
