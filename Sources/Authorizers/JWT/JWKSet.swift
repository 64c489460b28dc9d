import GatehouseCore
import GatehouseCrypto
import IAMPolicy

/// The keys a verifier trusts: parsed from a JWKS (`{"keys": [...]}`), a single JWK, a PEM public
/// key or an HMAC secret. Keys that cannot be used for signatures (`use: enc`, unknown `kty`, an
/// `alg` that does not fit the key, RSA under 2048 bits) are left out, each with the reason in
/// ``skipped`` — an issuer's JWKS often carries such keys, and one of them must not make the
/// others unusable.
public struct JWKSet: Sendable {
    public let keys: [VerificationKey]
    /// Why each unusable JWK was left out.
    public let skipped: [String]

    public init(keys: [VerificationKey], skipped: [String] = []) {
        self.keys = keys
        self.skipped = skipped
    }

    /// The largest JWKS document read (an issuer's is a few KiB; API Gateway stops at 150,000 B).
    public static let maxBytes = 150_000

    /// Parses a JWKS or a single JWK (JSON). `allowSecretKeys: false` leaves out `oct` (HMAC)
    /// keys — right for any key set fetched from a URL, where a secret is no secret.
    public static func parse(_ bytes: [UInt8], allowSecretKeys: Bool = true) throws(JWTKeyError) -> JWKSet {
        guard bytes.count <= maxBytes else {
            throw JWTKeyError("the JWKS is \(bytes.count) bytes; the limit is \(maxBytes)")
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw JWTKeyError("not a JWKS: \(error.message) at \(error.path)")
        }
        guard case .object(let members) = root.value else { throw JWTKeyError("a JWKS is a JSON object") }
        let list: [JSONNode]
        if let keysNode = members.first(where: { $0.key == "keys" })?.value {
            guard case .array(let elements) = keysNode.value else { throw JWTKeyError("`keys` must be an array") }
            list = elements
        } else {
            list = [root]
        }
        var keys: [VerificationKey] = []
        var skipped: [String] = []
        for (index, node) in list.enumerated() {
            do throws(JWTKeyError) {
                if let key = try jwk(node) {
                    if case .hmac = key.material, !allowSecretKeys {
                        throw JWTKeyError("an `oct` (shared secret) key in a published key set is refused")
                    }
                    keys.append(key)
                }
            } catch {
                skipped.append("key \(index): \(error.message)")
            }
        }
        guard !keys.isEmpty else {
            throw JWTKeyError(
                "no usable signing key" + (skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))")
            )
        }
        return JWKSet(keys: keys, skipped: skipped)
    }

    /// One JWK; `nil` for a key that is for encryption only.
    static func jwk(_ node: JSONNode) throws(JWTKeyError) -> VerificationKey? {
        guard case .object(let members) = node.value else { throw JWTKeyError("a JWK is a JSON object") }
        func string(_ name: String) throws(JWTKeyError) -> String? {
            guard let value = members.first(where: { $0.key == name })?.value else { return nil }
            guard case .string(let text) = value.value else { throw JWTKeyError("`\(name)` must be a string") }
            return text
        }
        func bytes(_ name: String) throws(JWTKeyError) -> [UInt8] {
            guard let text = try string(name) else { throw JWTKeyError("`\(name)` is missing") }
            guard let decoded = Base64.decodeJWSSegment(text.utf8), !decoded.isEmpty else {
                throw JWTKeyError("`\(name)` is not base64url")
            }
            return decoded
        }
        if let use = try string("use"), use != "sig" { throw JWTKeyError("`use` is `\(use)`, not `sig`") }
        if let ops = members.first(where: { $0.key == "key_ops" })?.value, case .array(let list) = ops.value {
            let verifies = list.contains { if case .string("verify") = $0.value { return true } else { return false } }
            guard verifies else { throw JWTKeyError("`key_ops` does not include `verify`") }
        }
        let keyID = try string("kid")
        var algorithm: JWTAlgorithm? = nil
        if let alg = try string("alg") {
            guard let known = JWTAlgorithm(rawValue: alg) else {
                throw JWTKeyError("`alg` `\(alg)` is not a JWS algorithm")
            }
            algorithm = known
        }
        guard let kty = try string("kty") else { throw JWTKeyError("`kty` is missing") }
        do {
            switch kty {
            case "RSA":
                let key = try PublicKey(rsaModulus: try bytes("n"), exponent: try bytes("e"))
                return try VerificationKey(
                    publicKey: key,
                    algorithm: algorithm ?? JWTAlgorithm.defaultAlgorithm(for: key.kind),
                    keyID: keyID
                )
            case "EC":
                guard let crv = try string("crv"), let curve = EllipticCurve(rawValue: crv) else {
                    throw JWTKeyError("`crv` must be P-256, P-384 or P-521")
                }
                let key = try PublicKey(curve: curve, x: try bytes("x"), y: try bytes("y"))
                return try VerificationKey(
                    publicKey: key,
                    algorithm: algorithm ?? JWTAlgorithm.defaultAlgorithm(for: key.kind),
                    keyID: keyID
                )
            case "OKP":
                guard try string("crv") == "Ed25519" else {
                    throw JWTKeyError("only the Ed25519 OKP curve is supported")
                }
                let key = try PublicKey(ed25519: try bytes("x"))
                return try VerificationKey(publicKey: key, algorithm: algorithm ?? .edDSA, keyID: keyID)
            case "oct":
                return try VerificationKey(secret: try bytes("k"), algorithm: algorithm ?? .hs256, keyID: keyID)
            default:
                throw JWTKeyError("`kty` `\(kty)` is not supported")
            }
        } catch {
            throw JWTKeyError.wrapping(error)
        }
    }

    /// A PEM public key, bound to `algorithm` (PEM carries no algorithm, so it must be given).
    public static func pem(
        _ bytes: [UInt8],
        algorithm: JWTAlgorithm,
        keyID: String? = nil
    ) throws(JWTKeyError) -> JWKSet {
        do {
            return JWKSet(keys: [
                try VerificationKey(publicKey: try PublicKey(pem: bytes), algorithm: algorithm, keyID: keyID)
            ])
        } catch {
            throw JWTKeyError.wrapping(error)
        }
    }
}

extension JWTKeyError {
    /// A key error as is; anything else (a `CryptoError` from building the key) as its message.
    static func wrapping(_ error: any Error) -> JWTKeyError {
        (error as? JWTKeyError) ?? JWTKeyError("\(error)")
    }
}
