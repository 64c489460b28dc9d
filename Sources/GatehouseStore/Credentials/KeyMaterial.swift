public import GatehouseCrypto

/// Ids and secrets shaped as AWS issues them, from GatehouseCrypto's random source.
public enum KeyMaterial {
    /// RFC 4648 base32's alphabet: the characters AWS access key ids use after their prefix.
    private static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let lowerAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let secretAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )

    /// `count` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias).
    static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        precondition(alphabet.count <= 256 && !alphabet.isEmpty)
        let limit = 256 - 256 % alphabet.count
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            for byte in SecureRandom.bytes(count: count * 2) where Int(byte) < limit && out.count < count {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A long-term access key id: `AKIA` and 16 base32 characters (80 random bits).
    public static func longTermAccessKeyId() -> String { "AKIA" + random(16, from: base32) }

    /// A temporary access key id: `ASIA` and 16 base32 characters.
    public static func temporaryAccessKeyId() -> String { "ASIA" + random(16, from: base32) }

    /// A unique id for a user (`AIDA…`) or role (`AROA…`): the prefix and 17 base32 characters.
    static func uniqueId(prefix: String) -> String { prefix + random(17, from: base32) }

    /// A secret access key: 40 characters of `A-Za-z0-9+/` (240 random bits), as AWS's look.
    public static func secretAccessKey() -> Secret { Secret(random(40, from: secretAlphabet)) }

    /// A session token: 344 characters of `A-Za-z0-9+/` (2,064 random bits; AWS's are opaque
    /// base64 of varying length, and clients pass them through whole).
    public static func sessionToken() -> Secret { Secret(random(344, from: secretAlphabet)) }

    /// An API id: 10 lowercase alphanumerics, as API Gateway's (about 51 random bits).
    public static func apiIdentifier() -> String { random(10, from: lowerAlphanumerics) }
}
