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
