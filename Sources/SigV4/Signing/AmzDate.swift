/// A point in time with one-second precision, in the forms SigV4 uses: `20150830T123600Z`
/// (X-Amz-Date), `20150830` (the scope date), ISO 8601 (`2015-08-30T12:36:00Z`) and HTTP-date.
///
/// Pure arithmetic on seconds since 1970 (UTC); no calendar, locale or time zone involved.
public struct AmzDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    public static func < (lhs: AmzDate, rhs: AmzDate) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    public var description: String { iso8601 }

    // MARK: Formatting

    /// `YYYYMMDDTHHMMSSZ`.
    public var amzFormat: String {
        String(unsafeUninitializedCapacity: 16) { out in
            writeAmzBytes(to: out.baseAddress!)
            return 16
        }
    }

    /// `YYYYMMDD`, the credential scope's date.
    public var scopeDate: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            writeAmzBytes(to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<8]), as: UTF8.self)
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var iso8601: String {
        let (y, m, d, hh, mm, ss) = components
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))Z"
    }

    /// The 16 bytes of `YYYYMMDDTHHMMSSZ`.
    public var amzBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { out, count in
            writeAmzBytes(to: out.baseAddress!)
            count = 16
        }
    }

    /// Writes `YYYYMMDDTHHMMSSZ` (16 bytes) at `out`: every signature writes the date twice (the
    /// header and the string to sign), straight into the string that holds it.
    func writeAmzBytes(to out: UnsafeMutablePointer<UInt8>) {
        let (y, m, d, hh, mm, ss) = components
        @inline(__always)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var v = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
        }
        put(y, 4, at: 0)
        put(m, 2, at: 4)
        put(d, 2, at: 6)
        out[8] = UInt8(ascii: "T")
        put(hh, 2, at: 9)
        put(mm, 2, at: 11)
        put(ss, 2, at: 13)
        out[15] = UInt8(ascii: "Z")
    }

    /// (year, month, day, hour, minute, second) in UTC.
    public var components: (Int, Int, Int, Int, Int, Int) {
        let days = Int(secondsSince1970.floorDiv(86_400))
        let seconds = Int(secondsSince1970 - Int64(days) * 86_400)
        let (y, m, d) = Self.civil(fromDays: days)
        return (y, m, d, seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    // MARK: Parsing

    /// Parses `YYYYMMDDTHHMMSSZ`.
    public init?(amzFormat text: some StringProtocol) {
        guard text.utf8.count == 16 else { return nil }
        // Read in place: this runs on every verified request, and an `Array` copy of 16 bytes
        // cost more than the parse.
        let parsed =
            text.utf8.withContiguousStorageIfAvailable(Self.parseBasic)
            ?? Array(text.utf8).withUnsafeBufferPointer(Self.parseBasic)
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses `YYYYMMDDTHHMMSSZ` from bytes (the verifier reads the field in place).
    init?(amzBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parseBasic(bytes) else { return nil }
        self = parsed
    }

    /// `YYYYMMDDTHHMMSSZ` from exactly 16 bytes.
    private static func parseBasic(_ b: UnsafeBufferPointer<UInt8>) -> AmzDate? {
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        // Every digit checked, the verdict taken once at the end: no early exits in the loop.
        var digits = 0 as UInt8
        @inline(__always)
        func digit(_ index: Int) -> Int {
            let value = b[index] &- UInt8(ascii: "0")
            digits |= value > 9 ? 0x80 : 0
            return Int(value)
        }
        let y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let m = digit(4) * 10 + digit(5)
        let d = digit(6) * 10 + digit(7)
        let hh = digit(9) * 10 + digit(10)
        let mm = digit(11) * 10 + digit(12)
        let ss = digit(13) * 10 + digit(14)
        guard digits == 0 else { return nil }
        return AmzDate(year: y, month: m, day: d, hour: hh, minute: mm, second: ss)
    }

    /// Parses ISO 8601 in the forms a user types: `2015-08-30T12:36:00Z`, with fractional seconds,
    /// with a `+HH:MM` offset, or the basic `20150830T123600Z`; also `@SECONDS` since 1970 (as GNU
    /// `date` writes it — a bare number is refused, so `20260115` is never read as 1970).
    public init?(iso8601 text: some StringProtocol) {
        let s = String(text)
        if let basic = AmzDate(amzFormat: s) {
            self = basic
            return
        }
        if s.hasPrefix("@"), s.utf8.count > 1, s.utf8.count <= 13,
            s.utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let seconds = Int64(s.dropFirst())
        {
            self.init(secondsSince1970: seconds)
            return
        }
        let b = Array(s.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let y = Self.digits(b, 0, 4), let m = Self.digits(b, 5, 2), let d = Self.digits(b, 8, 2),
            let hh = Self.digits(b, 11, 2), let mm = Self.digits(b, 14, 2), let ss = Self.digits(b, 17, 2)
        else { return nil }
        var index = 19
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == index + 6, b[index + 3] == UInt8(ascii: ":"),
                let oh = Self.digits(b, index + 1, 2), let om = Self.digits(b, index + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        guard let date = AmzDate(year: y, month: m, day: d, hour: hh, minute: mm, second: ss) else { return nil }
        self.init(secondsSince1970: date.secondsSince1970 - Int64(offset))
    }

    /// Parses an HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7) and the
    /// RFC 2822 form with a numeric zone that Python's `email.utils.formatdate` (botocore) writes
    /// (`Sun, 06 Nov 1994 08:49:37 -0000`, `+0100`).
    public init?(httpDate text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count >= 29, b[3] == UInt8(ascii: ","), b[4] == UInt8(ascii: " "), b[7] == UInt8(ascii: " "),
            b[11] == UInt8(ascii: " "), b[16] == UInt8(ascii: " "), b[19] == UInt8(ascii: ":"),
            b[22] == UInt8(ascii: ":"), b[25] == UInt8(ascii: " "),
            let d = Self.digits(b, 5, 2), let y = Self.digits(b, 12, 4),
            let hh = Self.digits(b, 17, 2), let mm = Self.digits(b, 20, 2), let ss = Self.digits(b, 23, 2)
        else { return nil }
        let zone = String(decoding: b[26...], as: UTF8.self)
        var offset = 0
        switch zone {
        case "GMT", "UTC", "+0000", "-0000": offset = 0
        default:
            let z = Array(zone.utf8)
            guard z.count == 5, z[0] == UInt8(ascii: "+") || z[0] == UInt8(ascii: "-"),
                let oh = Self.digits(z, 1, 2), let om = Self.digits(z, 3, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (z[0] == UInt8(ascii: "+") ? 1 : -1)
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let name = String(decoding: b[8..<11], as: UTF8.self)
        guard let monthIndex = months.firstIndex(of: name),
            let date = AmzDate(year: y, month: monthIndex + 1, day: d, hour: hh, minute: mm, second: ss)
        else { return nil }
        self.init(secondsSince1970: date.secondsSince1970 - Int64(offset))
    }

    /// A date from UTC components; `nil` when any is out of range (Feb 30, hour 24, …).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysInMonth(year: year, month: month),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        self.init(secondsSince1970: Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)))
    }

    // MARK: Calendar arithmetic (Howard Hinnant's days-from-civil algorithms)

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for byte in b[start..<(start + count)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
