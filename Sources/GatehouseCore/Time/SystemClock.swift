#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine's clocks: `CLOCK_REALTIME` for wall time, `ContinuousClock` (which keeps counting
/// while the machine sleeps) for monotonic time. The clock a server or the CLI gives the
/// libraries; tests give them a ``ManualClock`` or fixed readings instead.
public struct SystemClock: GatehouseClock {
    public init() {}

    public var wallNow: Timestamp {
        var spec = timespec()
        // Reading CLOCK_REALTIME into a local cannot fail; it is the one C call of this module.
        _ = unsafe clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSince1970: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }

    public var monotonicNow: MonotonicInstant {
        MonotonicInstant(nanosecondsSinceOrigin: (ContinuousClock.now - Self.origin).saturatingNanoseconds)
    }

    /// The monotonic origin: fixed the first time this process reads the clock.
    private static let origin = ContinuousClock.now
}
