/// A digest for signatures and MACs.
public enum DigestAlgorithm: Int, Sendable, Hashable, CaseIterable {
    case sha256 = 256
    case sha384 = 384
    case sha512 = 512

    /// Bytes in the digest.
    public var byteCount: Int { rawValue / 8 }
}
