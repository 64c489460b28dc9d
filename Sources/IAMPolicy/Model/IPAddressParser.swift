import GatehouseCore

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
                guard let digit = unsafe HexDigit.value(of: bytes[position]) else { return nil }
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
}
