import GRDB
import GatehouseCore

extension SQLitePrincipalStore {
    public func createUser(
        _ name: String,
        path: String = "/",
        account: String = IdentityReference.defaultAccount,
        tags: [StoredTag] = []
    ) async throws(StoreError) -> StoredIdentity {
        try await create(.user, name, path: path, account: account, tags: tags, maxSessionDuration: nil)
    }

    public func createRole(
        _ name: String,
        path: String = "/",
        account: String = IdentityReference.defaultAccount,
        tags: [StoredTag] = [],
        maxSessionDuration: Int = 3600
    ) async throws(StoreError) -> StoredIdentity {
        guard (3600...43200).contains(maxSessionDuration) else {
            throw StoreError(
                .invalidInput,
                part: "max session duration",
                "`\(maxSessionDuration)` is out of range: a role's maximum session duration is 3600 to 43200 seconds"
            )
        }
        return try await create(
            .role,
            name,
            path: path,
            account: account,
            tags: tags,
            maxSessionDuration: maxSessionDuration
        )
    }

    private func create(
        _ kind: IdentityKind,
        _ name: String,
        path: String,
        account: String,
        tags: [StoredTag],
        maxSessionDuration: Int?
    ) async throws(StoreError) -> StoredIdentity {
        try IAMNames.checkName(name, part: "\(kind) name")
        try IAMNames.checkPath(path)
        try IAMNames.checkAccount(account)
        try IAMNames.checkTags(tags)
        let id = KeyMaterial.uniqueId(prefix: kind.idPrefix)
        let now = nowSeconds
        return try await write { db in
            let existing = try String.fetchOne(
                db,
                sql: "SELECT name FROM principals WHERE account = ? AND kind = ? AND name = ? COLLATE NOCASE",
                arguments: [account, kind.rawValue, name]
            )
            if let existing {
                throw StoreError(
                    .alreadyExists,
                    part: "\(kind) name",
                    "a \(kind) named `\(IAMNames.printable(existing))` already exists in account \(account)"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO principals (id, kind, account, name, path, created_at, max_session_duration)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, kind.rawValue, account, name, path, now, maxSessionDuration]
            )
            for (position, tag) in tags.enumerated() {
                try db.execute(
                    sql: "INSERT INTO principal_tags (principal_id, key, value, position) VALUES (?, ?, ?, ?)",
                    arguments: [id, tag.key, tag.value, position]
                )
            }
            return try Self.loadIdentities(db, where: "p.id = ?", [id])[0]
        }
    }

    public func identity(_ reference: IdentityReference) async throws(StoreError) -> StoredIdentity {
        try await read { db in
            let id = try Self.principalId(db, reference)
            return try Self.loadIdentities(db, where: "p.id = ?", [id])[0]
        }
    }

    public func identities(account: String? = nil) async throws(StoreError) -> [StoredIdentity] {
        try await read { db in
            if let account { return try Self.loadIdentities(db, where: "p.account = ?", [account]) }
            return try Self.loadIdentities(db, where: "1", [])
        }
    }

    public func deleteIdentity(_ reference: IdentityReference) async throws(StoreError) {
        try await write { db in
            let id = try Self.principalId(db, reference)
            // Keys, sessions, tags, inline policies and attachments go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM principals WHERE id = ?", arguments: [id])
        }
    }

    public func tag(_ reference: IdentityReference, _ tags: [StoredTag]) async throws(StoreError) {
        try IAMNames.checkTags(tags)
        try await write { db in
            let id = try Self.principalId(db, reference)
            let existing = try Row.fetchAll(
                db,
                sql: "SELECT key FROM principal_tags WHERE principal_id = ?",
                arguments: [id]
            )
            .map { ($0["key"] as String).lowercased() }
            let added = tags.filter { !existing.contains($0.key.lowercased()) }.count
            try IAMNames.checkTags([], existing: existing.count + added)
            var position =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM principal_tags WHERE principal_id = ?",
                    arguments: [id]
                ) ?? 0
            for tag in tags {
                // A key already present keeps its place and takes the new value (and spelling).
                try db.execute(
                    sql:
                        "UPDATE principal_tags SET key = ?, value = ? WHERE principal_id = ? AND key = ? COLLATE NOCASE",
                    arguments: [tag.key, tag.value, id, tag.key]
                )
                if db.changesCount == 0 {
                    try db.execute(
                        sql: "INSERT INTO principal_tags (principal_id, key, value, position) VALUES (?, ?, ?, ?)",
                        arguments: [id, tag.key, tag.value, position]
                    )
                    position += 1
                }
            }
        }
    }

    public func untag(_ reference: IdentityReference, keys: [String]) async throws(StoreError) {
        try await write { db in
            let id = try Self.principalId(db, reference)
            for key in keys {
                try db.execute(
                    sql: "DELETE FROM principal_tags WHERE principal_id = ? AND key = ? COLLATE NOCASE",
                    arguments: [id, key]
                )
            }
        }
    }

    // MARK: Reading identities

    /// The unique id of the principal `reference` names; ``StoreError/Code/notFound`` otherwise.
    static func principalId(_ db: Database, _ reference: IdentityReference) throws -> String {
        let id = try String.fetchOne(
            db,
            sql: "SELECT id FROM principals WHERE account = ? AND kind = ? AND name = ? COLLATE NOCASE",
            arguments: [reference.account, reference.kind.rawValue, reference.name]
        )
        guard let id else {
            throw StoreError(
                .notFound,
                part: "\(reference.kind) name",
                "no \(reference.kind) named `\(IAMNames.printable(reference.name))` in account \(reference.account)"
            )
        }
        return id
    }

    /// The principals matching `condition` (over `principals p`), with their tags, policy names
    /// and keys: users first, then roles, each by name.
    static func loadIdentities(
        _ db: Database,
        where condition: String,
        _ arguments: StatementArguments
    ) throws
        -> [StoredIdentity]
    {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT * FROM principals p WHERE \(condition) ORDER BY p.kind DESC, p.name COLLATE NOCASE",
            arguments: arguments
        )
        guard !rows.isEmpty else { return [] }
        let scope = "principal_id IN (SELECT p.id FROM principals p WHERE \(condition))"
        var tags: [String: [StoredTag]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT principal_id, key, value FROM principal_tags WHERE \(scope) ORDER BY position",
            arguments: arguments
        ) {
            tags[row["principal_id"], default: []].append(StoredTag(row["key"], row["value"]))
        }
        var inline: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT principal_id, name FROM inline_policies WHERE \(scope) ORDER BY name COLLATE NOCASE",
            arguments: arguments
        ) {
            inline[row["principal_id"], default: []].append(row["name"])
        }
        var attached: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT principal_id, policy_name FROM attached_policies WHERE \(scope) ORDER BY policy_name COLLATE NOCASE",
            arguments: arguments
        ) {
            attached[row["principal_id"], default: []].append(row["policy_name"])
        }
        var keys: [String: [AccessKeyMetadata]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT k.principal_id, k.access_key_id, k.status, k.created_at, p.name
                FROM access_keys k JOIN principals p ON p.id = k.principal_id
                WHERE k.\(scope) ORDER BY k.created_at, k.access_key_id
                """,
            arguments: arguments
        ) {
            keys[row["principal_id"], default: []].append(
                AccessKeyMetadata(
                    accessKeyId: row["access_key_id"],
                    status: AccessKeyStatus(rawValue: row["status"]) ?? .inactive,
                    createdAt: Timestamp(secondsSince1970: row["created_at"]),
                    userName: row["name"]
                )
            )
        }
        return rows.map { row in
            let id: String = row["id"]
            return StoredIdentity(
                kind: IdentityKind(rawValue: row["kind"]) ?? .user,
                name: row["name"],
                path: row["path"],
                account: row["account"],
                id: id,
                createdAt: Timestamp(secondsSince1970: row["created_at"]),
                tags: tags[id] ?? [],
                inlinePolicies: inline[id] ?? [],
                attachedPolicies: attached[id] ?? [],
                permissionsBoundary: row["boundary"],
                maxSessionDuration: row["max_session_duration"],
                accessKeys: keys[id] ?? []
            )
        }
    }
}
