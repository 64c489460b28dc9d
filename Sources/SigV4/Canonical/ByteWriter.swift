import GatehouseCrypto

/// An append-only byte buffer for building canonical requests without per-byte overhead.
///
/// It writes into caller-provided (usually stack) memory and moves to the heap only when a request
/// outgrows it, so the common case allocates nothing, and appends are a bounds compare and a
/// store — no uniqueness checks or reference counting as with `[UInt8]`.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var ownsHeap = false
    private(set) var count = 0

    /// Runs `body` with a writer over `stackCapacity` bytes of stack memory.
    static func with<R>(stackCapacity: Int = 2048, _ body: (inout ByteWriter) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackCapacity) { stack in
            var writer = ByteWriter(base: stack.baseAddress!, capacity: stack.count)
            let result = body(&writer)
            writer.releaseHeap()
            return result
        }
    }

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// A writer over its own heap block of `capacity` bytes, freed with the writer: for the
    /// signer's and verifier's hot paths, where a `with` closure would capture (and copy) the
    /// request and the configuration it reads.
    init(capacity: Int) {
        self.base = Scratch.allocate(byteCount: max(capacity, 16)).assumingMemoryBound(to: UInt8.self)
        self.capacity = max(capacity, 16)
        self.ownsHeap = true
    }

    deinit { if ownsHeap { Scratch.release(base) } }

    private mutating func releaseHeap() {
        if ownsHeap { Scratch.release(base) }
        ownsHeap = false
    }

    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let bigger = Scratch.allocate(byteCount: newCapacity).assumingMemoryBound(to: UInt8.self)
        bigger.update(from: base, count: count)
        releaseHeap()
        base = bigger
        capacity = newCapacity
        ownsHeap = true
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

    /// The bytes written so far, valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the bytes written so far.
    var array: [UInt8] { Array(bytes) }

    /// The bytes as a `String` (one allocation; the caller wrote valid UTF-8).
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// A string written piece by piece into stack memory, then copied out once: for values
    /// built on every request (the `Authorization` header, the scope) instead of interpolation,
    /// which grows a string step by step.
    static func string(_ body: (inout ByteWriter) -> Void) -> String {
        with(stackCapacity: 512) { writer in
            body(&writer)
            return writer.string
        }
    }
}
