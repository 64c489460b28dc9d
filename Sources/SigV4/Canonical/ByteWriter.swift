import GatehouseCrypto

/// An append-only byte buffer for building canonical requests without per-byte overhead.
///
/// It owns one `malloc` block, grows by doubling when a request outgrows it, and is reused with
/// ``removeAll()`` for the next piece (the signer writes the SignedHeaders line, the canonical
/// request, the string to sign and the `Authorization` value in one). Appends are a bounds
/// compare and a store — no uniqueness checks or reference counting as with `[UInt8]`. A value
/// rather than a `with { }` closure over stack memory: such closures captured (and copied, a
/// retain per string) the request and configuration they read.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// `false` while the writer uses memory it was lent (``init(borrowing:)``).
    private var owned: Bool

    /// A writer with room for `capacity` bytes before it first grows.
    init(capacity: Int) {
        self.base = Scratch.allocate(byteCount: max(capacity, 16)).assumingMemoryBound(to: UInt8.self)
        self.capacity = max(capacity, 16)
        self.owned = true
    }

    /// A writer that starts in `memory` (the caller's stack, for one verification: no `malloc`
    /// and `free` per request) and moves to a block of its own only if it outgrows it. It must
    /// not outlive `memory`.
    init(borrowing memory: UnsafeMutableRawBufferPointer) {
        precondition(memory.count >= 16 && memory.baseAddress != nil, "ByteWriter: lent memory too small")
        self.base = memory.baseAddress!.bindMemory(to: UInt8.self, capacity: memory.count)
        self.capacity = memory.count
        self.owned = false
    }

    deinit { if owned { Scratch.release(base) } }

    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let bigger = Scratch.allocate(byteCount: newCapacity).assumingMemoryBound(to: UInt8.self)
        bigger.update(from: base, count: count)
        if owned { Scratch.release(base) }
        base = bigger
        capacity = newCapacity
        owned = true
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(toHold: bytes.count) }
        ByteCopy.copy(base + count, source, bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// Appends `byte` as `%XX` (uppercase hex).
    @inline(__always)
    mutating func appendPercentEncoded(_ byte: UInt8) {
        if count + 3 > capacity { grow(toHold: 3) }
        base[count] = UInt8(ascii: "%")
        let digits = ("0123456789ABCDEF" as StaticString).utf8Start
        base[count + 1] = digits[Int(byte >> 4)]
        base[count + 2] = digits[Int(byte & 0x0f)]
        count += 3
    }

    /// Appends `bytes` as lowercase hex characters (a digest: 64).
    mutating func appendLowercaseHex(_ bytes: UnsafeRawBufferPointer) {
        if count + bytes.count * 2 > capacity { grow(toHold: bytes.count * 2) }
        Hex.writeLowercase(bytes, to: UnsafeMutableRawPointer(base + count))
        count += bytes.count * 2
    }

    /// Appends a copy of the bytes at `range`, written earlier. Room is made first, so growing
    /// cannot leave the source behind in the old buffer.
    mutating func appendWritten(_ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "appendWritten: range past what was written")
        if count + range.count > capacity { grow(toHold: range.count) }
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// Forgets what was written, keeping the memory, to write the next piece.
    mutating func removeAll() { count = 0 }

    /// The bytes written so far, valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the bytes written so far.
    var array: [UInt8] { Array(bytes) }

    /// The bytes as a `String` (one allocation; the caller wrote valid UTF-8).
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
