internal import COpenSSL

/// An RSA, EC or Ed25519 private key, for minting tokens and for `gatehouse jwt keygen`. Its
/// description never shows key material.
public struct PrivateKey: Sendable, CustomStringConvertible {
    internal let box: EVPKeyBox
    public let kind: KeyKind

    private init(box: EVPKeyBox) throws(CryptoError) {
        self.box = box
        guard let kind = unsafe box.withKey({ unsafe PublicKey.kind(of: $0) }) else {
            throw CryptoError(.invalidKey, "only RSA, EC P-256/384/521 and Ed25519 keys are supported")
        }
        self.kind = kind
    }

    /// A key from unencrypted PEM (PKCS#8 `PRIVATE KEY`, or `RSA`/`EC PRIVATE KEY`).
    public init(pem: [UInt8]) throws(CryptoError) {
        let pointer = unsafe pem.withUnsafeBytes { unsafe c_gh_pkey_from_pem($0.baseAddress, $0.count, 1) }
        guard let box = unsafe EVPKeyBox(pointer) else {
            throw CryptoError(.invalidKey, "no unencrypted PEM private key found")
        }
        try self.init(box: box)
    }

    /// A fresh key: RSA of `rsaBits` (2048 or more), an EC curve, or Ed25519.
    public static func generate(_ kind: KeyKind) throws(CryptoError) -> PrivateKey {
        let generated: EVPKeyBox?
        switch kind {
        case .rsa(let bits):
            guard bits >= 2048, bits <= 8192 else { throw CryptoError(.invalidKey, "RSA keys are 2048 to 8192 bits") }
            generated = unsafe EVPKeyBox(c_gh_generate_key(1, Int32(bits), nil))
        case .ec(let curve):
            generated = unsafe curve.rawValue.withCString { unsafe EVPKeyBox(c_gh_generate_key(2, 0, $0)) }
        case .ed25519:
            generated = unsafe EVPKeyBox(c_gh_generate_key(3, 0, nil))
        }
        guard let box = generated else { throw CryptoError(.signingFailed, "key generation failed") }
        return try PrivateKey(box: box)
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        get throws(CryptoError) {
            let pointer = unsafe box.withKey { unsafe c_gh_public_from_private($0) }
            guard let box = unsafe EVPKeyBox(pointer) else { throw CryptoError(.invalidKey, "no public half") }
            return try PublicKey(box: box)
        }
    }

    /// The key as unencrypted PKCS#8 PEM, wrapped so it never prints by accident.
    public var pem: Secret { Secret(unsafe box.withKey { unsafe PEMExport.pem($0, privateKey: true) }) }

    /// A signature of `message` (ECDSA in JWS's `r || s` form).
    public func signature(for message: [UInt8], scheme: SignatureScheme) throws(CryptoError) -> [UInt8] {
        guard kind.supports(scheme) else {
            throw CryptoError(.invalidKey, "a \(kind) key cannot sign with \(scheme)")
        }
        var out = [UInt8](repeating: 0, count: 1100)
        var length = out.count
        let empty: UInt8 = 0
        let ok = unsafe withUnsafePointer(to: empty) { placeholder in
            unsafe box.withKey { key in
                unsafe message.withUnsafeBytes { msg in
                    unsafe out.withUnsafeMutableBytes { sig in
                        unsafe c_gh_sign(
                            key,
                            scheme.digestBits,
                            scheme.isPSS,
                            msg.baseAddress ?? UnsafeRawPointer(placeholder),
                            msg.count,
                            sig.baseAddress!,
                            &length
                        )
                    }
                }
            }
        }
        guard ok == 1 else { throw CryptoError(.signingFailed, "signing failed") }
        guard case .ecdsa = scheme else { return Array(out.prefix(length)) }
        let half = scheme.ecdsaHalf
        var raw = [UInt8](repeating: 0, count: 2 * half)
        let written = unsafe out.withUnsafeBytes { der in
            unsafe raw.withUnsafeMutableBytes {
                unsafe c_gh_ecdsa_der_to_raw(der.baseAddress!, length, half, $0.baseAddress!)
            }
        }
        guard written == 2 * half else { throw CryptoError(.signingFailed, "ECDSA signature conversion failed") }
        return raw
    }

    public var description: String { "PrivateKey(\(kind), <redacted>)" }
}
