public import GatehouseCore

// Fixtures carry their own clock: in these tests an integer literal where a time is expected is
// that many seconds since 1970 (wall), and a clock reading's monotonic time runs with it
// (``ClockReading/fixed(_:)``), so `authorize(request, now: 59)` reads as it did when times were
// plain seconds.

extension Timestamp: ExpressibleByIntegerLiteral {
    public init(integerLiteral seconds: Int64) {
        self.init(secondsSince1970: seconds)
    }
}

extension MonotonicInstant: ExpressibleByIntegerLiteral {
    public init(integerLiteral seconds: Int64) {
        self.init(nanosecondsSinceOrigin: seconds * 1_000_000_000)
    }
}

extension ClockReading: ExpressibleByIntegerLiteral {
    public init(integerLiteral seconds: Int64) {
        self = .fixed(Timestamp(secondsSince1970: seconds))
    }
}

extension ClockReading {
    /// The reading `duration` later (wall and monotonic alike).
    static func + (reading: ClockReading, duration: Duration) -> ClockReading {
        ClockReading(wall: reading.wall + duration, monotonic: reading.monotonic + duration)
    }
}
