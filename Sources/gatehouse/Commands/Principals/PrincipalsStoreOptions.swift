import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore
import IAMPolicy

/// The options every `principals` command shares: where the store is, which account, how to
/// print.
struct PrincipalsStoreOptions: ParsableArguments {
    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(
        name: .customLong("data-dir"),
        help: "The data directory (created 0700 if missing; the database inside is 0600). Default: ./.gatehouse."
    )
    var dataDir: String = DataDirectory.defaultPath

    @Option(
        name: .customLong("account-id"),
        help: "The 12-digit account the principals belong to. Default: GATEHOUSE_ACCOUNT_ID, else 000000000000."
    )
    var accountId: String =
        ProcessInfo.processInfo.environment["GATEHOUSE_ACCOUNT_ID"] ?? IdentityReference.defaultAccount

    @Option(name: .customLong("output"), help: "text or json. Default: text (json for assume-role).")
    var outputChoice: Output?

    /// The output asked for, text by default.
    var output: Output { outputChoice ?? .text }

    /// Opens the store, turning its refusal into a message that says what to fix.
    func open() throws -> SQLitePrincipalStore {
        try PrincipalsCLI.mappingSync { () throws(StoreError) in
            try IAMNames.checkAccount(accountId)
            return try SQLitePrincipalStore(dataDirectory: DataDirectory(dataDir))
        }
    }
}
