public import GatehouseCrypto
import Synchronization

/// SigV4's derived keys and the caches that make them cheap.
public enum SigningKeys {
    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`,
    /// returned pre-keyed (pads absorbed) so each use costs two short hashes.
    public static func derive(secret: Secret, scopeDate: String, region: String, service: String) -> HMACSHA256Key {
        let kDate = HMACSHA256Key(key: "AWS4" + secret.revealed).authenticationCode(for: scopeDate)
        let kRegion = HMACSHA256.authenticationCode(key: kDate, message: region)
        let kService = HMACSHA256.authenticationCode(key: kRegion, message: service)
        let kSigning = HMACSHA256.authenticationCode(key: kService, message: "aws4_request")
        return HMACSHA256Key(key: kSigning)
    }

    /// A non-reversible 64-bit fingerprint of a secret (the first 8 bytes of a domain-separated
    /// SHA-256), used in cache keys so a rotated secret never reuses a stale derived key.
    public static func fingerprint(_ secret: Secret) -> UInt64 {
        let digest = SHA256.hash("gatehouse-secret-fingerprint\u{0}" + secret.revealed)
        return digest.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// A bounded, thread-safe cache of derived SigV4 signing keys keyed by
/// (access key id, secret fingerprint, date, region, service).
///
/// The secret is part of the key (aws-sdk-go-v2's cache omits it, so a rotated secret keeps
/// verifying with the old one until the day changes). When full, the cache is cleared: derived keys
/// are cheap to rebuild and a clear keeps the worst case simple and bounded.
public final class SigningKeyCache: Sendable {
    struct Key: Hashable {
        var accessKeyId: String
        var secretFingerprint: UInt64
        var scopeDate: String
        var region: String
        var service: String
    }

    private let storage: Mutex<[Key: HMACSHA256Key]>
    private let capacity: Int

    /// A cache holding at most `capacity` keys; `0` disables caching (every call derives).
    public init(capacity: Int = 10_000) {
        self.capacity = max(0, capacity)
        self.storage = Mutex([:])
    }

    /// The signing key for this scope, derived once and then served from the cache.
    public func signingKey(
        accessKeyId: String,
        secret: Secret,
        secretFingerprint: UInt64,
        scopeDate: String,
        region: String,
        service: String
    ) -> HMACSHA256Key {
        let key = Key(
            accessKeyId: accessKeyId,
            secretFingerprint: secretFingerprint,
            scopeDate: scopeDate,
            region: region,
            service: service
        )
        if capacity == 0 {
            return SigningKeys.derive(secret: secret, scopeDate: scopeDate, region: region, service: service)
        }
        if let cached = storage.withLock({ $0[key] }) { return cached }
        let derived = SigningKeys.derive(secret: secret, scopeDate: scopeDate, region: region, service: service)
        storage.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = derived
        }
        return derived
    }

    /// How many keys are cached.
    public var count: Int { storage.withLock { $0.count } }
}

/// A bounded, thread-safe cache of SigV4a key pairs per (access key id, secret fingerprint):
/// derivation costs up to 254 HMACs and a scalar multiplication.
public final class SigV4aKeyCache: Sendable {
    struct Key: Hashable {
        var accessKeyId: String
        var secretFingerprint: UInt64
    }

    private let storage: Mutex<[Key: P256PrivateKey]>
    private let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.storage = Mutex([:])
    }

    /// The key pair for these credentials.
    public func privateKey(
        accessKeyId: String,
        secret: Secret,
        secretFingerprint: UInt64
    ) throws(SigV4Error) -> P256PrivateKey {
        let key = Key(accessKeyId: accessKeyId, secretFingerprint: secretFingerprint)
        if let cached = storage.withLock({ $0[key] }) { return cached }
        let derived: P256PrivateKey
        do {
            derived = try SigV4aKeyDerivation.privateKey(accessKeyId: accessKeyId, secretAccessKey: secret)
        } catch {
            throw SigV4Error(.cryptoFailure, "no SigV4a key could be derived for `\(accessKeyId)`: \(error)")
        }
        storage.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = derived
        }
        return derived
    }
}
