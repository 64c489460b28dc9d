import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

struct JWTDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print a token's header and payload WITHOUT verifying it.",
        discussion: """
            Exit 0 when the token has the shape of a JWS, 1 when it does not.

            Example:
              gatehouse jwt decode eyJhbGciOi…
            """
    )

    @Argument(help: "The token (or - to read it from stdin).")
    var token: String

    func run() async throws {
        let text =
            token == "-"
            ? String(decoding: try readFile("-", option: "token"), as: UTF8.self) : token
        do {
            let (header, payload) = try JWTVerifier.decodeUnverified(
                text.trimmingCharacters(in: .whitespacesAndNewlines)
            )
            print(
                JSONLines.pretty([
                    "header": JWTSupport.foundation(header.value), "payload": JWTSupport.foundation(payload.value),
                ])
            )
            printError("note: not verified — use `gatehouse jwt verify` to check the signature and claims")
        } catch {
            printError("gatehouse: \(error)")
            throw ExitCode(ExitStatus.negative)
        }
    }
}
