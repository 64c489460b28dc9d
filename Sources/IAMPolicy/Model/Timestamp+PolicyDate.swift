public import GatehouseCore

extension Timestamp {
    /// Reads a `Date…` condition value (reference/iam.md §4.2), in a policy or a request, as the
    /// instant it names.
    ///
    /// Accepted, and nothing else:
    /// - seconds since 1970 (`aws:EpochTime`): up to 12 ASCII digits, or `-` and up to 11;
    /// - an ISO 8601 date, `YYYY-MM-DD` (midnight UTC);
    /// - a date and time, `YYYY-MM-DDThh:mm`, `…Thh:mm:ss` or `…Thh:mm:ss.f` with 1 to 9 digits of
    ///   fraction (`t` for `T`), then `Z` (`z`), an offset `±hh`, `±hh:mm` or `±hhmm`, or no zone
    ///   (UTC).
    ///
    /// Years 0001…9999 in the proleptic Gregorian calendar (ISO 8601's); hours 00…23, minutes and
    /// seconds 00…59 (no leap second), offsets up to ±23:59. At most 40 bytes.
    ///
    /// Reads the UTF-8 bytes in place and allocates nothing: request values (`aws:CurrentTime`)
    /// are read on every evaluation of a date condition.
    public init?(policyDate text: String) {
        let utf8 = text.utf8
        guard let timestamp = Self.policyDate(utf8.span) else { return nil }
        self = timestamp
    }

    private static func policyDate(_ b: Span<UInt8>) -> Timestamp? {
        guard !b.isEmpty, b.count <= 40 else { return nil }
        if let seconds = epochSeconds(b) { return Timestamp(secondsSince1970: seconds) }
        // `YYYY-MM-DD`.
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var nanosecond = 0
        var offset = 0
        var index = 10
        if index < b.count {
            // `Thh:mm`, then `:ss` and `.fraction`, each optional.
            guard b[index] == UInt8(ascii: "T") || b[index] == UInt8(ascii: "t"),
                let h = digits(b, index + 1, 2), index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"),
                let m = digits(b, index + 4, 2), h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < b.count, b[index] == UInt8(ascii: ":") {
                guard let s = digits(b, index + 1, 2), s < 60 else { return nil }
                second = s
                index += 3
                if index < b.count, b[index] == UInt8(ascii: ".") {
                    index += 1
                    let start = index
                    var scale = 100_000_000
                    while index < b.count, index - start < 10, b[index] &- UInt8(ascii: "0") < 10 {
                        nanosecond += Int(b[index] &- UInt8(ascii: "0")) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start, index - start <= 9 else { return nil }
                }
            }
            if index < b.count {
                guard let zone = zoneOffset(b, from: index) else { return nil }
                offset = zone
            }
        }
        guard
            let civil = CivilTime(
                year: year,
                month: month,
                day: day,
                hour: hour,
                minute: minute,
                second: second,
                nanosecond: nanosecond
            )
        else { return nil }
        return civil.timestamp - .seconds(offset)
    }

    /// Seconds since 1970: all ASCII digits (at most 12 bytes), or `-` and digits; `nil` for
    /// anything else.
    private static func epochSeconds(_ b: Span<UInt8>) -> Int64? {
        let negative = b[0] == UInt8(ascii: "-")
        guard b.count <= 12, !negative || b.count > 1 else { return nil }
        var value: Int64 = 0
        for index in (negative ? 1 : 0)..<b.count {
            let digit = b[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return negative ? -value : value
    }

    /// `Z`, `z`, `±hh`, `±hh:mm` or `±hhmm` ending the text at `index`: seconds east of UTC.
    private static func zoneOffset(_ b: Span<UInt8>, from index: Int) -> Int? {
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return index + 1 == b.count ? 0 : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = digits(b, index + 1, 2), hours < 24 else { return nil }
            let minutes: Int?
            switch b.count - index {
            case 3: minutes = 0
            case 5: minutes = digits(b, index + 3, 2)
            case 6: minutes = b[index + 3] == UInt8(ascii: ":") ? digits(b, index + 4, 2) : nil
            default: minutes = nil
            }
            guard let minutes, minutes < 60 else { return nil }
            let seconds = hours * 3600 + minutes * 60
            return b[index] == UInt8(ascii: "+") ? seconds : -seconds
        default:
            return nil
        }
    }

    /// The decimal number in the `count` bytes at `start`, `nil` unless each is an ASCII digit
    /// (a sign or a space never slips through).
    private static func digits(_ b: Span<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = b[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
