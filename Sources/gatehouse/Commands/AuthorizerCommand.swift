import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import HTTPTypes
import IAMPolicy

struct AuthorizerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizer",
        abstract: "Run and scaffold Lambda (custom) authorizers as API Gateway does.",
        subcommands: [AuthorizerTestCommand.self, AuthorizerInitCommand.self]
    )
}
