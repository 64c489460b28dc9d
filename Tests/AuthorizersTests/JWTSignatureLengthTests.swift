import Authorizers
import GatehouseCrypto
import IAMPolicy
import Testing

/// Every signature has exactly one length per algorithm and key (RFC 8017 §8.1.2 and §8.2.2 step 1
/// for RSA: the modulus length k; RFC 7518 §3.4 for ECDSA: 64, 96, 132; RFC 8032 for Ed25519: 64;
/// the digest for HMAC). A signature one byte short — a PSS signature with its leading zero
/// dropped once verified, because OpenSSL reads it as the same number — or one byte long, or
/// empty, is refused for every algorithm, before any cryptography runs.
@Suite("JWT signatures: exact length for every algorithm")
struct JWTSignatureLengthTests {
    static func expectedLength(_ algorithm: JWTAlgorithm) -> Int {
        switch algorithm {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: return 256  // the fixture's 2048-bit key
        case .es256: return 64
        case .es384: return 96
        case .es512: return 132
        case .edDSA: return 64
        case .hs256: return 32
        case .hs384: return 48
        case .hs512: return 64
        }
    }

    static func parts(_ token: String) -> (input: String, signature: [UInt8]) {
        let dot = token.lastIndex(of: ".")!
        return (String(token[..<dot]), Base64.decodeJWSSegment(token[token.index(after: dot)...].utf8) ?? [])
    }

    static func code(_ token: String) -> JWTError.Code? {
        Fixture.code(Fixture.verifier().verify(token, keys: Fixture.keys, now: Fixture.now))
    }

    static func resigned(_ input: String, _ signature: [UInt8]) -> String {
        input + "." + Base64.encodeURL(signature)
    }

    /// Genuine tokens verify at exactly their length; k−1 (last byte dropped), k+1 (a byte
    /// appended, a zero prepended), and 0 are refused.
    @Test(arguments: JWTAlgorithm.allCases)
    func everyWrongLengthIsRefused(_ algorithm: JWTAlgorithm) {
        let token = Fixture.token(algorithm)
        let (input, signature) = Self.parts(token)
        #expect(signature.count == Self.expectedLength(algorithm))
        #expect(Self.code(token) == nil)
        let variants: [(String, [UInt8])] = [
            ("k-1", Array(signature.dropLast())), ("k+1", signature + [0]), ("zero added", [0] + signature),
            ("first byte dropped", Array(signature.dropFirst())), ("k+1 copy", signature + [signature[0]]),
            ("doubled", signature + signature), ("one byte", [signature[0]]),
        ]
        for (name, bytes) in variants {
            #expect(Self.code(Self.resigned(input, bytes)) == .badSignature, "\(algorithm) \(name)")
        }
        #expect(Self.code(input + ".") == .badSignature, "\(algorithm) empty")
    }

    /// The regression and its class: tokens are minted (claims vary) until a signature starts with
    /// a zero byte; that token verifies, and with the zero stripped — the same number, one byte
    /// short — it is refused, for every algorithm.
    @Test(arguments: JWTAlgorithm.allCases)
    func leadingZeroStrippedIsRefused(_ algorithm: JWTAlgorithm) {
        var found = false
        for serial in 0..<6000 {
            let token = Fixture.token(algorithm, claims: Fixture.claims(#","jti":"\#(serial)""#))
            let (input, signature) = Self.parts(token)
            guard signature.first == 0 else { continue }
            #expect(Self.code(token) == nil, "\(algorithm) genuine")
            #expect(Self.code(Self.resigned(input, Array(signature.dropFirst()))) == .badSignature, "\(algorithm)")
            #expect(Self.code(Self.resigned(input, [0, 0] + signature.dropFirst())) == .badSignature, "\(algorithm)")
            found = true
            break
        }
        // One signature in 256 starts with zero; 6,000 without one is beyond chance.
        #expect(found, "no \(algorithm) signature started with a zero byte")
    }

    /// The primitive refuses the same: a PSS signature with its leading zero stripped, for each
    /// digest, and for every scheme a signature one byte short or long.
    @Test(arguments: [DigestAlgorithm.sha256, .sha384, .sha512])
    func publicKeyRefusesShortPSS(_ digest: DigestAlgorithm) throws {
        let key = Fixture.rsa
        let publicKey = try key.publicKey
        for scheme in [SignatureScheme.rsaPSS(digest), .rsaPKCS1(digest)] {
            var found = false
            for serial in 0..<6000 {
                let message = Array("message \(serial)".utf8)
                let signature = try key.signature(for: message, scheme: scheme)
                #expect(signature.count == 256)
                guard signature.first == 0 else { continue }
                #expect(publicKey.isValidSignature(signature, for: message, scheme: scheme))
                #expect(!publicKey.isValidSignature(Array(signature.dropFirst()), for: message, scheme: scheme))
                #expect(!publicKey.isValidSignature([0] + signature, for: message, scheme: scheme))
                found = true
                break
            }
            #expect(found)
        }
        #expect(KeyKind.rsa(bits: 2048).signatureByteCount(.rsaPSS(digest)) == 256)
        #expect(KeyKind.rsa(bits: 3072).signatureByteCount(.rsaPSS(digest)) == 384)
        #expect(KeyKind.rsa(bits: 2049).signatureByteCount(.rsaPKCS1(digest)) == 257)
        #expect(KeyKind.ed25519.signatureByteCount(.rsaPSS(digest)) == nil)
        #expect(KeyKind.ec(.p256).signatureByteCount(.ecdsa(.sha256)) == 64)
        #expect(KeyKind.ec(.p384).signatureByteCount(.ecdsa(.sha384)) == 96)
        #expect(KeyKind.ec(.p521).signatureByteCount(.ecdsa(.sha512)) == 132)
        #expect(KeyKind.ec(.p521).signatureByteCount(.ecdsa(.sha256)) == nil)
        #expect(KeyKind.ed25519.signatureByteCount(.ed25519) == 64)
    }
}
