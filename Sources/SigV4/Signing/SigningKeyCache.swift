public import GatehouseCrypto

/// A bounded, thread-safe cache of derived SigV4 signing keys keyed by
/// (access key id, secret fingerprint, date, region, service).
///
/// The secret is part of the key (aws-sdk-go-v2's cache omits it, so a rotated secret keeps
/// verifying with the old one until the day changes).
public final class SigningKeyCache: Sendable {
    struct Key: Hashable, Sendable {
        var accessKeyId: String
        var secretFingerprint: UInt64
        /// The scope date `YYYYMMDD` as the number it spells (20260115): no string per lookup.
        var day: UInt32
        var region: String
        var service: String

        /// Hashes what varies between requests to one verifier (key id, secret, day) as one
        /// word folded from their bytes, so a lookup runs the seeded hasher once instead of over
        /// five fields; equality still compares every field.
        func hash(into hasher: inout Hasher) {
            // FNV-1a over the key id; 0xff (never in UTF-8) ends it.
            var folded: UInt64 = 0xcbf2_9ce4_8422_2325 ^ secretFingerprint
            unsafe accessKeyId.withUTF8Bytes { bytes in
                // Index loops: `for unsafe` is not yet kept intact by swift-format.
                for position in 0..<bytes.count {
                    folded = (folded ^ UInt64(unsafe bytes[position])) &* 0x0000_0100_0000_01b3
                }
            }
            folded = (folded ^ 0xff) &* 0x0000_0100_0000_01b3
            hasher.combine(folded ^ UInt64(day) << 32)
        }

        /// `YYYYMMDD` as a number, or `nil` when it is not eight digits.
        static func day(_ scopeDate: UnsafeBufferPointer<UInt8>) -> UInt32? {
            guard scopeDate.count == 8 else { return nil }
            var value: UInt32 = 0
            for position in 0..<8 {
                let byte = unsafe scopeDate[position]
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + UInt32(digit)
            }
            return value
        }
    }

    private let cache: BoundedCache<Key, HMACSHA256Key>

    /// A cache holding at most `capacity` keys; `0` disables caching (every call derives).
    public init(capacity: Int = 10_000) {
        cache = BoundedCache(capacity: capacity)
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
        let day = unsafe scopeDate.withUTF8Bytes { unsafe Key.day($0) }
        guard let day else {
            // Not a date a verifier accepts; derive without caching rather than guess a key.
            return SigningKeys.derive(secret: secret, scopeDate: scopeDate, region: region, service: service)
        }
        return signingKey(
            accessKeyId: accessKeyId,
            secret: secret,
            secretFingerprint: secretFingerprint,
            day: day,
            region: region,
            service: service
        )
    }

    /// ``signingKey(accessKeyId:secret:secretFingerprint:scopeDate:region:service:)`` for a
    /// scope date already read as a number (the verifier's hot path).
    func signingKey(
        accessKeyId: String,
        secret: Secret,
        secretFingerprint: UInt64,
        day: UInt32,
        region: String,
        service: String
    ) -> HMACSHA256Key {
        let key = Key(
            accessKeyId: accessKeyId,
            secretFingerprint: secretFingerprint,
            day: day,
            region: region,
            service: service
        )
        return cache.value(for: key) {
            var digits = day
            let scopeDate = unsafe String(
                unsafeUninitializedCapacity: 8,
                initializingUTF8With: { out in
                    for index in stride(from: 7, through: 0, by: -1) {
                        unsafe out[index] = UInt8(ascii: "0") + UInt8(digits % 10)
                        digits /= 10
                    }
                    return 8
                }
            )
            return SigningKeys.derive(secret: secret, scopeDate: scopeDate, region: region, service: service)
        }
    }

    /// How many keys are cached.
    public var count: Int { cache.count }

    /// `false` when caching is off (capacity 0): then nothing derived from a key is kept.
    var isEnabled: Bool { cache.isEnabled }
}
