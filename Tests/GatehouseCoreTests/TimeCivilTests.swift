import GatehouseCore
import Testing

/// The calendar view and ISO 8601: 1970, leap years (and the century rules), 2038, 9999-12-31,
/// dates before 1970, fractions and the far range of `Int64` seconds.
@Suite struct TimeCivilTests {
    /// (seconds since 1970, ISO 8601 at whole seconds).
    static let instants: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (86_399, "1970-01-01T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),  // divisible by 400: leap
        (951_868_800, "2000-03-01T00:00:00Z"),
        (1_078_012_800, "2004-02-29T00:00:00Z"),
        (4_107_456_000, "2100-02-28T00:00:00Z"),  // divisible by 100 only: not leap
        (4_107_542_400, "2100-03-01T00:00:00Z"),
        (1_440_938_160, "2015-08-30T12:36:00Z"),
        (1_768_471_200, "2026-01-15T10:00:00Z"),
        (2_147_483_647, "2038-01-19T03:14:07Z"),  // the last 32-bit second
        (2_147_483_648, "2038-01-19T03:14:08Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (-2_208_988_800, "1900-01-01T00:00:00Z"),
        (-2_203_891_200, "1900-03-01T00:00:00Z"),  // 1900 is not leap: Feb has 28 days
        (253_402_300_800, "10000-01-01T00:00:00Z"),
        (-62_135_596_801, "0000-12-31T23:59:59Z"),  // year 0 (1 BC): written, not read
        (-62_167_219_201, "-0001-12-31T23:59:59Z"),
    ]

    @Test(arguments: instants)
    func formatsAndParses(seconds: Int64, text: String) throws {
        let timestamp = Timestamp(secondsSince1970: seconds)
        #expect(timestamp.iso8601 == text)
        let civil = CivilTime(timestamp)
        #expect(civil.timestamp == timestamp)
        // Four-digit years parse back (the reading side accepts 0001…9999 only).
        if (-62_135_596_800...253_402_300_799).contains(seconds) {
            #expect(Timestamp(iso8601: text) == timestamp)
        } else {
            #expect(Timestamp(iso8601: text) == nil)
        }
    }

    @Test(arguments: instants)
    func calendarFieldsRoundTrip(seconds: Int64, text: String) throws {
        let civil = CivilTime(Timestamp(secondsSince1970: seconds))
        if (1...9999).contains(civil.year) {
            let rebuilt = try #require(
                CivilTime(
                    year: civil.year,
                    month: civil.month,
                    day: civil.day,
                    hour: civil.hour,
                    minute: civil.minute,
                    second: civil.second
                )
            )
            #expect(rebuilt == civil)
        }
    }

    /// Every day of four years (one of them leap, one a non-leap century) maps to itself.
    @Test(arguments: [1969, 2000, 2024, 2100])
    func everyDayOfTheYearRoundTrips(year: Int) throws {
        var previous: Timestamp? = nil
        for month in 1...12 {
            for day in 1...CivilTime.daysInMonth(year: year, month: month) {
                let civil = try #require(
                    CivilTime(year: year, month: month, day: day, hour: 23, minute: 59, second: 59)
                )
                let timestamp = civil.timestamp
                #expect(CivilTime(timestamp) == civil)
                if let previous { #expect(timestamp - previous == .seconds(86_400)) }
                previous = timestamp
            }
        }
        #expect(CivilTime.isLeapYear(year) == (CivilTime(year: year, month: 2, day: 29) != nil))
    }

    @Test(arguments: [
        (2023, 2, 29), (2100, 2, 29), (2024, 4, 31), (2024, 13, 1), (2024, 0, 1), (2024, 1, 0), (0, 1, 1),
        (10_000, 1, 1),
    ])
    func refusesDatesThatDoNotExist(year: Int, month: Int, day: Int) {
        #expect(CivilTime(year: year, month: month, day: day) == nil)
    }

    /// The far range of `Int64` seconds still has a calendar reading (a JWT claim can be 1e15 s).
    @Test(arguments: [1_000_000_000_000_000, -1_000_000_000_000_000, Int64.max, Int64.min] as [Int64])
    func farInstantsHaveACalendarReading(seconds: Int64) {
        let timestamp = Timestamp(secondsSince1970: seconds, nanoseconds: 999_999_999)
        let civil = CivilTime(timestamp)
        #expect((1...12).contains(civil.month) && (1...31).contains(civil.day))
        #expect(civil.timestamp == timestamp)
        #expect(timestamp.iso8601.hasSuffix("Z"))
    }

    /// (text, seconds, nanoseconds): offsets, fractions (truncated past nanoseconds), the basic
    /// form, `@SECONDS`, `t`/space separators, a leap second read as second 59.
    @Test(
        arguments: [
            ("2026-01-15T10:00:00Z", 1_768_471_200, 0),
            ("2026-01-15t10:00:00z", 1_768_471_200, 0),
            ("2026-01-15 10:00:00Z", 1_768_471_200, 0),
            ("20260115T100000Z", 1_768_471_200, 0),
            ("2026-01-15T10:00:00.5Z", 1_768_471_200, 500_000_000),
            ("2026-01-15T10:00:00.123456789Z", 1_768_471_200, 123_456_789),
            ("2026-01-15T10:00:00.1234567899Z", 1_768_471_200, 123_456_789),
            ("2026-01-15T11:00:00+01:00", 1_768_471_200, 0),
            ("2026-01-15T09:30:00-00:30", 1_768_471_200, 0),
            ("1970-01-01T00:00:00.001+00:00", 0, 1_000_000),
            ("1969-12-31T23:59:59.999Z", -1, 999_000_000),
            ("2016-12-31T23:59:60Z", 1_483_228_799, 0),
            ("@0", 0, 0),
            ("@1768471200", 1_768_471_200, 0),
            ("@999999999999", 999_999_999_999, 0),
        ] as [(String, Int64, Int64)]
    )
    func parses(text: String, seconds: Int64, nanoseconds: Int64) {
        #expect(Timestamp(iso8601: text) == Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds))
    }

    @Test(arguments: [
        "", "2026", "20260115", "1768471200", "@", "@-1", "@1234567890123", "@12a", "2026-01-15T10:00:00",
        "2026-01-15T10:00:00ZZ", "2026-01-15T10:00:00.Z", "2026-01-15T10:00:00+1:00", "2026-01-15T10:00:00+24:00",
        "2026-02-30T10:00:00Z", "2026-01-15T24:00:00Z", "2026-01-15T10:60:00Z", "2026-01-15X10:00:00Z",
        "0000-01-01T00:00:00Z", "2026-01-15T10:00:00 Z", "20260115T100000", "20260230T100000Z", "２026-01-15T10:00:00Z",
    ])
    func refusesWhatIsNotATime(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    /// Fractions are written truncated, never rounded up into the next second.
    @Test(
        arguments: [
            (0, 0, 3, "1970-01-01T00:00:00.000Z"), (0, 999_999_999, 3, "1970-01-01T00:00:00.999Z"),
            (0, 999_999_999, 0, "1970-01-01T00:00:00Z"), (-1, 500_000_000, 9, "1969-12-31T23:59:59.500000000Z"),
            (1_768_471_200, 123_456_789, 6, "2026-01-15T10:00:00.123456Z"),
        ] as [(Int64, Int64, Int, String)]
    )
    func writesFractions(seconds: Int64, nanoseconds: Int64, digits: Int, text: String) {
        let timestamp = Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds)
        #expect(timestamp.iso8601(fractionDigits: digits) == text)
        #expect(
            Timestamp(iso8601: text) == Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds).truncated(digits)
        )
    }

    @Test func descriptionShowsTheFractionOnlyWhenThereIsOne() {
        #expect(Timestamp(secondsSince1970: 1_768_471_200).description == "2026-01-15T10:00:00Z")
        #expect(
            Timestamp(secondsSince1970: 1_768_471_200, nanoseconds: 5).description == "2026-01-15T10:00:00.000000005Z"
        )
    }
}

extension Timestamp {
    /// This instant with its fraction cut to `digits` decimal places.
    fileprivate func truncated(_ digits: Int) -> Timestamp {
        var scale: Int64 = 1
        for _ in digits..<9 { scale *= 10 }
        return Timestamp(secondsSince1970: secondsSince1970, nanoseconds: Int64(nanosecondOfSecond) / scale * scale)
    }
}
