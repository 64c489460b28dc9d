/// Where time comes from: the one clock the access-layer modules are given (never a global they
/// read), with its two kinds of time kept apart.
///
/// - **Wall time** (``wallNow``, a ``Timestamp``) is what a calendar says. Others judge it, so it
///   is the time for a token's `exp`/`nbf`/`iat`, a SigV4 date and its skew window, a presigned
///   URL's expiry, `aws:CurrentTime`, an event's `requestTimeEpoch`. It steps when the system
///   clock is set.
/// - **Monotonic time** (``monotonicNow``, a ``MonotonicInstant``) never steps. It is the time for
///   durations measured inside this process: a result-cache TTL, a key set's `max-age` and refresh
///   interval, a timeout. A wall clock set back an hour must not keep a cached Allow an hour
///   longer.
///
/// Read it once, at the edge of a request (``now()``), and pass the reading down to pure
/// functions; tests and fixtures pass their own fixed readings or a ``ManualClock``, so nothing
/// expires in CI next year. Not Swift's `Clock`, which is one monotonic timeline with `sleep`.
public protocol GatehouseClock: Sendable {
    /// The current wall time.
    var wallNow: Timestamp { get }
    /// The current monotonic time.
    var monotonicNow: MonotonicInstant { get }
    /// Both times, read together (a default reads one then the other).
    func now() -> ClockReading
}

extension GatehouseClock {
    /// Both times, read together: what a request carries down from the edge.
    public func now() -> ClockReading {
        ClockReading(wall: wallNow, monotonic: monotonicNow)
    }
}

/// What a clock said at one moment: its wall and monotonic time, read together at the edge of a
/// request and handed to everything that judges it (wall) or caches for it (monotonic).
public struct ClockReading: Sendable, Hashable {
    public var wall: Timestamp
    public var monotonic: MonotonicInstant

    public init(wall: Timestamp, monotonic: MonotonicInstant) {
        self.wall = wall
        self.monotonic = monotonic
    }

    /// A fixture's reading: wall time `wall`, and a monotonic time that runs with it (its
    /// nanoseconds since 1970, clamped to the monotonic range). For tests and fixtures whose time
    /// only moves forward; a test of a wall clock that steps uses two readings or a ``ManualClock``.
    public static func fixed(_ wall: Timestamp) -> ClockReading {
        let nanoseconds = wall.nanosecondsSince1970 ?? (wall.secondsSince1970 < 0 ? .min : .max)
        return ClockReading(wall: wall, monotonic: MonotonicInstant(nanosecondsSinceOrigin: nanoseconds))
    }
}
