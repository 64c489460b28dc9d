import Foundation

/// POSIX shell single-quoting, for printing runnable curl command lines.
enum ShellQuote {
    static func quote(_ text: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:=@%+,".utf8)
        if !text.isEmpty && text.utf8.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
