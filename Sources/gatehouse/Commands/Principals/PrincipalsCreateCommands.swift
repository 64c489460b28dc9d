import ArgumentParser
import GatehouseCrypto
import GatehouseStore

struct PrincipalsCreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create an IAM user (it signs with access keys from create-access-key).",
        discussion: """
            Names are 1 to 64 letters, digits and +=,.@_- and unique in the account ignoring case. \
            Tags become aws:PrincipalTag/KEY in policy conditions.

            Examples:
              gatehouse principals create-user --name alice
              gatehouse principals create-user --name bob --path /payments/ --tag team=payments --output json
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The user's name.") var name: String
    @Option(help: "The IAM path, such as /team/. Default: /.") var path: String = "/"
    @Option(help: "A tag KEY=VALUE; repeatable.") var tag: [String] = []

    func run() async throws {
        let opened = try store.open()
        let tags = try PrincipalsCLI.tags(tag)
        let user = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createUser(name, path: path, account: store.accountId, tags: tags)
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["User": PrincipalsCLI.json(user)]))
        case .text: print("created user \(user.name): \(user.arn)")
        }
    }
}

struct PrincipalsCreateRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-role",
        abstract: "Create a role: it never signs itself; assume-role gives its sessions temporary credentials.",
        discussion: """
            A session of the role is arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION and carries the \
            role's policies, boundary and tags. --max-session-duration bounds assume-role's \
            --duration-seconds (3600 to 43200 seconds, as IAM).

            Examples:
              gatehouse principals create-role --name deployer
              gatehouse principals create-role --name nightly --max-session-duration 43200 --tag env=ci
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The role's name.") var name: String
    @Option(help: "The IAM path, such as /service/. Default: /.") var path: String = "/"
    @Option(help: "A tag KEY=VALUE; repeatable.") var tag: [String] = []
    @Option(
        name: .customLong("max-session-duration"),
        help: "The longest session assume-role may give. Default: 3600. \(OptionRange.maxSessionDuration.help)",
        transform: OptionRange.maxSessionDuration.parse
    )
    var maxSessionDuration: Int = 3600

    func run() async throws {
        let opened = try store.open()
        let tags = try PrincipalsCLI.tags(tag)
        let role = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createRole(
                name,
                path: path,
                account: store.accountId,
                tags: tags,
                maxSessionDuration: maxSessionDuration
            )
        }
        switch store.output {
        case .json: print(JSONLines.pretty(["Role": PrincipalsCLI.json(role)]))
        case .text: print("created role \(role.name): \(role.arn)")
        }
    }
}

struct PrincipalsCreateAccessKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-access-key",
        abstract: "Create an access key for a user and print its secret — the only time it is shown.",
        discussion: """
            A user has at most two keys (IAM's limit), so one can be rotated: create the second, \
            move clients to it, then delete the first (delete --access-key-id). With --output json \
            the shape is `aws iam create-access-key`'s.

            Examples:
              gatehouse principals create-access-key --user alice
              gatehouse principals create-access-key --user alice --output json > alice-key.json
            """
    )

    @OptionGroup var store: PrincipalsStoreOptions
    @Option(help: "The user the key is for.") var user: String

    func run() async throws {
        let opened = try store.open()
        let key = try await PrincipalsCLI.mapping { () async throws(StoreError) in
            try await opened.createAccessKey(for: .user(user, account: store.accountId))
        }
        switch store.output {
        case .json:
            print(
                JSONLines.pretty([
                    "AccessKey": [
                        "UserName": key.metadata.userName,
                        "AccessKeyId": key.accessKeyId,
                        "Status": key.metadata.status.rawValue,
                        "SecretAccessKey": key.secretAccessKey.revealed,
                        "CreateDate": PrincipalsCLI.time(key.metadata.createdAt),
                    ]
                ])
            )
        case .text:
            print("AccessKeyId      \(key.accessKeyId)")
            print("SecretAccessKey  \(key.secretAccessKey.revealed)")
            printError("note: the secret is shown only now; store it safely (user \(key.metadata.userName)).")
        }
    }
}

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
