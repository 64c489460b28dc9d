import GRDB
public import GatehouseCore

/// The embedded store: one SQLite database in the data directory, through GRDB.
///
/// - **WAL and one writer.** A `DatabasePool` opens the database in WAL mode: readers never wait
///   for the writer, and writes are serialized — within a process by GRDB, across processes by
///   SQLite's lock (every write transaction is `IMMEDIATE`, and a writer waits up to
///   ``busyTimeoutSeconds`` for another process's to finish rather than failing at once).
/// - **Migrations** (``StoreSchema``) run when the store opens; two processes opening a new data
///   directory at once both end up with the same schema.
/// - **At rest**: the directory is created `0700` and the database `0600` before SQLite opens it
///   (see ``DataDirectory``).
///
/// Every method is `async` and runs its SQL on GRDB's own dispatch queues, never on the caller's
/// thread: a server's event loops never wait on the file.
public final class SQLitePrincipalStore: PrincipalStore, APIIdentifierStore {
    public let dataDirectory: DataDirectory
    let pool: DatabasePool
    let clock: any GatehouseClock

    /// How long a write waits for another process's write to finish before failing.
    public static let busyTimeoutSeconds: Double = 5

    /// Opens (creating and migrating when needed) the store in `dataDirectory`.
    ///
    /// - Parameter clock: the source of creation times and session expirations.
    public init(dataDirectory: DataDirectory, clock: any GatehouseClock = SystemClock()) throws(StoreError) {
        try dataDirectory.prepare()
        let path = dataDirectory.databasePath
        try DataDirectory.ensurePrivateFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeoutSeconds)
        configuration.label = "gatehouse-store"
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unavailable, part: "data directory", "cannot open `\(path)`: \(Self.describe(error))")
        }
        self.dataDirectory = dataDirectory
        self.clock = clock
        try migrate()
        // SQLite gives the -wal and -shm files the database's mode; make sure, as they hold the
        // same secrets.
        for suffix in ["-wal", "-shm"] where DataDirectory.mode(of: path + suffix).map({ $0 & 0o077 != 0 }) == true {
            try DataDirectory.tighten(path + suffix)
        }
    }

    /// Runs the migrations. Two processes may race to migrate a new database: the loser's
    /// migration fails on the tables the winner made, after which the schema is complete — so a
    /// failure is retried once, and only a schema still incomplete is an error.
    private func migrate() throws(StoreError) {
        let migrator = StoreSchema.migrator
        do {
            try migrator.migrate(pool)
        } catch {
            do {
                try migrator.migrate(pool)
            } catch {
                throw StoreError(
                    .unavailable,
                    part: "data directory",
                    "cannot prepare the database: \(Self.describe(error))"
                )
            }
        }
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(
                    .unavailable,
                    part: "data directory",
                    "`\(dataDirectory.databasePath)` was written by a newer Gatehouse; use that version or another --data-dir"
                )
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, part: "data directory", "cannot read the database: \(Self.describe(error))")
        }
    }

    /// The migrations applied to the database, in order (for tests and diagnostics).
    public func appliedMigrations() async throws(StoreError) -> [String] {
        try await read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    // MARK: Running SQL

    /// Runs `body` in one write transaction (IMMEDIATE, so two processes never both write).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "the database could not be written: \(Self.describe(error))")
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot; never waits for a writer).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "the database could not be read: \(Self.describe(error))")
        }
    }

    /// A database error in one line, without SQL arguments (which may hold secrets).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        return String(describing: type(of: error))
    }

    /// The wall-clock second now.
    var nowSeconds: Int64 { clock.wallNow.secondsSince1970 }

    // MARK: Revision

    public func revision() async throws(StoreError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM store_revision WHERE id = 1") ?? 0
        }
    }
}
