/// SigV4a's key derivation: an ECDSA P-256 key from an access key id and secret.
///
/// NIST SP 800-108 counter-mode KDF with HMAC-SHA256, exactly as aws-c-auth's
/// `key_derivation.c`: for counter 1…254, `k0 = HMAC("AWS4A" + secret, 00000001 ||
/// "AWS4-ECDSA-P256-SHA256" || 00 || accessKeyId || counter || 00000100)`; the first `k0 ≤ n − 2`
/// (compared in constant time) gives `d = k0 + 1`.
///
/// Derivation costs up to 254 HMACs and a scalar multiplication, so callers cache the result
/// per access key.
public enum SigV4aKeyDerivation {
    /// The order of P-256, big-endian, minus two.
    private static let orderMinusTwo: [UInt8] = Hex.decode(
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f"
    )!

    /// The private scalar `d` for these credentials (32 bytes, big-endian).
    public static func privateScalar(accessKeyId: String, secretAccessKey: Secret) -> [UInt8]? {
        let key = HMACSHA256Key(key: "AWS4A" + secretAccessKey.revealed)
        var input: [UInt8] = [0, 0, 0, 1]
        input.append(contentsOf: Array("AWS4-ECDSA-P256-SHA256".utf8))
        input.append(0)
        input.append(contentsOf: Array(accessKeyId.utf8))
        let counterIndex = input.count
        input.append(1)
        input.append(contentsOf: [0, 0, 1, 0])
        for counter in 1...254 {
            input[counterIndex] = UInt8(counter)
            let k0 = key.authenticationCode(for: input).bytes
            if isLessThanOrEqual(k0, orderMinusTwo) {
                return addOne(k0)
            }
        }
        return nil
    }

    /// The key pair for these credentials.
    public static func privateKey(accessKeyId: String, secretAccessKey: Secret) throws(CryptoError) -> P256PrivateKey {
        guard var scalar = privateScalar(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey) else {
            throw CryptoError(.invalidKey, "no SigV4a key could be derived in 254 rounds")
        }
        defer { for index in scalar.indices { scalar[index] = 0 } }
        return try P256PrivateKey(scalar: scalar)
    }

    /// `a ≤ b` for equal-length big-endian numbers, in time independent of the values.
    internal static func isLessThanOrEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        // Compute b - a with borrow across all bytes; a ≤ b exactly when no borrow remains.
        var borrow: Int = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            let difference = Int(b[index]) - Int(a[index]) - borrow
            borrow = (difference >> 8) & 1
        }
        return borrow == 0
    }

    /// `a + 1` for a big-endian number (no overflow: a ≤ n − 2).
    internal static func addOne(_ a: [UInt8]) -> [UInt8] {
        var out = a
        var carry: UInt16 = 1
        for index in stride(from: out.count - 1, through: 0, by: -1) {
            let sum = UInt16(out[index]) + carry
            out[index] = UInt8(truncatingIfNeeded: sum)
            carry = sum >> 8
        }
        return out
    }
}
