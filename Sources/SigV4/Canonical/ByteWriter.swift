import GatehouseCrypto

/// An append-only byte buffer for building canonical requests without per-byte overhead.
///
/// It owns one `malloc` block, grows by doubling when a request outgrows it, and is reused with
/// ``removeAll()`` for the next piece (the signer writes the SignedHeaders line, the canonical
/// request, the string to sign and the `Authorization` value in one). Appends are a bounds
/// compare and a store — no uniqueness checks or reference counting as with `[UInt8]`. A value
/// rather than a `with { }` closure over stack memory: such closures captured (and copied, a
/// retain per string) the request and configuration they read.
///
/// `@safe`: every append checks the room left and grows first, so no append writes past the
/// block; what hands out pointers (``bytes``, ``init(borrowing:)``) is unsafe by its types.
@safe struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// `false` while the writer uses memory it was lent (``init(borrowing:)``).
    private var owned: Bool

    /// A writer with room for `capacity` bytes before it first grows.
    init(capacity: Int) {
        unsafe self.base = unsafe Scratch.allocate(byteCount: max(capacity, 16)).assumingMemoryBound(to: UInt8.self)
        self.capacity = max(capacity, 16)
        self.owned = true
    }

    /// A writer that starts in `memory` (the caller's stack, for one verification: no `malloc`
    /// and `free` per request) and moves to a block of its own only if it outgrows it. It must
    /// not outlive `memory`.
    init(borrowing memory: UnsafeMutableRawBufferPointer) {
        unsafe precondition(memory.count >= 16 && memory.baseAddress != nil, "ByteWriter: lent memory too small")
        unsafe self.base = unsafe memory.baseAddress!.bindMemory(to: UInt8.self, capacity: memory.count)
        self.capacity = memory.count
        self.owned = false
    }

    deinit { if owned { unsafe Scratch.release(base) } }

    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let bigger = unsafe Scratch.allocate(byteCount: newCapacity).assumingMemoryBound(to: UInt8.self)
        unsafe bigger.update(from: base, count: count)
        if owned { unsafe Scratch.release(base) }
        unsafe base = unsafe bigger
        capacity = newCapacity
        owned = true
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        unsafe base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(toHold: bytes.count) }
        unsafe ByteCopy.copy(base + count, source, bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        unsafe append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ text: String) {
        unsafe text.withUTF8Bytes { unsafe append($0) }
    }

    /// Appends `bytes` when none of its first `checked` bytes is a space or a control byte
    /// (0x00–0x20), testing them eight at a time while copying them; `false`, with nothing
    /// appended, otherwise. A canonical header line (`name:value\n`, the value checked) is
    /// usually clean, and the one pass replaces a scan and then a `memcpy` of the same bytes.
    @inline(__always)
    mutating func appendIfNoSpaceOrControl(_ bytes: UnsafeBufferPointer<UInt8>, checked: Int) -> Bool {
        let total = bytes.count
        guard let source = bytes.baseAddress, checked >= 8, checked <= total, total - checked <= 8
        else {
            guard unsafe ByteSearch.hasNoSpaceOrControl(UnsafeBufferPointer(rebasing: bytes[..<checked])) else {
                return false
            }
            unsafe append(bytes)
            return true
        }
        if count + total > capacity { grow(toHold: total) }
        let from = unsafe UnsafeRawPointer(source)
        let to = unsafe UnsafeMutableRawPointer(base + count)
        var found: UInt64 = 0
        var offset = 0
        while offset + 8 <= checked {
            let word = unsafe from.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            found |= ByteSearch.spaceOrControlFlags(word)
            unsafe to.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        // The checked bytes' last word (overlapping the ones before), then whatever is left
        // after the whole words (a line's `\n`, and the value's last few bytes).
        unsafe found |= ByteSearch.spaceOrControlFlags(from.loadUnaligned(fromByteOffset: checked - 8, as: UInt64.self))
        guard found == 0 else { return false }
        // At most fifteen bytes are left and the line has at least eight: a word where the
        // whole words stopped (when more than eight are left), and the line's last word.
        if total - offset > 8 {
            unsafe to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                toByteOffset: offset,
                as: UInt64.self
            )
        }
        unsafe to.storeBytes(
            of: from.loadUnaligned(fromByteOffset: total - 8, as: UInt64.self),
            toByteOffset: total - 8,
            as: UInt64.self
        )
        count += total
        return true
    }

    /// Appends `byte` as `%XX` (uppercase hex).
    @inline(__always)
    mutating func appendPercentEncoded(_ byte: UInt8) {
        if count + 3 > capacity { grow(toHold: 3) }
        unsafe base[count] = UInt8(ascii: "%")
        let digits = unsafe ("0123456789ABCDEF" as StaticString).utf8Start
        unsafe base[count + 1] = unsafe digits[Int(byte >> 4)]
        unsafe base[count + 2] = unsafe digits[Int(byte & 0x0f)]
        count += 3
    }

    /// Appends `bytes` as lowercase hex characters (a digest: 64).
    mutating func appendLowercaseHex(_ bytes: UnsafeRawBufferPointer) {
        if count + bytes.count * 2 > capacity { grow(toHold: bytes.count * 2) }
        unsafe Hex.writeLowercase(bytes, to: UnsafeMutableRawPointer(base + count))
        count += bytes.count * 2
    }

    /// Appends a copy of the bytes at `range`, written earlier. Room is made first, so growing
    /// cannot leave the source behind in the old buffer.
    mutating func appendWritten(_ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "appendWritten: range past what was written")
        if count + range.count > capacity { grow(toHold: range.count) }
        unsafe (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// Forgets what was written, keeping the memory, to write the next piece.
    mutating func removeAll() { count = 0 }

    /// The bytes written so far, valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { unsafe UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the bytes written so far.
    var array: [UInt8] { unsafe Array(bytes) }

    /// The bytes as a `String` (one allocation; the caller wrote valid UTF-8).
    var string: String { unsafe String(decoding: bytes, as: UTF8.self) }
}
