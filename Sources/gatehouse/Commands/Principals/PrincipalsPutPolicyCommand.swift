import ArgumentParser
import GatehouseStore
import IAMPolicy

struct PrincipalsPutPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put-policy",
        abstract: "Put an inline policy on a user or role, create or replace a managed policy, or attach one.",
        discussion: """
            Three forms:
              --user/--role NAME --name POLICY --document DOC   an inline policy (added or replaced)
              --managed --name POLICY --document DOC            a managed policy of the account (created or replaced;
                                                                every user and role attaching it changes with it)
              --user/--role NAME --attach POLICY                attach a managed policy (at most 10)

            DOC is JSON inline ('{"Version": …}'), file://PATH (as the AWS CLI takes it) or a path. \
            Identity policies have no Principal element. A document that does not load is refused \
            with its line, column and JSON path.

            Examples:
              gatehouse principals put-policy --user alice --name invoke --document file://invoke.json
              gatehouse principals put-policy --managed --name ApiReadOnly --document policies/read-only.json
              gatehouse principals put-policy --role deployer --attach ApiReadOnly
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @OptionGroup var target: PrincipalTargetOptions
    @Flag(help: "Create or replace a managed policy (no --user/--role).") var managed = false
    @Option(help: "The policy's name (1 to 128 letters, digits and +=,.@_-).") var name: String?
    @Option(help: "The policy document: JSON, file://PATH or PATH.") var document: String?
    @Option(help: "Attach this managed policy to the --user or --role.") var attach: String?

    func run() async throws {
        let account = store.accountId
        let principal = try target.reference(account: account)
        let opened = try store.open()
        switch (managed, principal, attach) {
        case (true, nil, nil):
            guard let name, let document else { throw CLIError("put-policy --managed: give --name and --document") }
            let text = try PrincipalsCLI.policy(document, kind: .identity, option: "--document")
            let policy = try await PrincipalsCLI.mapping { () async throws(StoreError) in
                try await opened.putManagedPolicy(name, account: account, document: text)
            }
            report(
                ["PolicyName": policy.name, "Arn": policy.arn],
                "managed policy \(policy.name) saved: \(policy.arn)"
            )
        case (false, let principal?, let attach?):
            guard name == nil, document == nil else {
                throw CLIError(
                    "put-policy --attach: give no --name or --document (the managed policy already has them)"
                )
            }
            try await PrincipalsCLI.mapping { () async throws(StoreError) in
                try await opened.attachManagedPolicy(attach, to: principal)
            }
            report(
                ["Attached": attach, "To": principal.name],
                "attached \(attach) to \(principal.kind) \(principal.name)"
            )
        case (false, let principal?, nil):
            guard let name, let document else {
                throw CLIError("put-policy --\(principal.kind): give --name and --document (or --attach POLICY)")
            }
            let text = try PrincipalsCLI.policy(document, kind: .identity, option: "--document")
            try await PrincipalsCLI.mapping { () async throws(StoreError) in
                try await opened.putInlinePolicy(name, document: text, on: principal)
            }
            report(
                ["PolicyName": name, "To": principal.name],
                "inline policy \(name) saved on \(principal.kind) \(principal.name)"
            )
        case (true, _, _):
            throw CLIError("put-policy --managed takes --name and --document, not --user, --role or --attach")
        case (false, nil, _):
            throw CLIError("put-policy: give --user NAME or --role NAME (or --managed for a managed policy)")
        }
    }

    private func report(_ json: [String: Any], _ text: String) {
        switch store.output {
        case .json: print(JSONLines.pretty(json))
        case .text: print(text)
        }
    }
}
