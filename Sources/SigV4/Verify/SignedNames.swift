import GatehouseCrypto

/// The names in a SignedHeaders list as offsets into the parsed value, split once.
///
/// The verifier matches the request's fields against these names twice — the signed-header
/// rules (every `x-amz-*` field signed, every signed name present) and the canonical headers —
/// and walking the `;`-separated text for each field and each name cost more than the matching.
/// Kept inline (no array) for lists of up to ``capacity`` distinct names of up to 255 bytes,
/// which is every list an SDK writes; anything else is `nil` and the verifier walks the text.
struct SignedNames {
    static let capacity = 16
    /// Where each name starts in the parsed source (sixteen `UInt16`s) and how long it is
    /// (sixteen bytes), in plain words: as `SIMD16`s they made ``ParsedAuthorization`` 32-byte
    /// aligned, and every one was allocated with `posix_memalign` instead of `malloc`.
    private var startWords: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var lengthWords: (UInt64, UInt64) = (0, 0)
    private(set) var count = 0

    /// The names of `list` in `source`, or `nil` when there are more than ``capacity``, one is
    /// longer than 255 bytes or lies past 64 KiB, or one repeats (each name must then match its
    /// own position, which the walk does).
    init?(source: UnsafeBufferPointer<UInt8>, list: Range<Int>) {
        var fits = true
        var names = SignedNames()
        unsafe ParsedAuthorization.forEachName(in: source, list: list) { range in
            guard names.count < Self.capacity, range.count <= 255, range.upperBound <= Int(UInt16.max) else {
                fits = false
                return false
            }
            names.set(names.count, start: range.lowerBound, length: range.count)
            names.count += 1
            return true
        }
        guard fits, let base = source.baseAddress else { return nil }
        for first in 0..<names.count {
            for second in (first + 1)..<names.count where names.length(first) == names.length(second) {
                if unsafe ByteCopy.equal(base + names.start(first), base + names.start(second), names.length(first)) {
                    return nil
                }
            }
        }
        self = names
    }

    private init() {}

    @inline(__always)
    private mutating func set(_ position: Int, start: Int, length: Int) {
        unsafe withUnsafeMutableBytes(of: &startWords) {
            unsafe $0.storeBytes(
                of: UInt16(truncatingIfNeeded: start),
                toByteOffset: 2 * (position & 15),
                as: UInt16.self
            )
        }
        unsafe withUnsafeMutableBytes(of: &lengthWords) {
            unsafe $0.storeBytes(of: UInt8(truncatingIfNeeded: length), toByteOffset: position & 15, as: UInt8.self)
        }
    }

    /// Where name `position` starts in the source.
    @inline(__always)
    func start(_ position: Int) -> Int {
        unsafe Int(
            withUnsafeBytes(of: startWords) { unsafe $0.load(fromByteOffset: 2 * (position & 15), as: UInt16.self) }
        )
    }

    /// Name `position`'s length.
    @inline(__always)
    func length(_ position: Int) -> Int {
        unsafe Int(withUnsafeBytes(of: lengthWords) { unsafe $0.load(fromByteOffset: position & 15, as: UInt8.self) })
    }

    /// The position of `name` (lowercase bytes) in the list, or `nil`.
    @inline(__always)
    func position(of name: UnsafeBufferPointer<UInt8>, in source: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = source.baseAddress, let other = name.baseAddress else { return nil }
        for position in 0..<count where length(position) == name.count {
            if unsafe ByteCopy.equal(base + start(position), other, name.count) { return position }
        }
        return nil
    }

    /// Name `position`'s bytes.
    @inline(__always)
    func name(_ position: Int, in source: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        unsafe UnsafeBufferPointer(rebasing: source[start(position)..<(start(position) + length(position))])
    }
}
