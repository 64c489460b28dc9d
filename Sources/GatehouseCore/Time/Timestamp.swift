/// A point on the wall clock: whole seconds since 1970-01-01T00:00:00Z (UTC) and the nanoseconds
/// into that second.
///
/// The one instant type the access-layer modules pass across their seams: SigV4's `AmzDate` is a
/// view of it (its second, in the forms the signature spells), a token's `exp`/`nbf`/`iat` are
/// judged against it, `aws:CurrentTime`/`aws:EpochTime` and a Lambda event's `requestTimeEpoch`
/// are written from it. Callers read it once, at the edge, from a ``GatehouseClock`` and pass it
/// down, so fixtures carry their own time and nothing expires in CI next year.
///
/// Exact integer arithmetic throughout (no `Double`, no Foundation `Date` at the seams): the
/// second is rounded toward the past, so −0.5 s is second −1 plus 500,000,000 ns, and the range
/// (±292 billion years of `Int64` seconds) holds any date a token or a user can write.
///
/// Wall time steps when the system clock is set. For durations — cache TTLs, refresh intervals,
/// timeouts — use ``MonotonicInstant`` instead.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z, rounded toward the past.
    public let secondsSince1970: Int64
    /// Nanoseconds into ``secondsSince1970``: always `0..<1_000_000_000`.
    public let nanosecondOfSecond: Int32

    /// `seconds` plus `nanoseconds` (any value, negative or past a second: carried into the
    /// seconds). Traps only if the seconds overflow `Int64`.
    @inlinable
    public init(secondsSince1970 seconds: Int64, nanoseconds: Int64 = 0) {
        let (carry, nanos) = Self.floorDivide(nanoseconds, by: 1_000_000_000)
        self.secondsSince1970 = seconds + carry
        self.nanosecondOfSecond = Int32(truncatingIfNeeded: nanos)
    }

    /// `seconds` and a nanosecond already within the second (`0..<1_000_000_000`, checked in
    /// debug builds): no division to carry it, for callers that hold that invariant.
    @inlinable @inline(__always)
    init(secondsSince1970 seconds: Int64, nanosecondOfSecond: Int32) {
        assert((0..<1_000_000_000).contains(nanosecondOfSecond), "a nanosecond outside its second")
        self.secondsSince1970 = seconds
        self.nanosecondOfSecond = nanosecondOfSecond
    }

    /// Milliseconds since 1970 (API Gateway's `requestTimeEpoch`), exactly.
    public init(millisecondsSince1970 milliseconds: Int64) {
        let (seconds, rest) = Self.floorDivide(milliseconds, by: 1000)
        self.init(secondsSince1970: seconds, nanoseconds: rest * 1_000_000)
    }

    /// Nanoseconds since 1970, exactly (1677-09-21 to 2262-04-11).
    public init(nanosecondsSince1970 nanoseconds: Int64) {
        self.init(secondsSince1970: 0, nanoseconds: nanoseconds)
    }

    /// Seconds since 1970 as a floating-point number (a JWT `NumericDate`, a Python `time.time()`),
    /// rounded to the nearest nanosecond; `nil` when it is not finite or its second does not fit
    /// in `Int64`.
    public init?(timeIntervalSince1970 seconds: Double) {
        guard seconds.isFinite else { return nil }
        let whole = seconds.rounded(.down)
        guard let wholeSeconds = Int64(exactly: whole) else { return nil }
        // `seconds - whole` is exact (both lie within one binade of each other); only the scaling
        // to nanoseconds rounds.
        let nanos = Int64(((seconds - whole) * 1e9).rounded())
        guard nanos < 1_000_000_000 || wholeSeconds < Int64.max else { return nil }
        self.init(secondsSince1970: wholeSeconds, nanoseconds: nanos)
    }

    /// 1970-01-01T00:00:00Z.
    public static let epoch = Timestamp(secondsSince1970: 0)

    // MARK: Views

    /// Milliseconds since 1970, rounded toward the past; saturates at `Int64`'s bounds (beyond
    /// ±292 million years).
    public var millisecondsSince1970: Int64 {
        // Before 1970 with a fraction, count from the next second down, as
        // ``nanosecondsSince1970`` does.
        let milliseconds = Int64(nanosecondOfSecond / 1_000_000)
        let (whole, fraction) =
            secondsSince1970 < 0 && milliseconds > 0
            ? (secondsSince1970 + 1, milliseconds - 1000) : (secondsSince1970, milliseconds)
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return whole < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(fraction)
        return overflow2 ? (whole < 0 ? .min : .max) : sum
    }

    /// Nanoseconds since 1970, or `nil` outside 1677-09-21…2262-04-11 (where `Int64` ends).
    public var nanosecondsSince1970: Int64? {
        // Before 1970 with a fraction, count from the next second down (the last nanoseconds of
        // `Int64` lie in a second whose start is out of range).
        let (whole, fraction) =
            secondsSince1970 < 0 && nanosecondOfSecond > 0
            ? (secondsSince1970 + 1, Int64(nanosecondOfSecond) - 1_000_000_000)
            : (secondsSince1970, Int64(nanosecondOfSecond))
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (sum, overflow2) = scaled.addingReportingOverflow(fraction)
        return overflow2 ? nil : sum
    }

    /// Seconds since 1970 as a `Double` (what a JWT's `exp` is compared with). Below a
    /// microsecond the value is as precise as a `Double` near it allows.
    public var timeIntervalSince1970: Double {
        Double(secondsSince1970) + Double(nanosecondOfSecond) / 1e9
    }

    /// This instant without its fraction of a second: the second SigV4 dates and `aws:EpochTime`
    /// name.
    public var wholeSecond: Timestamp { Timestamp(secondsSince1970: secondsSince1970) }

    // MARK: Order and arithmetic

    @inlinable
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSince1970 != rhs.secondsSince1970
            ? lhs.secondsSince1970 < rhs.secondsSince1970 : lhs.nanosecondOfSecond < rhs.nanosecondOfSecond
    }

    /// `timestamp` moved by `duration`; parts of a nanosecond are dropped (toward zero).
    public static func + (timestamp: Timestamp, duration: Duration) -> Timestamp {
        let (seconds, attoseconds) = duration.components
        return Timestamp(
            secondsSince1970: timestamp.secondsSince1970 + seconds,
            nanoseconds: Int64(timestamp.nanosecondOfSecond) + attoseconds / 1_000_000_000
        )
    }

    public static func - (timestamp: Timestamp, duration: Duration) -> Timestamp {
        timestamp + (.zero - duration)
    }

    /// The time from `rhs` to `lhs` (negative when `lhs` is earlier), exactly.
    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .seconds(Int128(lhs.secondsSince1970) - Int128(rhs.secondsSince1970))
            + .nanoseconds(Int64(lhs.nanosecondOfSecond) - Int64(rhs.nanosecondOfSecond))
    }

    /// `2026-01-15T10:00:00Z`, with `.123456789` before the `Z` when there is a fraction.
    public var description: String { iso8601(fractionDigits: nanosecondOfSecond == 0 ? 0 : 9) }

    /// `value / divisor` rounded toward the past, and the non-negative remainder.
    @inlinable @inline(__always)
    package static func floorDivide(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
