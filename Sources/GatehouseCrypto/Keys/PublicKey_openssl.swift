internal import COpenSSL

/// An RSA, EC (P-256/384/521) or Ed25519 public key held by OpenSSL, built once and reused: a
/// verifier keeps these cached rather than parsing key material per request.
public struct PublicKey: Sendable, CustomStringConvertible {
    internal let box: EVPKeyBox
    public let kind: KeyKind

    internal init(box: EVPKeyBox) throws(CryptoError) {
        self.box = box
        guard let kind = unsafe box.withKey({ unsafe Self.kind(of: $0) }) else {
            throw CryptoError(.invalidKey, "only RSA, EC P-256/384/521 and Ed25519 keys are supported")
        }
        self.kind = kind
    }

    static func kind(of key: OpaquePointer) -> KeyKind? {
        switch unsafe c_gh_pkey_kind(key) {
        case 1: return .rsa(bits: Int(unsafe c_gh_pkey_bits(key)))
        case 2:
            var name = [CChar](repeating: 0, count: 64)
            guard
                unsafe name.withUnsafeMutableBufferPointer({ unsafe c_gh_ec_group_name(key, $0.baseAddress!, 64) }) == 1
            else { return nil }
            let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return EllipticCurve(openSSLGroup: text).map(KeyKind.ec)
        case 3: return .ed25519
        default: return nil
        }
    }

    /// A key from PEM (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo).
    public init(pem: [UInt8]) throws(CryptoError) {
        let pointer = unsafe pem.withUnsafeBytes { unsafe c_gh_pkey_from_pem($0.baseAddress, $0.count, 0) }
        guard let box = unsafe EVPKeyBox(pointer) else {
            throw CryptoError(.invalidKey, "no PEM public key (SubjectPublicKeyInfo) found")
        }
        try self.init(box: box)
    }

    /// An RSA key from its big-endian modulus and exponent (JWK `n`, `e`).
    public init(rsaModulus modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) {
        guard !modulus.isEmpty, !exponent.isEmpty, exponent.count <= 8 else {
            throw CryptoError(.invalidKey, "an RSA key needs a modulus and a small exponent")
        }
        let pointer = unsafe modulus.withUnsafeBytes { n in
            unsafe exponent.withUnsafeBytes { e in
                unsafe c_gh_rsa_public_key(n.baseAddress!, n.count, e.baseAddress!, e.count)
            }
        }
        guard let box = unsafe EVPKeyBox(pointer) else { throw CryptoError(.invalidKey, "not a valid RSA public key") }
        try self.init(box: box)
    }

    /// An EC key from big-endian coordinates (JWK `x`, `y`); the point must lie on the curve.
    public init(curve: EllipticCurve, x: [UInt8], y: [UInt8]) throws(CryptoError) {
        guard x.count == curve.coordinateBytes, y.count == curve.coordinateBytes else {
            throw CryptoError(.invalidKey, "\(curve.rawValue) coordinates are \(curve.coordinateBytes) bytes each")
        }
        let point = [0x04] + x + y
        let pointer = unsafe point.withUnsafeBytes { bytes in
            unsafe curve.rawValue.withCString { unsafe c_gh_ec_public_key($0, bytes.baseAddress!, bytes.count) }
        }
        guard let box = unsafe EVPKeyBox(pointer) else {
            throw CryptoError(.invalidKey, "the point is not on \(curve.rawValue)")
        }
        try self.init(box: box)
    }

    /// An Ed25519 key from its 32 raw bytes (JWK `x` of an `OKP` key).
    public init(ed25519 raw: [UInt8]) throws(CryptoError) {
        guard raw.count == 32 else { throw CryptoError(.invalidKey, "an Ed25519 public key is 32 bytes") }
        let pointer = unsafe raw.withUnsafeBytes { unsafe c_gh_ed25519_public_key($0.baseAddress!) }
        guard let box = unsafe EVPKeyBox(pointer) else { throw CryptoError(.invalidKey, "not an Ed25519 key") }
        try self.init(box: box)
    }

    /// `true` only for a valid signature of `message` under `scheme`; a scheme the key cannot
    /// use, or a malformed signature, is simply invalid. A signature must be exactly
    /// ``KeyKind/signatureByteCount(_:)`` bytes: one with a leading zero dropped or added is
    /// another encoding, refused before OpenSSL (RFC 8017 §8.1.2 step 1).
    public func isValidSignature(
        _ signature: UnsafeRawBufferPointer,
        for message: UnsafeRawBufferPointer,
        scheme: SignatureScheme
    ) -> Bool {
        guard let length = kind.signatureByteCount(scheme), signature.count == length, length > 0, length <= 1024
        else { return false }
        if case .ecdsa = scheme {
            let half = scheme.ecdsaHalf
            var der = [UInt8](repeating: 0, count: 2 * half + 16)
            let length = unsafe der.withUnsafeMutableBytes { out in
                unsafe c_gh_ecdsa_raw_to_der(signature.baseAddress!, half, out.baseAddress!, out.count)
            }
            guard length > 0 else { return false }
            return unsafe der.withUnsafeBytes { bytes in
                unsafe verify(UnsafeRawBufferPointer(rebasing: bytes[..<length]), message, scheme)
            }
        }
        return unsafe verify(signature, message, scheme)
    }

    private func verify(
        _ signature: UnsafeRawBufferPointer,
        _ message: UnsafeRawBufferPointer,
        _ scheme: SignatureScheme
    )
        -> Bool
    {
        let empty: UInt8 = 0
        return unsafe withUnsafePointer(to: empty) { placeholder in
            unsafe box.withKey { key in
                unsafe c_gh_verify(
                    key,
                    scheme.digestBits,
                    scheme.isPSS,
                    message.baseAddress ?? UnsafeRawPointer(placeholder),
                    message.count,
                    signature.baseAddress!,
                    signature.count
                ) == 1
            }
        }
    }

    /// `true` only for a valid signature of `message` under `scheme`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8], scheme: SignatureScheme) -> Bool {
        unsafe signature.withUnsafeBytes { sig in
            unsafe message.withUnsafeBytes { unsafe isValidSignature(sig, for: $0, scheme: scheme) }
        }
    }

    /// PEM text (SubjectPublicKeyInfo).
    public var pem: String { unsafe box.withKey { unsafe PEMExport.pem($0, privateKey: false) } }

    /// The JWK members that describe this key: `kty` and `n`/`e`, `crv`/`x`/`y`, or `crv`/`x`
    /// (RFC 7518 §6, RFC 8037), base64url-encoded.
    public var jwkParameters: [String: String] {
        func parameter(_ which: Int32, _ capacity: Int) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: capacity)
            let length = unsafe box.withKey { key in
                unsafe out.withUnsafeMutableBytes {
                    unsafe c_gh_pkey_public_param(key, which, $0.baseAddress!, capacity)
                }
            }
            return Array(out.prefix(length))
        }
        switch kind {
        case .rsa:
            return [
                "kty": "RSA", "n": Base64.encodeURL(parameter(1, 1024)), "e": Base64.encodeURL(parameter(2, 16)),
            ]
        case .ec(let curve):
            let point = parameter(3, 1 + 2 * curve.coordinateBytes)
            let half = curve.coordinateBytes
            guard point.count == 1 + 2 * half else { return ["kty": "EC", "crv": curve.rawValue] }
            return [
                "kty": "EC", "crv": curve.rawValue, "x": Base64.encodeURL(Array(point[1...half])),
                "y": Base64.encodeURL(Array(point[(1 + half)...])),
            ]
        case .ed25519:
            return ["kty": "OKP", "crv": "Ed25519", "x": Base64.encodeURL(parameter(4, 32))]
        }
    }

    public var description: String { "PublicKey(\(kind))" }
}
