/// The calendar view of a ``Timestamp``: year, month, day and time of day in UTC, in the proleptic
/// Gregorian calendar (ISO 8601's), with no leap seconds — the view every format Gatehouse reads or
/// writes (ISO 8601, SigV4's `X-Amz-Date`, HTTP-dates, API Gateway's `requestTime`) is spelled in.
///
/// Pure integer arithmetic (Howard Hinnant's days-from-civil algorithms): no calendar object,
/// locale or time zone, so it is the same on every machine and exact for every `Int64` second.
public struct CivilTime: Sendable, Hashable {
    /// The year; 0 is 1 BC and negative years count back from it (astronomical numbering).
    public let year: Int
    /// 1…12.
    public let month: Int
    /// 1…31.
    public let day: Int
    /// 0…23.
    public let hour: Int
    /// 0…59.
    public let minute: Int
    /// 0…59 (a leap second is read as the second before it).
    public let second: Int
    /// 0…999,999,999.
    public let nanosecond: Int

    /// The calendar reading of `timestamp` in UTC.
    public init(_ timestamp: Timestamp) {
        let (days, secondOfDay) = Timestamp.floorDivide(timestamp.secondsSince1970, by: 86_400)
        (year, month, day) = Self.civil(fromDays: days)
        let seconds = Int(secondOfDay)
        hour = seconds / 3600
        minute = seconds / 60 % 60
        second = seconds % 60
        nanosecond = Int(timestamp.nanosecondOfSecond)
    }

    /// A calendar time from its fields, `nil` when any is out of range (February 30, hour 24, a
    /// year outside 1…9999 — the four-digit years every format here spells). Second 60 (a leap
    /// second) is accepted and read as second 59, as UTC without leap seconds has it.
    @inlinable
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0)
    {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysInMonth(year: year, month: month),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            (0..<1_000_000_000).contains(nanosecond)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = min(second, 59)
        self.nanosecond = nanosecond
    }

    /// The instant this calendar time names (UTC).
    ///
    /// Always inlined: SigV4 reads every request's `X-Amz-Date` through it, and as a call (with
    /// the nanoseconds carried by a division) it cost `sigv4.verify.cached` about 75 instructions
    /// (bench/PERFORMANCE.md).
    @inlinable @inline(__always)
    public var timestamp: Timestamp {
        let days = Self.daysSince1970(year: year, month: month, day: day)
        let secondOfDay = Int64(hour * 3600 + minute * 60 + second)
        let (start, overflow) = days.multipliedReportingOverflow(by: 86_400)
        // Only the first day of `Int64` seconds starts before `Int64.min`: count from the next one.
        let seconds = overflow ? (days + 1) * 86_400 + (secondOfDay - 86_400) : start + secondOfDay
        // `nanosecond` is within a second (every initializer keeps it there): nothing to carry.
        return Timestamp(secondsSince1970: seconds, nanosecondOfSecond: Int32(truncatingIfNeeded: nanosecond))
    }

    /// Whether `year` has a February 29th.
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// 28…31.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Calendar arithmetic (Howard Hinnant's days-from-civil algorithms)

    /// Days from 1970-01-01 to the given date (negative before it).
    @inlinable
    package static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let mp = Int64((month + 9) % 12)
        let dayOfYear = (153 * mp + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// (year, month, day) of the day `days` after 1970-01-01.
    package static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        // Shifting by 719,468 days cannot overflow for days from whole Int64 seconds (|days| < 1.1e14).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
