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
            // At most four digits of exponent: never `abs(Int.min)`, never a huge shift.
            guard bytes.count <= 5, let power = Int(String(decoding: bytes, as: UTF8.self)), power > -1000, power < 1000
            else { return nil }
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
    /// The network and mask as one 128-bit pair, for allocation-free `contains`.
    private let address: IPAddress
    private let mask: (high: UInt64, low: UInt64)

    public var isIPv6: Bool { address.isIPv6 }

    public init?(_ text: String) {
        var text = text
        guard let (address, prefix) = text.withUTF8({ unsafe Self.parse($0) }) else { return nil }
        self.init(address: address, prefixLength: prefix)
    }

    private init(address: IPAddress, prefixLength prefix: Int) {
        let bits = address.isIPv6 ? 128 : 32
        // The mask over the address's own width (IPv4 lives in the low 32 bits).
        let hostBits = bits - prefix
        var high: UInt64 = .max
        var low: UInt64 = .max
        if hostBits >= 64 {
            low = 0
            high = hostBits >= 128 ? 0 : .max << UInt64(hostBits - 64)
        } else if hostBits > 0 {
            low = .max << UInt64(hostBits)
        }
        if !address.isIPv6 {
            high = 0
            low &= 0xFFFF_FFFF
        }
        mask = (high, low)
        self.address = IPAddress(high: address.high & high, low: address.low & low, isIPv6: address.isIPv6)
        prefixLength = prefix
        network = self.address.bytes
    }

    /// `address[/prefix]` from UTF-8.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (IPAddress, Int)? {
        let slash = unsafe bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        guard let address = unsafe IPAddressParser.parse(UnsafeBufferPointer(rebasing: bytes[..<slash])) else {
            return nil
        }
        let maximum = address.isIPv6 ? 128 : 32
        guard slash < bytes.count else { return (address, maximum) }
        let digits = unsafe bytes[(slash + 1)...]
        guard unsafe !digits.isEmpty, unsafe digits.count <= 3 else { return nil }
        var value = 0
        for index in unsafe digits.indices {
            let byte = unsafe digits[index]
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard value <= maximum else { return nil }
        return (address, value)
    }

    /// `true` when `address` (4 or 16 bytes) lies in the range; different families never match.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        return contains(IPAddress(bytes: address))
    }

    /// Whether a request value — an address without a prefix — lies in the range; `nil` when it is
    /// not an address. Works on the UTF-8 bytes, without allocating.
    func containsAddress(_ text: String) -> Bool? {
        var text = text
        guard let candidate = text.withUTF8({ unsafe IPAddressParser.parse($0) }) else {
            // A full-length prefix (`/32`, `/128`) still names one address.
            guard let single = CIDR(text), single.prefixLength == (single.isIPv6 ? 128 : 32) else { return nil }
            return contains(single.address)
        }
        return contains(candidate)
    }

    private func contains(_ candidate: IPAddress) -> Bool {
        candidate.isIPv6 == address.isIPv6 && candidate.high & mask.high == address.high
            && candidate.low & mask.low == address.low
    }

    public static func == (lhs: CIDR, rhs: CIDR) -> Bool {
        lhs.address == rhs.address && lhs.prefixLength == rhs.prefixLength
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(prefixLength)
    }
}

/// An IPv4 address (in the low 32 bits) or an IPv6 address, as two integers.
struct IPAddress: Sendable, Hashable {
    var high: UInt64
    var low: UInt64
    var isIPv6: Bool

    init(high: UInt64, low: UInt64, isIPv6: Bool) {
        self.high = high
        self.low = low
        self.isIPv6 = isIPv6
    }

    /// From 4 or 16 network-order bytes.
    init(bytes: [UInt8]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if bytes.count == 16 && index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.init(high: high, low: low, isIPv6: bytes.count == 16)
    }

    var bytes: [UInt8] {
        if !isIPv6 { return (0..<4).map { UInt8(truncatingIfNeeded: low >> UInt64(24 - 8 * $0)) } }
        return (0..<8).map { UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * $0)) }
    }
}

/// Textual IPv4 (dotted quad, no leading zeros) and IPv6 (with `::`, any hex case, an embedded
/// IPv4 tail) addresses, parsed from UTF-8 bytes.
enum IPAddressParser {
    static func parse(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { unsafe parse($0) }?.bytes
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        guard bytes.count <= 45 else { return nil }
        guard unsafe bytes.contains(UInt8(ascii: ":")) else {
            return unsafe ipv4(bytes, from: 0).map { IPAddress(high: 0, low: UInt64($0), isIPv6: false) }
        }
        return unsafe ipv6(bytes)
    }

    /// A dotted quad occupying `bytes[start...]`.
    static func ipv4(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var index = start
        while parts < 4 {
            var digits = 0
            var part: UInt32 = 0
            let first = index
            while index < bytes.count, unsafe bytes[index] &- UInt8(ascii: "0") < 10, digits < 4 {
                part = unsafe part * 10 + UInt32(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits >= 1, digits <= 3, part <= 255, unsafe !(digits > 1 && bytes[first] == UInt8(ascii: "0"))
            else {
                return nil
            }
            value = value << 8 | part
            parts += 1
            if parts < 4 {
                guard index < bytes.count, unsafe bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        return index == bytes.count ? value : nil
    }

    static func ipv6(_ bytes: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        // Up to eight 16-bit groups; `gap` is where `::` stands (in groups), if anywhere.
        var groups = SIMD8<UInt16>()
        var count = 0
        var gap: Int? = nil
        var index = 0
        if unsafe bytes.count >= 2 && bytes[0] == UInt8(ascii: ":") && bytes[1] == UInt8(ascii: ":") {
            gap = 0
            index = 2
        } else if unsafe bytes.first == UInt8(ascii: ":") {
            return nil
        }
        while index < bytes.count {
            // An IPv4 tail takes the last two groups.
            var end = index
            while end < bytes.count, unsafe bytes[end] != UInt8(ascii: ":") { end += 1 }
            if end == bytes.count, unsafe bytes[index..<end].contains(UInt8(ascii: ".")) {
                guard count <= 6, let v4 = unsafe ipv4(bytes, from: index) else { return nil }
                groups[count] = UInt16(v4 >> 16)
                groups[count + 1] = UInt16(v4 & 0xFFFF)
                count += 2
                index = end
                break
            }
            guard end > index, end - index <= 4, count < 8 else { return nil }
            var group: UInt16 = 0
            for position in index..<end {
                guard let digit = unsafe hexValue(bytes[position]) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            groups[count] = group
            count += 1
            index = end
            if index < bytes.count {
                // A `:` then either a group or a second `:` (the gap, once).
                index += 1
                if unsafe index < bytes.count && bytes[index] == UInt8(ascii: ":") {
                    guard gap == nil else { return nil }
                    gap = count
                    index += 1
                } else if index == bytes.count {
                    return nil
                }
            }
        }
        var full = SIMD8<UInt16>()
        if let gap {
            guard count <= 7 else { return nil }
            let tail = count - gap
            for position in 0..<gap { full[position] = groups[position] }
            for position in 0..<tail { full[8 - tail + position] = groups[gap + position] }
        } else {
            guard count == 8 else { return nil }
            full = groups
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for position in 0..<4 { high = high << 16 | UInt64(full[position]) }
        for position in 4..<8 { low = low << 16 | UInt64(full[position]) }
        return IPAddress(high: high, low: low, isIPv6: true)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
