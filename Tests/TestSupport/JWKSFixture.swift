public import GatehouseCrypto

/// JWK and JWKS texts for the key-source tests: a public key's parameters under a `kid`, and key
/// sets of them. `crv` and `alg` are whatever the test says, so hostile sets can mislabel a key.
public enum JWKSFixture {
    /// An EC JWK of `key` (its `x` and `y`).
    public static func ecJWK(_ key: PublicKey, kid: String, crv: String = "P-256", alg: String? = nil) -> String {
        let p = key.jwkParameters
        return #"{"kty":"EC","crv":"\#(crv)","kid":"\#(kid)","x":"\#(p["x"]!)","y":"\#(p["y"]!)""#
            + (alg.map { #","alg":"\#($0)""# } ?? "") + "}"
    }

    /// An RSA JWK of `key` (its `n` and `e`).
    public static func rsaJWK(_ key: PublicKey, kid: String, alg: String? = nil) -> String {
        let p = key.jwkParameters
        return #"{"kty":"RSA","kid":"\#(kid)","n":"\#(p["n"]!)","e":"\#(p["e"]!)""#
            + (alg.map { #","alg":"\#($0)""# } ?? "") + "}"
    }

    /// `{"keys":[…]}` of these JWK texts, as the bytes an endpoint serves.
    public static func set(_ keys: [String]) -> [UInt8] {
        Array((#"{"keys":["# + keys.joined(separator: ",") + "]}").utf8)
    }

    /// A key set of the EC key `key` under each of `kids`.
    public static func ecSet(_ key: PublicKey, kids: [String]) -> [UInt8] {
        set(kids.map { ecJWK(key, kid: $0) })
    }
}
