import GatehouseCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [(0, 1), (-1, 0), (1_700_000_000_000_000_000, 1_700_000_000_000_000_001)])
    func ordersByNanoseconds(earlier: Int64, later: Int64) {
        #expect(Timestamp(nanosecondsSince1970: earlier) < Timestamp(nanosecondsSince1970: later))
        #expect(!(Timestamp(nanosecondsSince1970: later) < Timestamp(nanosecondsSince1970: earlier)))
    }

    /// (milliseconds since 1970, whole seconds, nanoseconds into the second): the second is
    /// rounded toward the past, so negative instants keep a non-negative fraction.
    @Test(
        arguments: [
            (0, 0, 0), (1, 0, 1_000_000), (999, 0, 999_000_000), (1000, 1, 0), (-1, -1, 999_000_000),
            (-1000, -1, 0), (-1001, -2, 999_000_000), (1_768_471_200_123, 1_768_471_200, 123_000_000),
            (2_147_483_648_000, 2_147_483_648, 0), (253_402_300_799_999, 253_402_300_799, 999_000_000),
            (Int64.max, Int64.max / 1000, Int32(Int64.max % 1000) * 1_000_000),
            (Int64.min, Int64.min / 1000 - 1, Int32(1000 + Int64.min % 1000) * 1_000_000),
            (Int64.min + 1, Int64.min / 1000 - 1, Int32(1000 + Int64.min % 1000 + 1) * 1_000_000),
        ] as [(Int64, Int64, Int32)]
    )
    func millisecondsRoundTrip(milliseconds: Int64, seconds: Int64, nanoseconds: Int32) {
        let timestamp = Timestamp(millisecondsSince1970: milliseconds)
        #expect(timestamp.secondsSince1970 == seconds)
        #expect(timestamp.nanosecondOfSecond == nanoseconds)
        #expect(timestamp.millisecondsSince1970 == milliseconds)
    }

    /// Nanoseconds past or below a second carry into the seconds; the fraction stays in range.
    @Test(
        arguments: [
            (0, 1_000_000_000, 1, 0), (0, -1, -1, 999_999_999), (5, 2_500_000_000, 7, 500_000_000),
            (5, -2_500_000_000, 2, 500_000_000), (-3, 0, -3, 0),
        ] as [(Int64, Int64, Int64, Int32)]
    )
    func nanosecondsCarry(seconds: Int64, nanoseconds: Int64, wholeSeconds: Int64, fraction: Int32) {
        let timestamp = Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds)
        #expect(timestamp.secondsSince1970 == wholeSeconds)
        #expect(timestamp.nanosecondOfSecond == fraction)
        #expect((0..<1_000_000_000).contains(timestamp.nanosecondOfSecond))
    }

    /// Milliseconds round toward the past, never to nearest, on both sides of 1970.
    @Test(
        arguments: [
            (0, 999_999, 0), (0, 1_000_000, 1), (-1, 999_999_999, -1), (-1, 1, -1000), (-1, 0, -1000),
            (1_768_471_200, 999_999_999, 1_768_471_200_999),
        ] as [(Int64, Int64, Int64)]
    )
    func millisecondsRoundDown(seconds: Int64, nanoseconds: Int64, milliseconds: Int64) {
        #expect(Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds).millisecondsSince1970 == milliseconds)
    }

    @Test func millisecondsSaturate() {
        #expect(Timestamp(secondsSince1970: Int64.max).millisecondsSince1970 == .max)
        #expect(Timestamp(secondsSince1970: Int64.min).millisecondsSince1970 == .min)
        #expect(Timestamp(secondsSince1970: 9_300_000_000_000_000).nanosecondsSince1970 == nil)
        #expect(Timestamp(secondsSince1970: -9_300_000_000).nanosecondsSince1970 == nil)
        #expect(Timestamp(nanosecondsSince1970: .max).nanosecondsSince1970 == .max)
        #expect(Timestamp(nanosecondsSince1970: .min).nanosecondsSince1970 == .min)
        // `.min + 1` named first: written inline on the right of `==` against an `Int64?`, the
        // expectation's compiler-made thunk reads 9 bytes (an `Int64?`) from an 8-byte `Int64`
        // (Swift 6.3.1), which AddressSanitizer stops as a stack-buffer-overflow.
        let almostMin: Int64 = .min + 1
        #expect(Timestamp(nanosecondsSince1970: almostMin).nanosecondsSince1970 == almostMin)
        #expect(Timestamp(millisecondsSince1970: almostMin).millisecondsSince1970 == almostMin)
    }

    /// Double seconds (a JWT NumericDate, `time.time()`): rounded to the nearest nanosecond.
    @Test(
        arguments: [
            (0.0, 0, 0), (1.5, 1, 500_000_000), (-1.5, -2, 500_000_000), (-0.25, -1, 750_000_000),
            (1_768_471_200.0, 1_768_471_200, 0), (0.9999999999, 1, 0), (2_147_483_648.0, 2_147_483_648, 0),
            (1e15, 1_000_000_000_000_000, 0),
        ] as [(Double, Int64, Int32)]
    )
    func fromDouble(seconds: Double, whole: Int64, fraction: Int32) throws {
        let timestamp = try #require(Timestamp(timeIntervalSince1970: seconds))
        #expect(timestamp.secondsSince1970 == whole)
        #expect(timestamp.nanosecondOfSecond == fraction)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e19, -1e19])
    func doubleOutOfRangeIsNil(seconds: Double) {
        #expect(Timestamp(timeIntervalSince1970: seconds) == nil)
    }

    @Test(
        arguments: [(0, 0, 0.0), (1, 500_000_000, 1.5), (-2, 500_000_000, -1.5), (1_768_471_200, 0, 1_768_471_200)]
            as [(Int64, Int64, Double)]
    )
    func toDouble(seconds: Int64, nanoseconds: Int64, expected: Double) {
        #expect(Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds).timeIntervalSince1970 == expected)
    }

    @Test func durationArithmeticIsExact() {
        let start = Timestamp(secondsSince1970: 1_768_471_200, nanoseconds: 900_000_000)
        #expect(start + .milliseconds(100) == Timestamp(secondsSince1970: 1_768_471_201))
        #expect(start - .milliseconds(1_900) == Timestamp(secondsSince1970: 1_768_471_199))
        #expect(start + .seconds(-1_768_471_201) == Timestamp(secondsSince1970: -1, nanoseconds: 900_000_000))
        #expect(start + .nanoseconds(1) - start == .nanoseconds(1))
        #expect(Timestamp.epoch - start == .zero - (start - .epoch))
        #expect(Timestamp(secondsSince1970: .max) - Timestamp(secondsSince1970: .min) > .seconds(Int64.max))
        #expect(start.wholeSecond == Timestamp(secondsSince1970: 1_768_471_200))
    }

    @Test func sortsAcrossSecondsAndFractions() {
        let sorted = [
            Timestamp(secondsSince1970: -1, nanoseconds: 999_999_999), Timestamp(secondsSince1970: -1, nanoseconds: 1),
            Timestamp.epoch, Timestamp(secondsSince1970: 0, nanoseconds: 1), Timestamp(secondsSince1970: 1),
        ].sorted()
        #expect(sorted.map(\.secondsSince1970) == [-1, -1, 0, 0, 1])
        #expect(sorted.map(\.nanosecondOfSecond) == [1, 999_999_999, 0, 1, 0])
    }
}
