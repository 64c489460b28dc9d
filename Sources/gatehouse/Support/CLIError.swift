import ArgumentParser
import Foundation
import SigV4

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

/// A line on standard error (summaries, notes, traces and errors that must not mix with
/// machine-readable output). Everything on standard error is a diagnostic, never output the user
/// asked for, so the one function that writes there both hides presigned credentials (any URL it
/// quotes: `X-Amz-Signature` and `X-Amz-Security-Token` values, in every spelling) and escapes
/// what a terminal would act on — callers need not remember either.
func printError(_ line: String) {
    let redacted = Redaction.redactingQuerySecrets(in: line)
    FileHandle.standardError.write(Data((SafeOutput.escape(redacted) + "\n").utf8))
}
