import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore
import IAMPolicy

/// `--user NAME` or `--role NAME`: which principal a command acts on.
struct PrincipalTargetOptions: ParsableArguments {
    @Option(help: "The user's name.")
    var user: String?

    @Option(help: "The role's name (or its ARN, arn:aws:iam::ACCOUNT:role/PATH/NAME).")
    var role: String?

    /// The one principal named, in `account` unless a role ARN says otherwise; `nil` when none.
    func reference(account: String) throws -> IdentityReference? {
        switch (user, role) {
        case (nil, nil): return nil
        case (let user?, nil): return .user(user, account: account)
        case (nil, let role?): return try PrincipalsCLI.roleReference(role, account: account)
        default: throw CLIError("give either --user or --role, not both")
        }
    }

    func required(account: String, command: String) throws -> IdentityReference {
        guard let reference = try reference(account: account) else {
            throw CLIError("\(command): give --user NAME or --role NAME")
        }
        return reference
    }
}
