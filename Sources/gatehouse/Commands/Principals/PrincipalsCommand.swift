import ArgumentParser

struct PrincipalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principals",
        abstract: "Manage IAM-like users, roles, access keys, policies and role sessions in a data directory.",
        discussion: """
            The state lives in --data-dir (default ./.gatehouse, SQLite). A running `gatehouse serve` \
            on the same directory sees every change within a second: a deleted or deactivated key \
            stops working, a new policy applies. Secrets are printed once, by create-access-key and \
            assume-role, and never by list.

            A first user that may call one API:
              gatehouse principals create-user --name alice --tag team=payments
              gatehouse principals put-policy --user alice --name invoke --document file://invoke.json
              gatehouse principals create-access-key --user alice --output json

            A role, a boundary and a short session limited by a session policy:
              gatehouse principals create-role --name deployer --max-session-duration 7200
              gatehouse principals put-policy --managed --name ApiOnly --document file://boundary.json
              gatehouse principals attach-boundary --role deployer --policy ApiOnly
              gatehouse principals put-policy --role deployer --attach ApiOnly
              gatehouse principals assume-role --role deployer --session-name ci-42 \\
                  --policy file://read-only.json --duration-seconds 900

            See what is there, then revoke a key:
              gatehouse principals list
              gatehouse principals delete --access-key-id AKIA…

            The root principal (full access) is not listed here: its key comes from \
            GATEHOUSE_ROOT_ACCESS_KEY_ID / GATEHOUSE_ROOT_SECRET_ACCESS_KEY or is generated once \
            into DATA_DIR/root-credentials (mode 0600) by `gatehouse serve`.
            """,
        subcommands: [
            PrincipalsCreateUserCommand.self, PrincipalsCreateRoleCommand.self, PrincipalsCreateAccessKeyCommand.self,
            PrincipalsUpdateAccessKeyCommand.self, PrincipalsPutPolicyCommand.self,
            PrincipalsAttachBoundaryCommand.self, PrincipalsTagCommand.self, PrincipalsListCommand.self,
            PrincipalsDeleteCommand.self, PrincipalsAssumeRoleCommand.self,
        ]
    )
}
