/// A point on a monotonic clock: nanoseconds since an arbitrary origin (the system clock's is
/// fixed when this process first reads it; a ``ManualClock``'s is wherever the test puts it).
///
/// Monotonic time never steps backwards or jumps when the wall clock is set (NTP, an operator, a
/// VM resumed), so it is the time for durations: a cache entry's TTL, a key set's refresh
/// interval, a timeout. It means nothing across processes or machines — for instants that others
/// judge (a token's `exp`, a SigV4 date, `aws:CurrentTime`) use ``Timestamp``.
///
/// An `Int64` of nanoseconds (±292 years from the origin), so comparing two instants on a cache
/// hit is one integer compare.
public struct MonotonicInstant: Sendable, Hashable, Comparable {
    /// Nanoseconds since this clock's origin.
    public let nanosecondsSinceOrigin: Int64

    public init(nanosecondsSinceOrigin: Int64) {
        self.nanosecondsSinceOrigin = nanosecondsSinceOrigin
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanosecondsSinceOrigin < rhs.nanosecondsSinceOrigin
    }

    /// `instant` moved by `duration` (parts of a nanosecond dropped), saturating at the ends of
    /// the range: a TTL too long to represent lasts for ever rather than wrapping into the past.
    public static func + (instant: MonotonicInstant, duration: Duration) -> MonotonicInstant {
        let (sum, overflow) = instant.nanosecondsSinceOrigin.addingReportingOverflow(duration.saturatingNanoseconds)
        guard !overflow else { return MonotonicInstant(nanosecondsSinceOrigin: duration < .zero ? .min : .max) }
        return MonotonicInstant(nanosecondsSinceOrigin: sum)
    }

    public static func - (instant: MonotonicInstant, duration: Duration) -> MonotonicInstant {
        instant + (.zero - duration)
    }

    /// The time from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        .nanoseconds(Int128(lhs.nanosecondsSinceOrigin) - Int128(rhs.nanosecondsSinceOrigin))
    }
}

extension Duration {
    /// Whole nanoseconds (toward zero), clamped to `Int64`.
    var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let nanoseconds = Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000)
        return Int64(clamping: nanoseconds)
    }
}
