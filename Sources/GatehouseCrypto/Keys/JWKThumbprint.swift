/// JWK thumbprints (RFC 7638): a key's stable identifier, used as the default `kid` of a key
/// Gatehouse makes, so the same public key always gets the same id.
///
/// The SHA-256 hash, base64url-encoded without padding, of the key's required members only
/// (RFC 7638 §3.2: RSA `e`, `kty`, `n`; EC `crv`, `kty`, `x`, `y`; OKP `crv`, `kty`, `x` per
/// RFC 8037 §2), as compact JSON with the members in lexicographic order.
public enum JWKThumbprint {
    /// The thumbprint of a JWK given by its members (`kty` and the key's parameters; any others,
    /// such as `kid` or `alg`, are ignored), or `nil` when `kty` is not RSA, EC or OKP or a
    /// required member is missing.
    public static func sha256(_ members: [String: String]) -> String? {
        let required: [String]
        switch members["kty"] {
        case "RSA": required = ["e", "kty", "n"]
        case "EC": required = ["crv", "kty", "x", "y"]
        case "OKP": required = ["crv", "kty", "x"]
        default: return nil
        }
        var json = "{"
        for (index, name) in required.enumerated() {
            guard let value = members[name] else { return nil }
            if index > 0 { json += "," }
            json += quoted(name) + ":" + quoted(value)
        }
        json += "}"
        return Base64.encodeURL(SHA256.hash(Array(json.utf8)).bytes)
    }

    /// A JSON string (RFC 8259 §7). Member values are base64url or curve names in practice; the
    /// escaping keeps an odd value from changing the hashed text's structure.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension PublicKey {
    /// This key's RFC 7638 thumbprint (``JWKThumbprint``).
    public var jwkThumbprint: String {
        // Every key kind Gatehouse loads has its required members.
        JWKThumbprint.sha256(jwkParameters) ?? ""
    }
}
