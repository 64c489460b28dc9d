import GRDB

/// The SQLite schema, as GRDB migrations: each migration runs once per database, in order, in its
/// own transaction, and a database written by a newer program (a migration this one does not
/// know) is refused rather than misread.
///
/// Every table that the credential cache reads bumps `store_revision.value` on each insert,
/// update and delete through triggers, so no write path can forget to, and a cache in another
/// process notices any change by reading one integer (``SQLitePrincipalStore/revision()``).
enum StoreSchema {
    /// The tables whose changes a credential cache must see.
    static let watchedTables = [
        "principals", "principal_tags", "inline_policies", "managed_policies", "attached_policies",
        "access_keys", "role_sessions",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-principals") { db in
            try db.execute(
                sql: """
                    CREATE TABLE store_revision (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        value INTEGER NOT NULL
                    );
                    INSERT INTO store_revision (id, value) VALUES (1, 0);

                    -- IAM users and roles. `id` is the unique id AWS gives them (AIDA…, AROA…).
                    CREATE TABLE principals (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('user', 'role')),
                        account TEXT NOT NULL,
                        name TEXT NOT NULL,
                        path TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        max_session_duration INTEGER,
                        boundary TEXT,
                        -- IAM names are unique per account and kind, ignoring case.
                        UNIQUE (account, kind, name COLLATE NOCASE)
                    );

                    CREATE TABLE principal_tags (
                        principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (principal_id, key COLLATE NOCASE)
                    );

                    CREATE TABLE managed_policies (
                        account TEXT NOT NULL,
                        name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (account, name COLLATE NOCASE)
                    );

                    CREATE TABLE inline_policies (
                        principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        PRIMARY KEY (principal_id, name COLLATE NOCASE)
                    );

                    CREATE TABLE attached_policies (
                        principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
                        policy_name TEXT NOT NULL,
                        PRIMARY KEY (principal_id, policy_name COLLATE NOCASE)
                    );

                    -- Long-term keys. The secret is stored as issued: SigV4 is an HMAC, so the
                    -- verifier needs it (the files are 0600; see DataDirectory).
                    CREATE TABLE access_keys (
                        access_key_id TEXT PRIMARY KEY NOT NULL,
                        principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
                        secret TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX access_keys_principal ON access_keys(principal_id);

                    -- Temporary credentials from AssumeRole.
                    CREATE TABLE role_sessions (
                        access_key_id TEXT PRIMARY KEY NOT NULL,
                        role_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
                        session_name TEXT NOT NULL,
                        secret TEXT NOT NULL,
                        session_token TEXT NOT NULL,
                        session_policy TEXT,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    CREATE INDEX role_sessions_role ON role_sessions(role_id);

                    -- Stable API ids (10 lowercase alphanumerics) per API name.
                    CREATE TABLE api_ids (
                        name TEXT PRIMARY KEY NOT NULL,
                        id TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL
                    );
                    """
            )
            for table in watchedTables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_\(event.lowercased())_revision AFTER \(event) ON \(table)
                            BEGIN UPDATE store_revision SET value = value + 1 WHERE id = 1; END
                            """
                    )
                }
            }
        }
        return migrator
    }
}
