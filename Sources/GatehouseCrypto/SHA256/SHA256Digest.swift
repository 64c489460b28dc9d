/// A SHA-256 digest: 32 bytes held inline, so hashing never allocates.
///
/// `==` runs in constant time (it is ``constantTimeEquals(_:)``), so comparing a MAC that an
/// attacker supplied is safe either way; hashing for dictionaries uses all 32 bytes.
public struct SHA256Digest: Sendable, Hashable {
    /// The 32 digest bytes in memory order (not numeric words).
    internal var storage: (UInt64, UInt64, UInt64, UInt64)

    /// The size of a digest in bytes.
    public static let byteCount = 32

    internal init(storage: (UInt64, UInt64, UInt64, UInt64)) {
        self.storage = storage
    }

    /// Makes a digest from exactly 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        unsafe withUnsafeMutableBytes(of: &storage) { raw in
            for (index, byte) in bytes.enumerated() { unsafe raw[index] = byte }
        }
        self.storage = storage
    }

    /// Lends the 32 digest bytes to `body`.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var copy = storage
        return try unsafe Swift.withUnsafeBytes(of: &copy) { (raw) throws(Failure) -> Result in
            try unsafe body(raw)
        }
    }

    /// The digest as a byte array.
    public var bytes: [UInt8] { unsafe withUnsafeBytes { unsafe Array($0) } }

    /// The digest as 64 lowercase hex characters, as SigV4 writes it.
    public var hex: String { unsafe withUnsafeBytes { unsafe Hex.encode($0) } }

    /// `true` when `hex` is exactly this digest's 64 lowercase hex characters, in time independent
    /// of where they differ. Uppercase digits do not match: SigV4 signatures are lowercase, and a
    /// changed character is a changed signature. No allocation, no decoding.
    public func matchesLowercaseHex(_ hex: String) -> Bool {
        var hex = hex
        return hex.withUTF8 { text in unsafe matchesLowercaseHex(bytes: UnsafeRawBufferPointer(text)) }
    }

    /// ``matchesLowercaseHex(_:)`` over bytes.
    public func matchesLowercaseHex(bytes text: UnsafeRawBufferPointer) -> Bool {
        guard text.count == 64, let textBase = text.baseAddress else { return false }
        return unsafe withUnsafeBytes { digest in
            // Four bytes' eight digits at a time against the text's, differences OR-ed together:
            // no early exit, so the time does not depend on where a forged signature differs.
            var difference: UInt64 = 0
            for index in stride(from: 0, to: 32, by: 4) {
                let expected = Hex.lowercaseDigits(
                    of: unsafe digest.loadUnaligned(fromByteOffset: index, as: UInt32.self)
                )
                difference |= unsafe expected ^ (textBase + 2 * index).loadUnaligned(as: UInt64.self)
            }
            return difference == 0
        }
    }

    /// Compares with another digest in time independent of where they differ.
    public func constantTimeEquals(_ other: SHA256Digest) -> Bool {
        let difference =
            (storage.0 ^ other.storage.0) | (storage.1 ^ other.storage.1) | (storage.2 ^ other.storage.2)
            | (storage.3 ^ other.storage.3)
        return difference == 0
    }

    /// Compares with 32 bytes (a MAC as it arrived) in constant time: four word loads, no
    /// early exit, and none of `CRYPTO_memcmp`'s per-byte loop or call. `false` for any other
    /// length.
    public func constantTimeEquals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == Self.byteCount, let base = bytes.baseAddress else { return false }
        let words = unsafe (
            base.loadUnaligned(as: UInt64.self),
            base.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            base.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
        let difference =
            (storage.0 ^ words.0) | (storage.1 ^ words.1) | (storage.2 ^ words.2) | (storage.3 ^ words.3)
        return difference == 0
    }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.constantTimeEquals(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}

extension SHA256Digest: CustomStringConvertible {
    public var description: String { "SHA256Digest(\(hex))" }
}
