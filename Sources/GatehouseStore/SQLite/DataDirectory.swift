// Foundation, not FoundationEssentials: GRDB, the store's engine, links Foundation anyway, and
// file attributes (`posixPermissions`, `type`) come back as Foundation's bridged values.
import Foundation

/// The data directory (`--data-dir`, default `./.gatehouse`) and the modes of what it holds.
///
/// The database holds secret access keys and session tokens in the clear — SigV4 is an HMAC, so a
/// verifier needs the secret itself, not a hash of it — so at rest they are protected by the file
/// system: the directory is created `0700`, the database and the root credentials file `0600`
/// (SQLite gives its `-wal` and `-shm` files the database file's mode). A file that already
/// exists with group or other bits is tightened to `0600`; a symbolic link where a file should be
/// is refused rather than followed.
public struct DataDirectory: Sendable, Hashable, CustomStringConvertible {
    /// The directory's path as given.
    public let path: String

    /// The default, relative to the working directory.
    public static let defaultPath = ".gatehouse"

    public init(_ path: String = DataDirectory.defaultPath) {
        self.path = path
    }

    public var description: String { path }

    /// `name` inside the directory.
    public func file(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The SQLite database.
    public var databasePath: String { file("gatehouse.sqlite") }

    /// Creates the directory (`0700`) when it is missing; an existing one is used as it is.
    public func prepare() throws(StoreError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError(
                    .insecureDataDirectory,
                    part: "data directory",
                    "`\(path)` exists and is not a directory"
                )
            }
            return
        }
        do {
            try manager.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StoreError(
                .insecureDataDirectory,
                part: "data directory",
                "cannot create `\(path)`: \(error.localizedDescription)"
            )
        }
    }

    /// Makes sure the file at `path` exists as a regular file with mode `0600`, creating it empty
    /// when missing. Called before SQLite opens the database, so SQLite never creates it with the
    /// process's umask.
    static func ensurePrivateFile(_ path: String) throws(StoreError) {
        let manager = FileManager.default
        if let attributes = try? manager.attributesOfItem(atPath: path) {
            guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
                throw StoreError(
                    .insecureDataDirectory,
                    part: "data directory",
                    "`\(path)` is not a regular file (a symbolic link or a directory is refused)"
                )
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            if mode & 0o077 != 0 { try tighten(path) }
            return
        }
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.insecureDataDirectory, part: "data directory", "cannot create `\(path)`")
        }
        try tighten(path)
    }

    /// Sets `path`'s mode to `0600` (only the owner reads and writes it).
    static func tighten(_ path: String) throws(StoreError) {
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw StoreError(
                .insecureDataDirectory,
                part: "data directory",
                "cannot make `\(path)` private (mode 0600): \(error.localizedDescription)"
            )
        }
    }

    /// The mode bits of the item at `path` (for tests and diagnostics); `nil` when it is missing.
    public static func mode(of path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.posixPermissions] as? NSNumber)?.intValue
    }
}
