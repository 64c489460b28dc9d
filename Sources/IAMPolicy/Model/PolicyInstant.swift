#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An instant with second precision (fractions are kept as nanoseconds).
public struct PolicyInstant: Sendable, Hashable, Comparable {
    public let seconds: Int64
    public let nanoseconds: Int32

    /// ISO 8601 — date only (midnight UTC), date and time with `Z`, `±hh:mm`, `±hhmm` or no zone
    /// (UTC), optional fractional seconds — or seconds since 1970.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard !b.isEmpty, b.count <= 40 else { return nil }
        if b.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            || (b.first == UInt8(ascii: "-") && b.count > 1)
        {
            guard let value = Int64(text), b.count <= 12 else { return nil }
            seconds = value
            nanoseconds = 0
            return
        }
        // A fixed-width field of ASCII digits (a sign or space would slip through `Int(_:)` alone).
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            let field = b[start..<(start + count)]
            guard field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int(String(decoding: field, as: UTF8.self))
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), day >= 1, day <= 31
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var nanos = 0
        var offset = 0
        var index = 10
        if index < b.count {
            guard b[index] == UInt8(ascii: "T") || b[index] == UInt8(ascii: "t"),
                let h = number(index + 1, 2), index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"),
                let m = number(index + 4, 2), h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < b.count, b[index] == UInt8(ascii: ":") {
                guard let s = number(index + 1, 2), s < 60 else { return nil }
                second = s
                index += 3
                if index < b.count, b[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale = 100_000_000
                    let start = index
                    while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") {
                        nanos += Int(b[index] - UInt8(ascii: "0")) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start, index - start <= 9 else { return nil }
                }
            }
            if index < b.count {
                switch b[index] {
                case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                    guard index + 1 == b.count else { return nil }
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    let sign = b[index] == UInt8(ascii: "+") ? 1 : -1
                    guard let oh = number(index + 1, 2), oh < 24 else { return nil }
                    var om = 0
                    if b.count == index + 6, b[index + 3] == UInt8(ascii: ":"), let m = number(index + 4, 2) {
                        om = m
                    } else if b.count == index + 5, let m = number(index + 3, 2) {
                        om = m
                    } else if b.count != index + 3 {
                        return nil
                    }
                    guard om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                default:
                    return nil
                }
            }
        }
        // Calendar arithmetic (and the check that the day exists in that month) by Foundation's
        // Gregorian calendar in UTC; this runs once per policy value, at load.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        seconds = Int64(date.timeIntervalSince1970.rounded()) - Int64(offset)
        nanoseconds = Int32(nanos)
    }

    public static func < (lhs: PolicyInstant, rhs: PolicyInstant) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}
