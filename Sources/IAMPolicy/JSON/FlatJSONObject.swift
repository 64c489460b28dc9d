/// A flat JSON object read in one pass without building a tree: where each top-level member's key
/// and value are, and what kind of value it is. Made for the hot path of token verification,
/// where a JWT's header and claims are a handful of plain members read once each.
///
/// It accepts only a subset of what ``PolicyJSONParser`` accepts — ASCII text, no escapes, no
/// nested objects, arrays only of scalars, no duplicate keys — and returns `nil` for everything
/// else, valid or not. A caller falls back to the full parser on `nil`, which then produces the
/// tree or the precise error; so the set of documents accepted never depends on which path ran.
public struct FlatJSONObject: Sendable {
    /// What a member's value is.
    public enum Kind: Sendable, Hashable {
        case string
        case number
        case bool
        case null
        /// An array of strings, numbers, booleans and nulls.
        case array
    }

    /// One member: the key's bytes (between its quotes), the value's bytes (for a string, between
    /// its quotes), and the value's kind.
    public struct Member: Sendable {
        public let key: Range<Int>
        public let value: Range<Int>
        public let kind: Kind
    }

    /// The document's bytes.
    public let bytes: [UInt8]
    public let members: [Member]

    /// Reads `bytes`; `nil` when they are not a flat ASCII object without escapes or duplicate keys.
    public init?(_ bytes: [UInt8]) {
        guard let members = bytes.withUnsafeBufferPointer({ Self.scan($0) }) else { return nil }
        self.bytes = bytes
        self.members = members
    }

    /// The members of a flat object in `bytes` (see the type's rules); `nil` when it is not one.
    public static func members(of bytes: UnsafeBufferPointer<UInt8>) -> [Member]? { scan(bytes) }

    /// The member whose key is `name`.
    public func member(_ name: String) -> Member? {
        var name = name
        return name.withUTF8 { member(keyed: $0) }
    }

    /// The member whose key is `name`, compared with the literal's bytes (no `String` bridging:
    /// what a verifier does for each registered claim).
    public func member(_ name: StaticString) -> Member? {
        member(keyed: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private func member(keyed wanted: UnsafeBufferPointer<UInt8>) -> Member? {
        bytes.withUnsafeBufferPointer { bytes in
            members.first { Self.equal(bytes, $0.key, wanted, 0..<wanted.count) }
        }
    }

    /// A member's value as the full parser would give it.
    public func value(_ member: Member) -> JSONValue {
        let text = bytes[member.value]
        switch member.kind {
        case .string: return .string(String(decoding: text, as: UTF8.self))
        case .number: return .number(String(decoding: text, as: UTF8.self))
        case .bool: return .bool(text.first == UInt8(ascii: "t"))
        case .null: return .null
        case .array:
            // Already validated: the full parser reads the slice without fail.
            var limits = PolicyJSONParser.Limits()
            limits.locations = false
            return (try? PolicyJSONParser.parse(Array(text), limits: limits).value) ?? .array([])
        }
    }

    /// A member's value by key.
    public func value(_ name: String) -> JSONValue? { member(name).map(value) }

    /// Whether a string member's value is exactly `text` (no `String` is built).
    public func stringValue(_ member: Member, equals text: String) -> Bool {
        guard member.kind == .string, member.value.count == text.utf8.count else { return false }
        let compared = text.utf8.withContiguousStorageIfAvailable { wanted in
            bytes.withUnsafeBufferPointer { Self.equal($0, member.value, wanted, 0..<wanted.count) }
        }
        return compared ?? bytes[member.value].elementsEqual(text.utf8)
    }

    /// A number member as a `Double`: integers of up to 15 digits exactly and without a detour
    /// through text, anything else as Swift's `Double(String)` reads it.
    public func doubleValue(_ member: Member) -> Double? {
        guard member.kind == .number else { return nil }
        if member.value.count <= 15 {
            let integer = bytes.withUnsafeBufferPointer { bytes -> Int64? in
                var value: Int64 = 0
                for index in member.value {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int64(digit)
                }
                return value
            }
            if let integer { return Double(integer) }
        }
        return Double(String(decoding: bytes[member.value], as: UTF8.self))
    }

    // MARK: - Scanning

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        while index < bytes.count && isSpace(bytes[index]) { index += 1 }
    }

    /// A string's contents from after its opening quote: printable ASCII up to the closing quote.
    /// Eight bytes at a time while none of them is a quote, a backslash, a control character or
    /// non-ASCII.
    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Range<Int>? {
        let start = index
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quote = word ^ (0x22 * ones)
                let backslash = word ^ (0x5C * ones)
                let special =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- 0x20 * ones) & ~word)
                    | word
                if special & highs != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            // Escapes, control characters and non-ASCII text are the full parser's business.
            guard byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// Whether `bytes[range]` equals `other[otherRange]`.
    @inline(__always)
    private static func equal(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        _ other: UnsafeBufferPointer<UInt8>,
        _ otherRange: Range<Int>
    ) -> Bool {
        guard range.count == otherRange.count else { return false }
        var offset = 0
        while offset < range.count {
            if bytes[range.lowerBound + offset] != other[otherRange.lowerBound + offset] { return false }
            offset += 1
        }
        return true
    }

    /// JSON's number grammar, exactly as the full parser checks it.
    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        func digits(_ index: inout Int) -> Int {
            let from = index
            while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits(&index)
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else { return false }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&index) > 0 else { return false }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard digits(&index) > 0 else { return false }
        }
        return true
    }

    @inline(__always)
    private static func literal(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// A scalar value (string, number, boolean, null) starting at `index`.
    @inline(__always)
    private static func scalar(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ index: inout Int
    ) -> (Range<Int>, Kind)? {
        guard index < bytes.count else { return nil }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            return string(bytes, &index).map { ($0, .string) }
        case UInt8(ascii: "t"):
            return literal(bytes, &index, "true") ? (start..<index, .bool) : nil
        case UInt8(ascii: "f"):
            return literal(bytes, &index, "false") ? (start..<index, .bool) : nil
        case UInt8(ascii: "n"):
            return literal(bytes, &index, "null") ? (start..<index, .null) : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(bytes, &index) ? (start..<index, .number) : nil
        default:
            return nil
        }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [Member]? {
        var index = 0
        skipSpace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var members: [Member] = []
        members.reserveCapacity(12)
        skipSpace(bytes, &index)
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace(bytes, &index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
                index += 1
                guard let key = string(bytes, &index) else { return nil }
                for other in members where equal(bytes, other.key, bytes, key) { return nil }  // a duplicate key
                skipSpace(bytes, &index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                skipSpace(bytes, &index)
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "[") {
                    let start = index
                    index += 1
                    skipSpace(bytes, &index)
                    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                        index += 1
                    } else {
                        while true {
                            skipSpace(bytes, &index)
                            guard scalar(bytes, &index) != nil else { return nil }
                            skipSpace(bytes, &index)
                            guard index < bytes.count else { return nil }
                            if bytes[index] == UInt8(ascii: ",") {
                                index += 1
                                continue
                            }
                            guard bytes[index] == UInt8(ascii: "]") else { return nil }
                            index += 1
                            break
                        }
                    }
                    members.append(Member(key: key, value: start..<index, kind: .array))
                } else {
                    guard let (value, kind) = scalar(bytes, &index) else { return nil }
                    members.append(Member(key: key, value: value, kind: kind))
                }
                skipSpace(bytes, &index)
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { return nil }
                index += 1
                break
            }
        }
        skipSpace(bytes, &index)
        return index == bytes.count ? members : nil
    }
}
