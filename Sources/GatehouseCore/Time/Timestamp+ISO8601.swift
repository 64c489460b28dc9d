extension Timestamp {
    /// `2026-01-15T10:00:00Z`: UTC, whole seconds (the fraction is dropped, never rounded up) — the
    /// form of IAM's `aws:CurrentTime`. Years before 1000 are padded to four digits; years past
    /// 9999 get more digits and years before 1 a `-` sign (ISO 8601's expanded years).
    ///
    /// Written byte by byte into the string's own storage: a conditional authorizer policy needs
    /// it on every result-cache hit.
    public var iso8601: String { iso8601(fractionDigits: 0) }

    /// ``iso8601`` with `fractionDigits` (0…9) digits of the second after a `.`, truncated.
    public func iso8601(fractionDigits: Int) -> String {
        precondition((0...9).contains(fractionDigits), "an ISO 8601 fraction has 0 to 9 digits here")
        let civil = CivilTime(self)
        // Sign, up to 12 year digits (Int64 seconds end in year ~2.9e11), `-MM-DDTHH:MM:SS`, the
        // fraction, `Z`.
        let capacity = 1 + 12 + 15 + 10 + 1
        return unsafe String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                precondition(count < buffer.count, "ISO 8601 text longer than its buffer")
                unsafe buffer[count] = byte
                count += 1
            }
            func digits(_ value: Int, width: Int) {
                var divisor = 1
                var places = 1
                while places < width || divisor <= value / 10 {
                    divisor *= 10
                    places += 1
                }
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / divisor % 10))
                    divisor /= 10
                }
            }
            if civil.year < 0 { put(UInt8(ascii: "-")) }
            digits(abs(civil.year), width: 4)
            put(UInt8(ascii: "-"))
            digits(civil.month, width: 2)
            put(UInt8(ascii: "-"))
            digits(civil.day, width: 2)
            put(UInt8(ascii: "T"))
            digits(civil.hour, width: 2)
            put(UInt8(ascii: ":"))
            digits(civil.minute, width: 2)
            put(UInt8(ascii: ":"))
            digits(civil.second, width: 2)
            if fractionDigits > 0 {
                put(UInt8(ascii: "."))
                var scale = 1
                for _ in fractionDigits..<9 { scale *= 10 }
                digits(civil.nanosecond / scale, width: fractionDigits)
            }
            put(UInt8(ascii: "Z"))
            return count
        }
    }

    /// Parses ISO 8601 in the forms a user or a credentials file writes: `2015-08-30T12:36:00Z`
    /// (`t` or a space for `T`, `z` for `Z`), with a fraction of a second (up to nanoseconds;
    /// further digits are dropped), with a `+HH:MM`/`-HH:MM` offset, or the basic
    /// `20150830T123600Z`; also `@SECONDS` since 1970 as GNU `date` writes it — a bare number is
    /// refused, so `20260115` is never read as 1970. Years 0001…9999; a leap second (`:60`) reads
    /// as the second before it. `nil` for anything else.
    public init?(iso8601 text: some StringProtocol) {
        let b = Array(text.utf8)
        if let basic = Self.basic(b) {
            self = basic
            return
        }
        if b.first == UInt8(ascii: "@") {
            guard b.count > 1, b.count <= 13, b.dropFirst().allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
                let seconds = Self.number(b, 1, b.count - 1)
            else { return nil }
            self.init(secondsSince1970: Int64(seconds))
            return
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let y = Self.number(b, 0, 4), let m = Self.number(b, 5, 2), let d = Self.number(b, 8, 2),
            let hh = Self.number(b, 11, 2), let mm = Self.number(b, 14, 2), let ss = Self.number(b, 17, 2)
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale = 100_000_000
            while index < b.count, b[index] &- UInt8(ascii: "0") < 10 {
                nanoseconds += Int(b[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == index + 6, b[index + 3] == UInt8(ascii: ":"),
                let oh = Self.number(b, index + 1, 2), let om = Self.number(b, index + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        guard
            let civil = CivilTime(
                year: y,
                month: m,
                day: d,
                hour: hh,
                minute: mm,
                second: ss,
                nanosecond: nanoseconds
            )
        else { return nil }
        self = civil.timestamp - .seconds(offset)
    }

    /// `YYYYMMDDTHHMMSSZ` (SigV4's `X-Amz-Date`; SigV4 reads it on its hot path with its own parser).
    private static func basic(_ b: [UInt8]) -> Timestamp? {
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
            let y = number(b, 0, 4), let m = number(b, 4, 2), let d = number(b, 6, 2),
            let hh = number(b, 9, 2), let mm = number(b, 11, 2), let ss = number(b, 13, 2)
        else { return nil }
        return CivilTime(year: y, month: m, day: d, hour: hh, minute: mm, second: ss)?.timestamp
    }

    /// The decimal number in `b[start..<start+count]`, `nil` unless every byte is a digit.
    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, count > 0, start + count <= b.count else { return nil }
        var value = 0
        for byte in b[start..<(start + count)] {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
