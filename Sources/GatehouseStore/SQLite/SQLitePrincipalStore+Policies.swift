import GRDB
import GatehouseCore
import IAMPolicy

extension SQLitePrincipalStore {
    /// IAM's quota of managed policies attached to one user or role.
    public static let maximumAttachedPolicies = 10

    public func putInlinePolicy(
        _ name: String,
        document: PolicyText,
        on reference: IdentityReference
    ) async throws(StoreError) {
        try IAMNames.checkName(name, part: "policy name", maximum: 128)
        try Self.require(document, is: .identity)
        let text = document.text
        try await write { db in
            let id = try Self.principalId(db, reference)
            try db.execute(
                sql: """
                    INSERT INTO inline_policies (principal_id, name, document) VALUES (?, ?, ?)
                    ON CONFLICT (principal_id, name) DO UPDATE SET name = excluded.name, document = excluded.document
                    """,
                arguments: [id, name, text]
            )
        }
    }

    public func deleteInlinePolicy(_ name: String, from reference: IdentityReference) async throws(StoreError) {
        try await write { db in
            let id = try Self.principalId(db, reference)
            try db.execute(
                sql: "DELETE FROM inline_policies WHERE principal_id = ? AND name = ? COLLATE NOCASE",
                arguments: [id, name]
            )
            guard db.changesCount > 0 else {
                throw StoreError(
                    .notFound,
                    part: "policy name",
                    "\(reference) has no inline policy named `\(IAMNames.printable(name))`"
                )
            }
        }
    }

    @discardableResult
    public func putManagedPolicy(
        _ name: String,
        account: String = IdentityReference.defaultAccount,
        document: PolicyText
    ) async throws(StoreError) -> ManagedPolicy {
        try IAMNames.checkName(name, part: "policy name", maximum: 128)
        try IAMNames.checkAccount(account)
        try Self.require(document, is: .identity)
        let text = document.text
        let now = nowSeconds
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO managed_policies (account, name, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """,
                arguments: [account, name, text, now, now]
            )
            return try Self.loadManagedPolicies(db, account: account, name: name)[0]
        }
    }

    public func managedPolicies(account: String? = nil) async throws(StoreError) -> [ManagedPolicy] {
        try await read { db in try Self.loadManagedPolicies(db, account: account, name: nil) }
    }

    public func deleteManagedPolicy(
        _ name: String,
        account: String = IdentityReference.defaultAccount
    ) async throws(StoreError) {
        try await write { db in
            let policy = try Self.loadManagedPolicies(db, account: account, name: name).first
            guard let policy else {
                throw StoreError(
                    .notFound,
                    part: "policy name",
                    "no managed policy named `\(IAMNames.printable(name))` in account \(account)"
                )
            }
            guard policy.attachmentCount == 0 else {
                throw StoreError(
                    .conflict,
                    part: "policy name",
                    "`\(policy.name)` is attached to \(policy.attachmentCount) user(s) or role(s) (as a policy or a boundary); detach it first"
                )
            }
            try db.execute(
                sql: "DELETE FROM managed_policies WHERE account = ? AND name = ? COLLATE NOCASE",
                arguments: [account, name]
            )
        }
    }

    public func attachManagedPolicy(_ name: String, to reference: IdentityReference) async throws(StoreError) {
        try await write { db in
            let id = try Self.principalId(db, reference)
            let policyName = try Self.managedPolicyName(db, name, account: reference.account)
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM attached_policies WHERE principal_id = ? AND policy_name <> ? COLLATE NOCASE",
                    arguments: [id, policyName]
                ) ?? 0
            guard count < Self.maximumAttachedPolicies else {
                throw StoreError(
                    .limitExceeded,
                    part: "policy name",
                    "\(reference) already has \(Self.maximumAttachedPolicies) managed policies attached, IAM's limit"
                )
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO attached_policies (principal_id, policy_name) VALUES (?, ?)",
                arguments: [id, policyName]
            )
        }
    }

    public func detachManagedPolicy(_ name: String, from reference: IdentityReference) async throws(StoreError) {
        try await write { db in
            let id = try Self.principalId(db, reference)
            try db.execute(
                sql: "DELETE FROM attached_policies WHERE principal_id = ? AND policy_name = ? COLLATE NOCASE",
                arguments: [id, name]
            )
            guard db.changesCount > 0 else {
                throw StoreError(
                    .notFound,
                    part: "policy name",
                    "\(reference) has no managed policy `\(IAMNames.printable(name))` attached"
                )
            }
        }
    }

    public func setPermissionsBoundary(_ policyName: String?, on reference: IdentityReference) async throws(StoreError)
    {
        try await write { db in
            let id = try Self.principalId(db, reference)
            let stored = try policyName.map { try Self.managedPolicyName(db, $0, account: reference.account) }
            try db.execute(sql: "UPDATE principals SET boundary = ? WHERE id = ?", arguments: [stored, id])
        }
    }

    // MARK: Helpers

    /// Identity, boundary and managed documents are all stored as identity policies: a
    /// boundary is an ordinary managed policy used as a limit (IAM's own model), and the
    /// grammar of the two kinds is the same.
    static func require(_ document: PolicyText, is kind: IAMPolicy.PolicyKind) throws(StoreError) {
        guard document.kind == kind || (kind == .identity && document.kind == .permissionsBoundary) else {
            throw StoreError(
                .invalidPolicy,
                part: "policy document",
                "a \(document.kind) policy cannot be used as a \(kind) policy"
            )
        }
    }

    /// The stored spelling of the managed policy `name` in `account`; ``StoreError/Code/notFound``
    /// (saying how to create it) otherwise.
    static func managedPolicyName(_ db: Database, _ name: String, account: String) throws -> String {
        let stored = try String.fetchOne(
            db,
            sql: "SELECT name FROM managed_policies WHERE account = ? AND name = ? COLLATE NOCASE",
            arguments: [account, name]
        )
        guard let stored else {
            throw StoreError(
                .notFound,
                part: "policy name",
                "no managed policy named `\(IAMNames.printable(name))` in account \(account); create it first (put-policy --managed)"
            )
        }
        return stored
    }

    static func loadManagedPolicies(_ db: Database, account: String?, name: String?) throws -> [ManagedPolicy] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let account {
            conditions.append("m.account = ?")
            arguments += [account]
        }
        if let name {
            conditions.append("m.name = ? COLLATE NOCASE")
            arguments += [name]
        }
        let filter = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.*,
                    (SELECT COUNT(*) FROM attached_policies a JOIN principals p ON p.id = a.principal_id
                        WHERE p.account = m.account AND a.policy_name = m.name COLLATE NOCASE)
                    + (SELECT COUNT(*) FROM principals p
                        WHERE p.account = m.account AND p.boundary = m.name COLLATE NOCASE) AS attachments
                FROM managed_policies m WHERE \(filter) ORDER BY m.account, m.name COLLATE NOCASE
                """,
            arguments: arguments
        )
        return rows.map { row in
            ManagedPolicy(
                name: row["name"],
                account: row["account"],
                document: row["document"],
                createdAt: Timestamp(secondsSince1970: row["created_at"]),
                updatedAt: Timestamp(secondsSince1970: row["updated_at"]),
                attachmentCount: row["attachments"]
            )
        }
    }
}
