import GatehouseCore

/// The CLI's clock: the system clock, read once at the edge of each command and passed down (the
/// libraries never read a clock themselves), or the time an option names.
enum WallClock {
    static let system: any GatehouseClock = SystemClock()

    /// Now, on the wall clock.
    static func now() -> Timestamp { system.wallNow }

    /// Parses a `--timestamp`/`--now` value (``Timestamp/init(iso8601:)``), or reads the clock when
    /// there is none.
    static func parse(_ text: String?, option: String) throws -> Timestamp {
        guard let text else { return now() }
        guard let date = Timestamp(iso8601: text) else {
            throw CLIError(
                "\(option) `\(text)` is not a time: use ISO 8601 (`2026-01-15T10:00:00Z`), the basic form (`20260115T100000Z`) or `@SECONDS` since 1970"
            )
        }
        return date
    }
}
