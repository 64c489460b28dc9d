import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

struct JWTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwt",
        abstract: "Decode, verify, sign and make keys for JSON Web Tokens.",
        discussion: """
            Verification binds every key to one algorithm (the JWK's `alg`, else its type: RSA → RS256, \
            EC by curve, Ed25519 → EdDSA, oct → HS256); the token's header never chooses, `alg: none` is \
            refused in every spelling and `jku`/`x5u`/`jwk` headers are ignored.
            """,
        subcommands: [JWTDecodeCommand.self, JWTVerifyCommand.self, JWTSignCommand.self, JWTKeygenCommand.self]
    )
}
