import ArgumentParser
import GatehouseCrypto
import GatehouseStore
import IAMPolicy

struct PrincipalsAssumeRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assume-role",
        abstract: "Get temporary credentials for a session of a role, as `aws sts assume-role` prints them.",
        discussion: """
            Prints {"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}, \
            "AssumedRoleUser": {"AssumedRoleId", "Arn"}} (JSON unless --output text). The session \
            signs as arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION with the role's policies, \
            boundary and tags; a --policy session policy limits it further (it never grants more). \
            --duration-seconds is 900 up to the role's --max-session-duration (default 3600). \
            Requests signed after Expiration are refused with ExpiredTokenException.

            Examples:
              gatehouse principals assume-role --role deployer --session-name ci-42
              gatehouse principals assume-role --role arn:aws:iam::000000000000:role/deployer --session-name ci-42 \\
                  --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}' \\
                  --duration-seconds 900
              eval "$(gatehouse principals assume-role --role deployer --session-name me --output text)"
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The role: its name, or its ARN.") var role: String
    @Option(name: .customLong("session-name"), help: "The session's name (2 to 64 letters, digits and +=,.@_-).")
    var sessionName: String
    @Option(help: "A session policy: JSON, file://PATH or PATH.") var policy: String?
    @Option(
        name: .customLong("duration-seconds"),
        help:
            "How long the credentials last, up to the role's maximum session duration. Default: 3600 (or the maximum, if lower). \(OptionRange.durationSeconds.help)",
        transform: OptionRange.durationSeconds.parse
    )
    var durationSeconds: Int?

    func run() async throws {
        let reference = try PrincipalsCLI.roleReference(role, account: store.accountId)
        let sessionPolicy = try policy.map { try PrincipalsCLI.policy($0, kind: .session, option: "--policy") }
        let opened = try store.open()
        let session = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.assumeRole(
                reference,
                sessionName: sessionName,
                sessionPolicy: sessionPolicy,
                durationSeconds: durationSeconds
            )
        }
        // JSON unless text is asked for: the shape scripts and SDKs expect.
        if store.outputChoice == .text {
            print("export AWS_ACCESS_KEY_ID=\(session.accessKeyId)")
            print("export AWS_SECRET_ACCESS_KEY=\(session.secretAccessKey.revealed)")
            print("export AWS_SESSION_TOKEN=\(session.sessionToken.revealed)")
            printError(
                "note: these credentials expire at \(PrincipalsCLI.time(session.expiration)) (\(session.assumedRoleArn))."
            )
            return
        }
        print(
            JSONLines.pretty([
                "Credentials": [
                    "AccessKeyId": session.accessKeyId,
                    "SecretAccessKey": session.secretAccessKey.revealed,
                    "SessionToken": session.sessionToken.revealed,
                    "Expiration": PrincipalsCLI.time(session.expiration),
                ],
                "AssumedRoleUser": ["AssumedRoleId": session.assumedRoleId, "Arn": session.assumedRoleArn],
            ])
        )
    }
}
