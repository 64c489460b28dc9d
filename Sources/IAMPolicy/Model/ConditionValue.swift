#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A condition value parsed once, at load, for its operator (reference/iam.md §4.2, §9): numbers
/// as exact decimals, dates as instants, addresses as CIDR ranges, base64 as bytes. A value that
/// does not parse is a load error, never a condition that quietly evaluates to false.
public enum ConditionValue: Sendable, Hashable {
    /// String and ARN operators: the text, possibly with `${…}` variables (substituted at evaluation).
    case text(String)
    case number(PolicyNumber)
    case instant(PolicyInstant)
    case bool(Bool)
    case bytes([UInt8])
    case cidr(CIDR)

    /// Parses `text` for `base`; `nil` when it does not parse (the caller reports where).
    static func parse(_ text: String, for base: ConditionOperator.Base) -> ConditionValue? {
        switch base {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
            .stringNotLike:
            return .text(text)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            // Six segments (wildcards allowed inside them); variables may stand anywhere.
            let segments = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard
                text == "*" || (segments.count == 6 && segments[0].lowercased().hasPrefix("arn") || text.contains("${"))
            else { return nil }
            return .text(text)
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return PolicyNumber(text).map(ConditionValue.number)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return PolicyInstant(text).map(ConditionValue.instant)
        case .bool, .null:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .binaryEquals:
            // Strict RFC 4648 base64 (padding required, no whitespace), decoded at load.
            return Data(base64Encoded: text).map { ConditionValue.bytes(Array($0)) }
        case .ipAddress, .notIpAddress:
            return CIDR(text).map(ConditionValue.cidr)
        }
    }

    /// What a value of this operator must look like, for error messages.
    static func expectation(for base: ConditionOperator.Base) -> String {
        switch base {
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: return "an ARN with six `:`-separated segments"
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return "a number (integer or decimal)"
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return "an ISO 8601 date or time, or seconds since 1970"
        case .bool, .null: return "`true` or `false`"
        case .binaryEquals: return "base64"
        case .ipAddress, .notIpAddress: return "an IPv4 or IPv6 address or CIDR range"
        default: return "a string"
        }
    }
}

/// An exact decimal: `60`, `60.0` and `6e1` are equal; comparison is numeric, never lexical.
public struct PolicyNumber: Sendable, Hashable, Comparable {
    /// Digits without leading or trailing zeros, the decimal exponent, and the sign: value =
    /// digits × 10^exponent.
    let negative: Bool
    let digits: [UInt8]
    let exponent: Int

    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var exponent = 0
        var seenDot = false
        var seenDigit = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                guard !seenDot else { return nil }
                seenDot = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                seenDigit = true
                digits.append(byte - UInt8(ascii: "0"))
                if seenDot { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            guard let power = Int(String(decoding: bytes, as: UTF8.self)), abs(power) < 1000 else { return nil }
            exponent += power
        }
        while digits.first == 0 { digits.removeFirst() }
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { negative = false; exponent = 0 }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    public static func < (lhs: PolicyNumber, rhs: PolicyNumber) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = magnitudeLessThan(lhs, rhs)
        let equal = lhs == rhs
        return lhs.negative ? (!magnitudeLess && !equal) : magnitudeLess
    }

    private static func magnitudeLessThan(_ a: PolicyNumber, _ b: PolicyNumber) -> Bool {
        if a.digits.isEmpty { return !b.digits.isEmpty }
        if b.digits.isEmpty { return false }
        // Compare the position of the most significant digit, then the digits.
        let aTop = a.digits.count + a.exponent
        let bTop = b.digits.count + b.exponent
        if aTop != bTop { return aTop < bTop }
        for index in 0..<max(a.digits.count, b.digits.count) {
            let x = index < a.digits.count ? a.digits[index] : 0
            let y = index < b.digits.count ? b.digits[index] : 0
            if x != y { return x < y }
        }
        return false
    }
}

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

/// An IPv4 or IPv6 CIDR range; a bare address is `/32` or `/128`.
public struct CIDR: Sendable, Hashable {
    /// 4 or 16 bytes, host bits cleared.
    public let network: [UInt8]
    public let prefixLength: Int

    public var isIPv6: Bool { network.count == 16 }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddressParser.parse(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        var prefix = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(parts[1]), value <= maximum
            else { return nil }
            prefix = value
        }
        var network = address
        for index in 0..<network.count {
            let bitsHere = max(0, min(8, prefix - index * 8))
            network[index] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        self.network = network
        self.prefixLength = prefix
    }

    /// `true` when `address` (4 or 16 bytes) lies in the range; different families never match.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        for index in 0..<network.count {
            let bitsHere = max(0, min(8, prefixLength - index * 8))
            let mask: UInt8 = bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
            if address[index] & mask != network[index] { return false }
        }
        return true
    }
}

/// Textual IPv4 (dotted quad, no leading zeros) and IPv6 (with `::`, any hex case, an embedded
/// IPv4 tail) addresses.
enum IPAddressParser {
    static func parse(_ text: String) -> [UInt8]? {
        text.contains(":") ? ipv6(text) : ipv4(Substring(text))
    }

    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                !(part.count > 1 && part.first == "0"), let value = UInt8(part)
            else { return nil }
            out.append(value)
        }
        return out
    }

    static func ipv6(_ text: String) -> [UInt8]? {
        guard text.count <= 45 else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt8]? {
            if part.isEmpty { return [] }
            var out: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail && index == pieces.count - 1 && piece.contains(".") {
                    guard let v4 = ipv4(piece) else { return nil }
                    out += v4
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                out += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return out
        }
        if halves.count == 1 {
            guard let all = groups(halves[0], allowIPv4Tail: true), all.count == 16 else { return nil }
            return all
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
            head.count + tail.count <= 14
        else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
