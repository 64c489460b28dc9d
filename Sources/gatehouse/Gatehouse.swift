import ArgumentParser
import Foundation
import GatehouseProcess
import SigV4

@main
struct Gatehouse: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract:
            "An authorization-first API gateway and security toolkit: SigV4 signing and verification, IAM policy evaluation, bearer tokens and Lambda authorizers.",
        discussion: """
            Sign requests from the command line:
              gatehouse sign https://abc123.execute-api.us-east-1.amazonaws.com/prod/items
              gatehouse curl https://abc123.execute-api.us-east-1.amazonaws.com/prod/items
              gatehouse presign https://bucket.s3.us-east-1.amazonaws.com/report.pdf --expires 3600

            Verify signatures as a server would:
              gatehouse verify --request-file captured.txt --credentials keys.json

            Evaluate and lint IAM-style policies offline:
              gatehouse policy eval --policy p.json --principal arn:aws:iam::111122223333:user/alice \\
                  --action execute-api:Invoke --resource arn:aws:execute-api:us-east-1:111122223333:abc/prod/GET/x --explain
              gatehouse policy validate --strict policies/*.json

            Verify and mint JSON Web Tokens:
              gatehouse jwt verify --token "$TOKEN" --jwks https://issuer.example.com/.well-known/jwks.json --audience my-api
              gatehouse jwt keygen --alg ES256 --jwks-out jwks.json --private-out key.pem

            Run Lambda authorizers as API Gateway does:
              gatehouse authorizer init --template python my-authorizer
              gatehouse authorizer test --config my-authorizer/gatehouse-authorizers.json --authorizer jwt \\
                  --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets --token "Bearer $TOKEN"

            Manage the principals a gateway accepts (users, roles, keys, policies, sessions):
              gatehouse principals create-user --name alice
              gatehouse principals create-access-key --user alice
              gatehouse principals assume-role --role deployer --session-name ci-42

            Run the gateway (the embedded demo with no --config; see `gatehouse serve --help`):
              gatehouse serve
              gatehouse serve --config gatehouse.yaml --port 8080
              gatehouse serve --openapi api.yaml --stage prod --function authorizer='python3 auth.py'
              gatehouse export --config gatehouse.yaml --api pets > pets-openapi.json

            Measure the hot paths:
              gatehouse bench
            """,
        version: version,
        subcommands: [
            SignCommand.self, PresignCommand.self, CurlCommand.self, VerifyCommand.self, PolicyCommand.self,
            JWTCommand.self, AuthorizerCommand.self, PrincipalsCommand.self, ServeCommand.self, ExportCommand.self,
            BenchCommand.self, BenchHTTPFloorCommand.self,
        ]
    )

    /// Runs the command; usage and input errors exit 2 (not swift-argument-parser's 64), so every
    /// command has the same contract: 0 success, 1 a negative answer, 2 bad usage or input.
    static func main() async {
        // Ctrl-C or `kill` also ends the process groups of authorizer commands and
        // credential_process runs in progress (they do not get the terminal's SIGINT).
        ChildProcess.endRunningGroupsOnTermination()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)  // --help, --version
            }
            let message: String
            switch error {
            // Messages quote policies, file names and requests: escaped, so one error is one line.
            case let error as CLIError: message = "error: \(TerminalText.escape(error.message))"
            case let error as SigV4Error: message = "error: \(error.message) [\(error.code)]"
            default: message = fullMessage(for: error)
            }
            // A message may quote a URL: printError hides presigned secrets in it.
            printError(message)
            Foundation.exit(ExitStatus.usage)
        }
    }
}
