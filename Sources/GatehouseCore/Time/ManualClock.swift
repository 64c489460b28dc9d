/// A clock that moves only when told: the test clock (Hummingbird's `MockClock` is the model).
///
/// ``advance(by:)`` moves wall and monotonic time together, as real time passing does;
/// ``setWall(_:)`` steps the wall clock alone, as an operator or NTP does — so a test can show
/// that a TTL measured on the monotonic clock ignores the step while a token's `exp` does not.
public final class ManualClock: GatehouseClock {
    private let state: LockedBox<ClockReading>

    /// A clock reading `wall`, its monotonic time at `monotonic` (by default the origin).
    public init(wall: Timestamp, monotonic: MonotonicInstant = MonotonicInstant(nanosecondsSinceOrigin: 0)) {
        state = LockedBox(ClockReading(wall: wall, monotonic: monotonic))
    }

    /// A clock that starts at `reading`.
    public convenience init(_ reading: ClockReading) {
        self.init(wall: reading.wall, monotonic: reading.monotonic)
    }

    public var wallNow: Timestamp { state.withLock { $0.wall } }

    public var monotonicNow: MonotonicInstant { state.withLock { $0.monotonic } }

    /// Both times, read under one lock (``GatehouseClock/now()`` would take it twice).
    public func now() -> ClockReading { state.withLock { $0 } }

    /// Lets `duration` pass: wall and monotonic time both move by it.
    public func advance(by duration: Duration) {
        state.withLock { reading in
            reading.wall = reading.wall + duration
            reading.monotonic = reading.monotonic + duration
        }
    }

    /// Sets the wall clock to `wall` (forwards or back) without any time passing: monotonic time
    /// stays where it is.
    public func setWall(_ wall: Timestamp) {
        state.withLock { $0.wall = wall }
    }
}
