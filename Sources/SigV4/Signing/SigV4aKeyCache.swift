public import GatehouseCrypto

/// A bounded, thread-safe cache of SigV4a key pairs per (access key id, secret fingerprint):
/// derivation costs up to 254 HMACs and a scalar multiplication.
public final class SigV4aKeyCache: Sendable {
    struct Key: Hashable, Sendable {
        var accessKeyId: String
        var secretFingerprint: UInt64
    }

    private let cache: BoundedCache<Key, P256PrivateKey>

    public init(capacity: Int = 10_000) {
        cache = BoundedCache(capacity: max(1, capacity))
    }

    /// The key pair for these credentials.
    public func privateKey(
        accessKeyId: String,
        secret: Secret,
        secretFingerprint: UInt64
    ) throws(SigV4Error) -> P256PrivateKey {
        try cache.value(for: Key(accessKeyId: accessKeyId, secretFingerprint: secretFingerprint)) {
            () throws(SigV4Error) in
            do {
                return try SigV4aKeyDerivation.privateKey(accessKeyId: accessKeyId, secretAccessKey: secret)
            } catch {
                throw SigV4Error(.cryptoFailure, "no SigV4a key could be derived for `\(accessKeyId)`: \(error)")
            }
        }
    }
}
