import Foundation
import SigV4

/// The wall clock, read once at the edge of each command and passed down.
enum WallClock {
    static func now() -> AmzDate {
        AmzDate(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// Parses a `--timestamp`/`--now` value, or reads the clock when there is none.
    static func parse(_ text: String?, option: String) throws -> AmzDate {
        guard let text else { return now() }
        guard let date = AmzDate(iso8601: text) else {
            throw CLIError(
                "\(option) `\(text)` is not a time: use ISO 8601 (`2026-01-15T10:00:00Z`), the basic form (`20260115T100000Z`) or `@SECONDS` since 1970"
            )
        }
        return date
    }
}
