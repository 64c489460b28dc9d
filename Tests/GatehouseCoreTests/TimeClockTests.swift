import GatehouseCore
import Testing

@Suite struct TimeClockTests {
    @Test func manualClockAdvancesBothTimes() {
        let clock = ManualClock(wall: Timestamp(secondsSince1970: 1_768_471_200))
        let start = clock.now()
        clock.advance(by: .milliseconds(1500))
        let later = clock.now()
        #expect(later.wall - start.wall == .milliseconds(1500))
        #expect(later.monotonic - start.monotonic == .milliseconds(1500))
    }

    /// Setting the wall clock back does not move monotonic time: a TTL measured on it is unaffected.
    @Test(arguments: [-3600, 3600, -86_400 * 365] as [Int64])
    func wallStepsLeaveMonotonicTimeAlone(step: Int64) {
        let clock = ManualClock(wall: Timestamp(secondsSince1970: 1_768_471_200))
        let start = clock.now()
        clock.setWall(start.wall + .seconds(step))
        let after = clock.now()
        #expect(after.monotonic == start.monotonic)
        #expect(after.wall - start.wall == .seconds(step))
        // Through the protocol, too.
        let any: any GatehouseClock = clock
        #expect(any.now() == after)
    }

    @Test func monotonicArithmeticSaturates() {
        let start = MonotonicInstant(nanosecondsSinceOrigin: 0)
        #expect(start + .seconds(300) - start == .seconds(300))
        #expect((start + .seconds(300)) - .seconds(300) == start)
        #expect(
            MonotonicInstant(nanosecondsSinceOrigin: .max - 1) + .seconds(1)
                == MonotonicInstant(nanosecondsSinceOrigin: .max)
        )
        #expect(
            MonotonicInstant(nanosecondsSinceOrigin: .min + 1) - .seconds(1)
                == MonotonicInstant(nanosecondsSinceOrigin: .min)
        )
        #expect(start + .seconds(Int64.max) == MonotonicInstant(nanosecondsSinceOrigin: .max))
        #expect(start + .nanoseconds(1) > start)
    }

    @Test func fixedReadingRunsMonotonicWithWall() {
        let a = ClockReading.fixed(Timestamp(secondsSince1970: 1000))
        let b = ClockReading.fixed(Timestamp(secondsSince1970: 1300))
        #expect(b.monotonic - a.monotonic == .seconds(300))
        #expect(ClockReading.fixed(Timestamp(secondsSince1970: .max)).monotonic.nanosecondsSinceOrigin == .max)
    }

    /// The system clock: wall time agrees with the monotonic clock's pace, and monotonic time never
    /// goes back over many readings.
    @Test func systemClockIsSane() {
        let clock = SystemClock()
        let first = clock.now()
        // Later than this code was written, earlier than 2200.
        #expect(first.wall > Timestamp(secondsSince1970: 1_765_000_000))
        #expect(first.wall < Timestamp(secondsSince1970: 7_258_118_400))
        var previous = first.monotonic
        for _ in 0..<10_000 {
            let next = clock.monotonicNow
            #expect(next >= previous)
            previous = next
        }
        let second = clock.now()
        let wallElapsed = second.wall - first.wall
        let monotonicElapsed = second.monotonic - first.monotonic
        #expect(monotonicElapsed >= .zero && monotonicElapsed < .seconds(10))
        // Both clocks ran for the same stretch (a wall step during the test would break this; rare).
        #expect(wallElapsed - monotonicElapsed < .seconds(1) && monotonicElapsed - wallElapsed < .seconds(1))
    }
}
