import ArgumentParser
import GatehouseCrypto
import GatehouseStore

struct PrincipalsUpdateAccessKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-access-key",
        abstract: "Make an access key Active or Inactive (an inactive key stops signing within a second).",
        discussion: """
            Examples:
              gatehouse principals update-access-key --access-key-id AKIA… --status Inactive
              gatehouse principals update-access-key --access-key-id AKIA… --status Active
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(name: .customLong("access-key-id"), help: "The key.") var accessKeyId: String
    @Option(help: "Active or Inactive.") var status: String

    func run() async throws {
        guard let parsed = AccessKeyStatus.allCases.first(where: { $0.rawValue.lowercased() == status.lowercased() })
        else {
            throw CLIError("--status: `\(status)` is not a status: Active or Inactive")
        }
        let opened = try store.open()
        try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.setAccessKeyStatus(accessKeyId, parsed)
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["AccessKeyId": accessKeyId, "Status": parsed.rawValue]))
        case .text: print("access key \(accessKeyId) is now \(parsed)")
        }
    }
}
