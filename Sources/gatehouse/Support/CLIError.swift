import ArgumentParser
import Foundation

/// A usage or input error: printed as `error: <message>` and exits with status 2.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Exit statuses shared by every command.
enum ExitStatus {
    static let ok: Int32 = 0
    /// A verification that failed, a policy that denied.
    static let negative: Int32 = 1
    /// Usage or input errors.
    static let usage: Int32 = 2
}

/// A line on standard error (summaries and notes that must not mix with machine-readable output).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((SafeOutput.escape(line) + "\n").utf8))
}
