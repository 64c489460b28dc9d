import GRDB
import GatehouseCore
import GatehouseCrypto
import IAMPolicy

extension SQLitePrincipalStore {
    /// IAM's quota of long-term access keys per user.
    public static let maximumAccessKeysPerUser = 2

    /// How long an expired session stays in the store, so a request signed with it is refused as
    /// expired (`ExpiredTokenException`) rather than as unknown; older ones are purged when a new
    /// session is made.
    public static let expiredSessionRetentionSeconds: Int64 = 86_400

    public func createAccessKey(for user: IdentityReference) async throws(StoreError) -> NewAccessKey {
        guard user.kind == .user else {
            throw StoreError(
                .invalidInput,
                part: "role name",
                "a role has no access keys of its own: its sessions sign (assume-role gives temporary credentials)"
            )
        }
        let accessKeyId = KeyMaterial.longTermAccessKeyId()
        let secret = KeyMaterial.secretAccessKey()
        let now = nowSeconds
        let revealed = secret.revealed
        let metadata = try await write { db in
            let id = try Self.principalId(db, user)
            let count =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM access_keys WHERE principal_id = ?",
                    arguments: [id]
                ) ?? 0
            guard count < Self.maximumAccessKeysPerUser else {
                throw StoreError(
                    .limitExceeded,
                    part: "user name",
                    "\(user) already has \(Self.maximumAccessKeysPerUser) access keys, IAM's limit; delete one first"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO access_keys (access_key_id, principal_id, secret, status, created_at)
                    VALUES (?, ?, ?, 'Active', ?)
                    """,
                arguments: [accessKeyId, id, revealed, now]
            )
            let name =
                try String.fetchOne(db, sql: "SELECT name FROM principals WHERE id = ?", arguments: [id]) ?? user.name
            return AccessKeyMetadata(
                accessKeyId: accessKeyId,
                status: .active,
                createdAt: Timestamp(secondsSince1970: now),
                userName: name
            )
        }
        return NewAccessKey(metadata: metadata, secretAccessKey: secret)
    }

    public func setAccessKeyStatus(_ accessKeyId: String, _ status: AccessKeyStatus) async throws(StoreError) {
        try IAMNames.checkAccessKeyId(accessKeyId)
        try await write { db in
            try db.execute(
                sql: "UPDATE access_keys SET status = ? WHERE access_key_id = ?",
                arguments: [status.rawValue, accessKeyId]
            )
            guard db.changesCount > 0 else {
                throw StoreError(.notFound, part: "access key id", "no long-term access key `\(accessKeyId)`")
            }
        }
    }

    public func deleteAccessKey(_ accessKeyId: String) async throws(StoreError) {
        try IAMNames.checkAccessKeyId(accessKeyId)
        try await write { db in
            try db.execute(sql: "DELETE FROM access_keys WHERE access_key_id = ?", arguments: [accessKeyId])
            var deleted = db.changesCount
            try db.execute(sql: "DELETE FROM role_sessions WHERE access_key_id = ?", arguments: [accessKeyId])
            deleted += db.changesCount
            guard deleted > 0 else {
                throw StoreError(.notFound, part: "access key id", "no access key `\(accessKeyId)`")
            }
        }
    }

    public func assumeRole(
        _ role: IdentityReference,
        sessionName: String,
        sessionPolicy: PolicyText? = nil,
        durationSeconds: Int? = nil
    ) async throws(StoreError) -> SessionCredentials {
        guard role.kind == .role else {
            throw StoreError(.invalidInput, part: "role name", "only a role can be assumed; \(role) is not one")
        }
        try IAMNames.checkSessionName(sessionName)
        if let sessionPolicy { try Self.require(sessionPolicy, is: .session) }
        let accessKeyId = KeyMaterial.temporaryAccessKeyId()
        let secret = KeyMaterial.secretAccessKey()
        let token = KeyMaterial.sessionToken()
        let now = nowSeconds
        let (secretText, tokenText, policyText) = (secret.revealed, token.revealed, sessionPolicy?.text)
        let (expiration, arn, roleId) = try await write { db in
            let id = try Self.principalId(db, role)
            let row = try Row.fetchOne(
                db,
                sql: "SELECT name, account, max_session_duration FROM principals WHERE id = ?",
                arguments: [id]
            )
            guard let row else { throw StoreError(.notFound, part: "role name", "no \(role)") }
            let maximum: Int = row["max_session_duration"] ?? 3600
            let duration = durationSeconds ?? min(3600, maximum)
            guard duration >= 900, duration <= maximum else {
                throw StoreError(
                    .invalidInput,
                    part: "duration seconds",
                    "`\(duration)` is out of range: 900 to \(maximum) seconds for this role (its maximum session duration; a role may allow up to 43200)"
                )
            }
            let expiration = now + Int64(duration)
            try db.execute(
                sql: "DELETE FROM role_sessions WHERE expires_at < ?",
                arguments: [now - Self.expiredSessionRetentionSeconds]
            )
            try db.execute(
                sql: """
                    INSERT INTO role_sessions
                        (access_key_id, role_id, session_name, secret, session_token, session_policy, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [accessKeyId, id, sessionName, secretText, tokenText, policyText, now, expiration]
            )
            let name: String = row["name"]
            let account: String = row["account"]
            return (expiration, "arn:aws:sts::\(account):assumed-role/\(name)/\(sessionName)", "\(id):\(sessionName)")
        }
        return SessionCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secret,
            sessionToken: token,
            expiration: Timestamp(secondsSince1970: expiration),
            assumedRoleArn: arn,
            assumedRoleId: roleId
        )
    }

    public func credentialRecords() async throws(StoreError) -> CredentialRecords {
        try await read { db in
            let revision = try Int64.fetchOne(db, sql: "SELECT value FROM store_revision WHERE id = 1") ?? 0
            let identities = try Self.loadIdentities(db, where: "1", [])
            var inline: [String: [(name: String, text: String)]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT principal_id, name, document FROM inline_policies ORDER BY name COLLATE NOCASE"
            ) {
                inline[row["principal_id"], default: []].append((row["name"], row["document"]))
            }
            var managed: [String: String] = [:]  // "account:lowercased name" → document
            var managedName: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT account, name, document FROM managed_policies") {
                let account: String = row["account"]
                let name: String = row["name"]
                managed["\(account):\(name.lowercased())"] = row["document"]
                managedName["\(account):\(name.lowercased())"] = name
            }
            let records = identities.map { identity in
                let attached = identity.attachedPolicies.compactMap { name -> (name: String, text: String)? in
                    managed["\(identity.account):\(name.lowercased())"].map { (name, $0) }
                }
                let boundary = identity.permissionsBoundary.flatMap { name -> (name: String, text: String)? in
                    managed["\(identity.account):\(name.lowercased())"].map { (name, $0) }
                }
                return CredentialRecords.Identity(
                    identity: identity,
                    inline: inline[identity.id] ?? [],
                    attached: attached,
                    boundary: boundary
                )
            }
            let keys = try Row.fetchAll(
                db,
                sql: "SELECT access_key_id, principal_id, secret, status FROM access_keys"
            ).map { row in
                CredentialRecords.Key(
                    accessKeyId: row["access_key_id"],
                    secret: Secret(row["secret"] as String),
                    status: AccessKeyStatus(rawValue: row["status"]) ?? .inactive,
                    ownerId: row["principal_id"]
                )
            }
            let sessions = try Row.fetchAll(
                db,
                sql: """
                    SELECT access_key_id, role_id, session_name, secret, session_token, session_policy, expires_at
                    FROM role_sessions
                    """
            ).map { row in
                CredentialRecords.Session(
                    accessKeyId: row["access_key_id"],
                    secret: Secret(row["secret"] as String),
                    sessionToken: Secret(row["session_token"] as String),
                    roleId: row["role_id"],
                    sessionName: row["session_name"],
                    sessionPolicy: row["session_policy"],
                    expiration: Timestamp(secondsSince1970: row["expires_at"])
                )
            }
            return CredentialRecords(revision: revision, identities: records, keys: keys, sessions: sessions)
        }
    }

    // MARK: API ids

    public func apiIdentifier(forName name: String) async throws(StoreError) -> String {
        guard !name.isEmpty, name.utf8.count <= 1024 else {
            throw StoreError(.invalidInput, part: "api name", "an API name is 1 to 1024 bytes")
        }
        let now = nowSeconds
        return try await write { db in
            if let id = try String.fetchOne(db, sql: "SELECT id FROM api_ids WHERE name = ?", arguments: [name]) {
                return id
            }
            // Unique among this directory's ids; a collision (about 1 in 2^51 per pair) draws again.
            while true {
                let id = KeyMaterial.apiIdentifier()
                if try String.fetchOne(db, sql: "SELECT name FROM api_ids WHERE id = ?", arguments: [id]) == nil {
                    try db.execute(
                        sql: "INSERT INTO api_ids (name, id, created_at) VALUES (?, ?, ?)",
                        arguments: [name, id, now]
                    )
                    return id
                }
            }
        }
    }
}
