#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the program a command names, the way `execvp` would but stricter: a name without a `/`
/// is looked up in the absolute folders of `PATH` only — never the current folder, a
/// configuration's folder, or a relative or empty `PATH` entry (the classic hijack: a file named
/// `python3` planted where the lookup starts). A name with a `/` is a path and is used as given.
public enum ExecutablePath {
    /// The path to run for `command`, or `nil` when no absolute `PATH` folder has an executable
    /// regular file of that name.
    public static func resolve(_ command: String, searchPath: String?) -> String? {
        guard !command.isEmpty else { return nil }
        if command.contains("/") { return command }
        let folders = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":",
            omittingEmptySubsequences: true
        )
        for folder in folders where folder.hasPrefix("/") {
            let candidate = folder.hasSuffix("/") ? "\(folder)\(command)" : "\(folder)/\(command)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard unsafe stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return unsafe access(path, X_OK) == 0
    }
}
