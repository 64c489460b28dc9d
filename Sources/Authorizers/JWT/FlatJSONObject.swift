import GatehouseCore
import GatehouseCrypto
import IAMPolicy

/// A flat JSON object read in one pass without building a tree: where each top-level member's key
/// and value are, and what kind of value it is. Made for the hot path of token verification,
/// where a JWT's header and claims are a handful of plain members read once each.
///
/// It accepts only a subset of what ``JSONParser`` accepts — ASCII text, no escapes, no
/// nested objects, arrays only of scalars, no duplicate keys — and returns `nil` for everything
/// else, valid or not. A caller falls back to the full parser on `nil`, which then produces the
/// tree or the precise error; so the set of documents accepted never depends on which path ran.
///
/// The bytes and the member table live in one allocation (``Storage``), which a token's segment
/// is base64url-decoded straight into: a verified token costs one allocation for its claims, where
/// two arrays cost two, each with a generic-metadata lookup.
///
/// `@unchecked Sendable`: the storage (a `ManagedBuffer`, which is never `Sendable`) is private
/// to this file and written only while a `FlatJSONObject` is made, before one holds it; a
/// `FlatJSONObject` has no API that writes it (see ``Storage``).
struct FlatJSONObject: @unchecked Sendable {
    /// What a member's value is.
    enum Kind: UInt8, Sendable, Hashable {
        case string
        case number
        case bool
        case null
        /// An array of strings, numbers, booleans and nulls.
        case array
    }

    /// One member: the key's bytes (between its quotes), the value's bytes (for a string, between
    /// its quotes), and the value's kind. Offsets are 16-bit (the reader declines documents of
    /// 64 KiB or more, which the full parser then reads), so a member is 24 bytes: a claims set's
    /// table stays small enough for the allocator's per-thread cache.
    struct Member: Sendable {
        /// The key's first eight bytes as a little-endian word, zero-padded: what tells keys apart
        /// (with the length) when duplicates are looked for, and what a reader compares with the
        /// names it wants (``word(_:)``) — no byte loops over keys.
        let keyWord: UInt64
        let keyStart: UInt16
        let keyEnd: UInt16
        let valueStart: UInt16
        let valueEnd: UInt16
        let kind: Kind

        init(key: Range<Int>, keyWord: UInt64, value: Range<Int>, kind: Kind) {
            self.keyWord = keyWord
            keyStart = UInt16(truncatingIfNeeded: key.lowerBound)
            keyEnd = UInt16(truncatingIfNeeded: key.upperBound)
            valueStart = UInt16(truncatingIfNeeded: value.lowerBound)
            valueEnd = UInt16(truncatingIfNeeded: value.upperBound)
            self.kind = kind
        }

        var key: Range<Int> { Int(keyStart)..<Int(keyEnd) }
        var value: Range<Int> { Int(valueStart)..<Int(valueEnd) }
        var keyCount: Int { Int(keyEnd &- keyStart) }
    }

    /// Up to eight bytes of `bytes[range]` as a little-endian word (the rest zero): one load when
    /// eight bytes are there to read, masked to the key's length.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let count = min(range.count, 8)
        if range.lowerBound + 8 <= bytes.count, let base = bytes.baseAddress {
            let loaded = unsafe UInt64(
                littleEndian: UnsafeRawPointer(base + range.lowerBound).loadUnaligned(as: UInt64.self)
            )
            return count == 8 ? loaded : loaded & ((1 << (8 * UInt64(count))) &- 1)
        }
        var value: UInt64 = 0
        for offset in 0..<count {
            unsafe value |= UInt64(bytes[range.lowerBound + offset]) << (8 * UInt64(offset))
        }
        return value
    }

    /// A name of up to eight ASCII bytes as ``Member/keyWord`` holds it (a constant once inlined).
    @inline(__always)
    static func word(_ name: StaticString) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<min(name.utf8CodeUnitCount, 8) {
            unsafe value |= UInt64(name.utf8Start[offset]) << (8 * UInt64(offset))
        }
        return value
    }

    /// The document's bytes followed by its member table, in one block of 8-byte words: the
    /// element type makes the block's start aligned for ``Member`` (checked by a precondition),
    /// and the table starts at the next multiple of `MemoryLayout<Member>.alignment`. The bytes
    /// and the table are bound to `UInt8` and ``Member`` inside the closures that lend them;
    /// no pointer to the block outlives such a closure.
    ///
    /// Only this file writes a block, and only while ``FlatJSONObject`` makes one (``make``,
    /// ``decode(jwsSegment:maxBytes:)``, ``scanStorage(_:)``); a block held by a
    /// `FlatJSONObject` is only read. That is what makes `FlatJSONObject` `Sendable`.
    fileprivate final class Storage: ManagedBuffer<Storage.Header, UInt64> {
        struct Header {
            var byteCount = 0
            var memberCount = 0
            /// Where the member table starts, in bytes from the first element.
            var tableOffset = 0
            /// How many members the table has room for.
            var tableCapacity = 0

            /// The bytes from the first element to the table's end: what a decoder may write.
            var blockBytes: Int { tableOffset + tableCapacity * MemoryLayout<Member>.stride }
        }

        /// A block for `byteCount` bytes and `tableCapacity` members.
        static func make(byteCount: Int, tableCapacity: Int) -> Storage {
            let alignment = MemoryLayout<Member>.alignment
            precondition(MemoryLayout<UInt64>.alignment % alignment == 0, "a member needs more than word alignment")
            let header = Header(
                byteCount: byteCount,
                memberCount: 0,
                tableOffset: (byteCount + alignment - 1) / alignment * alignment,
                tableCapacity: tableCapacity
            )
            let words = (header.blockBytes + MemoryLayout<UInt64>.stride - 1) / MemoryLayout<UInt64>.stride
            let buffer = create(minimumCapacity: max(words, 1)) { _ in header }
            return unsafe unsafeDowncast(buffer, to: Storage.self)
        }

        /// Lends the header and the whole block as raw bytes (``Header/blockBytes`` of them) to
        /// `body`, which must not keep the pointer.
        @inline(__always)
        func withBlock<R, E: Error>(
            _ body: (inout Header, UnsafeMutableRawBufferPointer) throws(E) -> R
        ) throws(E) -> R {
            try unsafe withUnsafeMutablePointers { (header, words) throws(E) -> R in
                let block = unsafe UnsafeMutableRawBufferPointer(start: words, count: header.pointee.blockBytes)
                return try unsafe body(&header.pointee, block)
            }
        }

        /// Lends the bytes and the member table (room for ``Header/tableCapacity`` members).
        @inline(__always)
        func withRegions<R, E: Error>(
            _ body: (inout Header, UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<Member>) throws(E) -> R
        ) throws(E) -> R {
            try unsafe withBlock { (header, block) throws(E) -> R in
                let base = block.baseAddress!
                let bytes = unsafe UnsafeMutableBufferPointer(
                    start: base.bindMemory(to: UInt8.self, capacity: header.byteCount),
                    count: header.byteCount
                )
                let table = unsafe UnsafeMutableBufferPointer(
                    start: (base + header.tableOffset).bindMemory(to: Member.self, capacity: header.tableCapacity),
                    count: header.tableCapacity
                )
                return try unsafe body(&header, bytes, table)
            }
        }
    }

    private let storage: Storage

    /// The most members `byteCount` bytes can hold: the shortest, `"":0`, takes four bytes plus a
    /// separator, and the braces two more.
    static func tableCapacity(forByteCount byteCount: Int) -> Int { byteCount / 5 + 1 }

    /// The table a document is first given: room for a member per 16 bytes (claims average
    /// more), at most ``tableCapacity(forByteCount:)``. A document with more members is read
    /// again into a table of that size.
    static func likelyTableCapacity(forByteCount byteCount: Int) -> Int {
        min(byteCount / 16 + 4, tableCapacity(forByteCount: byteCount))
    }

    /// Reads `bytes`; `nil` when they are not a flat ASCII object without escapes or duplicate keys.
    init?(_ bytes: [UInt8]) {
        let storage = Storage.make(
            byteCount: bytes.count,
            tableCapacity: Self.likelyTableCapacity(forByteCount: bytes.count)
        )
        unsafe storage.withRegions { _, target, _ in
            precondition(bytes.count <= target.count, "document larger than its block")
            _ = unsafe target.initialize(from: bytes)
        }
        guard let read = Self.scanStorage(storage) else { return nil }
        self.storage = read
    }

    /// A JWS segment decoded and read: the decoded bytes go straight into the storage.
    enum Decoded {
        case flat(FlatJSONObject)
        /// Base64url, but not a flat object of at most the given size: the full parser's business.
        case notFlat
        case notBase64
    }

    /// Decodes the base64url segment `text` and reads the result when it is at most `maxBytes`.
    static func decode(jwsSegment text: UnsafeBufferPointer<UInt8>, maxBytes: Int) -> Decoded {
        guard let count = Base64.decodedCount(ofJWSSegment: text.count) else { return .notBase64 }
        guard count <= maxBytes else {
            return unsafe Base64.decodeJWSSegment(text) == nil ? .notBase64 : .notFlat
        }
        let storage = Storage.make(byteCount: count, tableCapacity: likelyTableCapacity(forByteCount: count))
        // The whole block is the decoder's to write (the table is filled after): its spare room
        // (the table has room for at least one member) lets it decode eight characters per step.
        // The decoder writes nothing past the buffer it is given.
        let decoded = unsafe storage.withBlock { _, block in
            unsafe Base64.decodeJWSSegment(text, into: block.bindMemory(to: UInt8.self))
        }
        guard decoded == count else { return .notBase64 }
        return scanStorage(storage).map { .flat(FlatJSONObject(storage: $0)) } ?? .notFlat
    }

    private init(storage: Storage) { self.storage = storage }

    /// Reads the document in `storage` into its table: `storage`, or when its table was too
    /// small a new one with room for the most members possible; `nil` when it is not flat.
    private static func scanStorage(_ storage: Storage) -> Storage? {
        let scanned = unsafe storage.withRegions { header, bytes, table -> Bool in
            guard let members = unsafe scan(UnsafeBufferPointer(bytes), into: table) else { return false }
            header.memberCount = members
            return true
        }
        if scanned { return storage }
        let (byteCount, capacity) = unsafe storage.withRegions { header, _, _ in
            (header.byteCount, header.tableCapacity)
        }
        let most = tableCapacity(forByteCount: byteCount)
        guard capacity < most else { return nil }
        let roomy = Storage.make(byteCount: byteCount, tableCapacity: most)
        unsafe storage.withRegions { _, bytes, _ in
            unsafe roomy.withRegions { _, target, _ in
                precondition(bytes.count <= target.count, "document larger than its block")
                _ = unsafe target.initialize(from: bytes)
            }
        }
        return scanStorage(roomy)
    }

    /// The bytes and the members, for as long as `body` runs (which must not keep the pointers).
    @inline(__always)
    func withContents<R, E: Error>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Member>) throws(E) -> R
    ) throws(E) -> R {
        try unsafe storage.withRegions { (header, bytes, table) throws(E) -> R in
            let members = unsafe UnsafeBufferPointer(rebasing: table[..<header.memberCount])
            return try unsafe body(UnsafeBufferPointer(bytes), members)
        }
    }

    /// The document's bytes (a copy).
    var bytes: [UInt8] { unsafe withContents { bytes, _ in unsafe Array(bytes) } }

    /// The members in document order (a copy).
    var members: [Member] { unsafe withContents { _, members in unsafe Array(members) } }

    /// The member at `index` in document order (which must be below the member count).
    func member(at index: Int) -> Member {
        unsafe withContents { _, members in unsafe members[index] }
    }

    /// The member whose key is `name`.
    func member(_ name: String) -> Member? {
        var name = name
        return name.withUTF8 { unsafe member(keyed: $0) }
    }

    /// The member whose key is `name`, compared with the literal's bytes (no `String` bridging).
    func member(_ name: StaticString) -> Member? {
        unsafe member(keyed: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private func member(keyed wanted: UnsafeBufferPointer<UInt8>) -> Member? {
        unsafe withContents { bytes, members in
            unsafe members.first { unsafe Self.equal(bytes, $0.key, wanted, 0..<wanted.count) }
        }
    }

    /// A member's bytes (a string's without its quotes) as text.
    func text(_ member: Member) -> String {
        unsafe withContents { bytes, _ in
            unsafe String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)
        }
    }

    /// A member's key as text.
    func key(_ member: Member) -> String {
        unsafe withContents { bytes, _ in
            unsafe String(decoding: UnsafeBufferPointer(rebasing: bytes[member.key]), as: UTF8.self)
        }
    }

    /// A member's value as the full parser would give it.
    func value(_ member: Member) -> JSONValue {
        switch member.kind {
        case .string: return .string(text(member))
        case .number: return .number(text(member))
        case .bool:
            return unsafe .bool(withContents { bytes, _ in unsafe bytes[member.value.lowerBound] == UInt8(ascii: "t") })
        case .null: return .null
        case .array:
            // Already validated: the full parser reads the slice without fail.
            var limits = JSONParser.Limits()
            limits.locations = false
            let text = unsafe withContents { bytes, _ in
                unsafe Array(UnsafeBufferPointer(rebasing: bytes[member.value]))
            }
            return (try? JSONParser.parse(text, limits: limits).value) ?? .array([])
        }
    }

    /// A member's value by key.
    func value(_ name: String) -> JSONValue? { member(name).map(value) }

    /// Whether a string member's value is exactly `text` (no `String` is built).
    func stringValue(_ member: Member, equals text: String) -> Bool {
        guard member.kind == .string, member.value.count == text.utf8.count else { return false }
        return unsafe withContents { bytes, _ in
            let compared = unsafe text.utf8.withContiguousStorageIfAvailable { wanted in
                unsafe Self.equal(bytes, member.value, wanted, 0..<wanted.count)
            }
            return unsafe compared ?? bytes[member.value].elementsEqual(text.utf8)
        }
    }

    /// A number member as a `Double`: integers of up to 15 digits exactly and without a detour
    /// through text, anything else as Swift's `Double(String)` reads it.
    func doubleValue(_ member: Member) -> Double? {
        guard member.kind == .number else { return nil }
        if member.value.count <= 15 {
            let integer = unsafe withContents { bytes, _ -> Int64? in
                var value: UInt64 = 0
                var index = member.value.lowerBound
                let end = member.value.upperBound
                // A timestamp's first eight digits at once, the rest one by one (at most 15 in
                // all, so no step can overflow).
                if end - index >= 8, let base = bytes.baseAddress {
                    let word = unsafe UInt64(
                        littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    )
                    guard let eight = Self.eightDigits(word) else { return nil }
                    value = eight
                    index += 8
                }
                while index < end {
                    let digit = unsafe bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value &* 10 &+ UInt64(digit)
                    index += 1
                }
                return Int64(value)
            }
            if let integer { return Double(integer) }
        }
        return Double(text(member))
    }

    /// Eight ASCII digits (the first in the lowest byte) as their number, `nil` when any byte is
    /// not a digit: pairs, then quads, then the whole, each step one multiplication that adds a
    /// lane times its place value to its neighbour.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        // Each byte 0x30–0x39: the high nibble is 3 before and after adding 6 (no byte carries).
        let highs: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        guard word & highs == 0x3030_3030_3030_3030, (word &+ 0x0606_0606_0606_0606) & highs == 0x3030_3030_3030_3030
        else { return nil }
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* (10 << 8 + 1)) >> 8  // every other byte: two digits
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16  // every other 16 bits: four
        return ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32  // eight
    }

    // MARK: - Scanning

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        // Nearly every byte looked at here is not a space: one comparison rules that out.
        while unsafe index < bytes.count && bytes[index] <= 0x20 && isSpace(bytes[index]) { index += 1 }
    }

    /// A string's contents from after its opening quote: printable ASCII up to the closing quote.
    /// Eight bytes at a time: a word's special bytes (a quote, a backslash, a control character or
    /// non-ASCII) are flagged in its high bits, and the lowest flag is always a real one (the
    /// subtraction's borrows only carry upwards), so the first special byte is found without a
    /// byte loop — the closing quote, or a reason to leave the string to the full parser.
    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Range<Int>? {
        let start = index
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = unsafe UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let quote = word ^ (0x22 * ones)
                let backslash = word ^ (0x5C * ones)
                let special =
                    (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                        | ((word &- 0x20 * ones) & ~word) | word) & highs
                if special != 0 {
                    let end = index + special.trailingZeroBitCount / 8
                    // Escapes, control characters and non-ASCII text are the full parser's business.
                    guard unsafe bytes[end] == UInt8(ascii: "\"") else { return nil }
                    index = end + 1
                    return start..<end
                }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = unsafe bytes[index]
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
        guard let a = bytes.baseAddress, let b = other.baseAddress else { return range.isEmpty }
        return unsafe ByteCopy.equal(a + range.lowerBound, b + otherRange.lowerBound, range.count)
    }

    /// JSON's number grammar, exactly as the full parser checks it.
    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        func digits(_ index: inout Int) -> Int {
            let from = index
            if let base = bytes.baseAddress {
                // Eight bytes at a time: a byte minus `0` is a digit below 10, and adding 0x76
                // sets the high bit of anything 10 or more; the lowest flag is the first
                // non-digit (carries only run upwards).
                while index + 8 <= bytes.count {
                    let word = unsafe UInt64(
                        littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    )
                    let offsets = word ^ 0x3030_3030_3030_3030
                    let nonDigits = ((offsets &+ 0x7676_7676_7676_7676) | offsets) & 0x8080_8080_8080_8080
                    if nonDigits != 0 {
                        index += nonDigits.trailingZeroBitCount / 8
                        return index - from
                    }
                    index += 8
                }
            }
            while unsafe index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10 {
                index += 1
            }
            return index - from
        }
        if unsafe bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits(&index)
        guard integerDigits > 0, unsafe !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else {
            return false
        }
        if unsafe index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&index) > 0 else { return false }
        }
        if unsafe index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if unsafe index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
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
        for offset in 0..<count where unsafe bytes[index + offset] != text.utf8Start[offset] { return false }
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
        switch unsafe bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            return unsafe string(bytes, &index).map { ($0, .string) }
        case UInt8(ascii: "t"):
            return unsafe literal(bytes, &index, "true") ? (start..<index, .bool) : nil
        case UInt8(ascii: "f"):
            return unsafe literal(bytes, &index, "false") ? (start..<index, .bool) : nil
        case UInt8(ascii: "n"):
            return unsafe literal(bytes, &index, "null") ? (start..<index, .null) : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return unsafe number(bytes, &index) ? (start..<index, .number) : nil
        default:
            return nil
        }
    }

    /// At an opening bracket (after any space): skips it, and `true` when the closing one follows
    /// at once (an empty object or array), `false` when a member or element does; `nil` when the
    /// bracket is not there.
    @inline(__always)
    private static func opening(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ index: inout Int,
        _ open: UInt8,
        closedBy close: UInt8
    ) -> Bool? {
        unsafe skipSpace(bytes, &index)
        guard index < bytes.count, unsafe bytes[index] == open else { return nil }
        index += 1
        unsafe skipSpace(bytes, &index)
        guard index < bytes.count, unsafe bytes[index] == close else { return false }
        index += 1
        return true
    }

    /// What follows a value in an object or array: `true` after a comma (another value comes),
    /// `false` after the `closing` bracket, `nil` for anything else.
    @inline(__always)
    private static func separator(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, closing: UInt8) -> Bool? {
        unsafe skipSpace(bytes, &index)
        guard index < bytes.count else { return nil }
        let byte = unsafe bytes[index]
        guard byte == UInt8(ascii: ",") || byte == closing else { return nil }
        index += 1
        return byte == UInt8(ascii: ",")
    }

    /// Reads the flat object in `bytes` into `table`; the number of
    /// members, or `nil` when `bytes` is not a flat object (see the type's rules) or has more
    /// members than fit.
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into table: UnsafeMutableBufferPointer<Member>
    ) -> Int? {
        let capacity = table.count
        guard bytes.count <= Int(UInt16.max) else { return nil }
        var index = 0
        var count = 0
        guard let empty = unsafe opening(bytes, &index, UInt8(ascii: "{"), closedBy: UInt8(ascii: "}")) else {
            return nil
        }
        if !empty {
            while true {
                unsafe skipSpace(bytes, &index)
                guard index < bytes.count, unsafe bytes[index] == UInt8(ascii: "\""), count < capacity else {
                    return nil
                }
                index += 1
                guard let key = unsafe string(bytes, &index) else { return nil }
                let keyWord = unsafe word(bytes, key)
                for other in 0..<count
                where unsafe table[other].keyWord == keyWord && table[other].keyCount == key.count {
                    // The same length and first eight bytes: a duplicate unless longer keys differ later.
                    if unsafe key.count <= 8 || equal(bytes, table[other].key, bytes, key) { return nil }
                }
                unsafe skipSpace(bytes, &index)
                guard index < bytes.count, unsafe bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                unsafe skipSpace(bytes, &index)
                guard index < bytes.count else { return nil }
                if unsafe bytes[index] == UInt8(ascii: "[") {
                    let start = index
                    let empty = unsafe opening(bytes, &index, UInt8(ascii: "["), closedBy: UInt8(ascii: "]")) ?? true
                    if !empty {
                        while true {
                            unsafe skipSpace(bytes, &index)
                            guard unsafe scalar(bytes, &index) != nil,
                                let more = unsafe separator(bytes, &index, closing: UInt8(ascii: "]"))
                            else { return nil }
                            if !more { break }
                        }
                    }
                    precondition(count < table.count, "member table overrun")
                    unsafe table[count] = Member(key: key, keyWord: keyWord, value: start..<index, kind: .array)
                } else {
                    guard let (value, kind) = unsafe scalar(bytes, &index) else { return nil }
                    precondition(count < table.count, "member table overrun")
                    unsafe table[count] = Member(key: key, keyWord: keyWord, value: value, kind: kind)
                }
                count += 1
                guard let more = unsafe separator(bytes, &index, closing: UInt8(ascii: "}")) else { return nil }
                if !more { break }
            }
        }
        unsafe skipSpace(bytes, &index)
        return index == bytes.count ? count : nil
    }
}
