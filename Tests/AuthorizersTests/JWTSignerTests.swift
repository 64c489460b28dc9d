import Authorizers
import GatehouseCrypto
import Testing

@Suite("Minting tokens with one key bound to one algorithm")
struct JWTSignerTests {
    static let claims = #"{"iss":"https://issuer.example.com","sub":"alice"}"#

    static func key(for algorithm: JWTAlgorithm) throws -> (signing: [UInt8], verify: PublicKey?) {
        let kind: KeyKind
        switch algorithm {
        case .hs256, .hs384, .hs512: return (Array(repeating: 0x5A, count: 64), nil)
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: kind = .rsa(bits: 2048)
        case .es256: kind = .ec(.p256)
        case .es384: kind = .ec(.p384)
        case .es512: kind = .ec(.p521)
        case .edDSA: kind = .ed25519
        }
        let key = try PrivateKey.generate(kind)
        return (Array(key.pem.revealed.utf8), try key.publicKey)
    }

    /// Every algorithm: the header names it (and the kid), the payload is the claims as given,
    /// and the signature verifies with the key's public half (or the HMAC secret).
    @Test(arguments: JWTAlgorithm.allCases)
    func signs(_ algorithm: JWTAlgorithm) throws {
        let (signing, publicKey) = try Self.key(for: algorithm)
        let signer = try JWTSigner(algorithm: algorithm, key: signing)
        let token = try signer.sign(claimsJSON: Self.claims, keyID: "k1")
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        let header = String(decoding: try #require(Base64.decodeURL(parts[0])), as: UTF8.self)
        #expect(header.contains(#""alg":"\#(algorithm.rawValue)""#))
        #expect(header.contains(#""kid":"k1""#))
        #expect(String(decoding: try #require(Base64.decodeURL(parts[1])), as: UTF8.self) == Self.claims)
        let input = Array("\(parts[0]).\(parts[1])".utf8)
        let signature = try #require(Base64.decodeURL(parts[2]))
        if let digest = algorithm.hmacDigest {
            #expect(signature == HMAC.authenticationCode(digest, key: signing, message: input))
        } else {
            let scheme = try #require(algorithm.scheme)
            #expect(try #require(publicKey).isValidSignature(signature, for: input, scheme: scheme))
            var forged = signature
            forged[forged.count / 2] ^= 1
            #expect(!(try #require(publicKey).isValidSignature(forged, for: input, scheme: scheme)))
        }
        #expect(!"\(signer)".contains("PRIVATE"))
    }

    /// A kid with characters JSON must escape stays one string in the header.
    @Test func kidIsEscaped() throws {
        let (signing, _) = try Self.key(for: .edDSA)
        let token = try JWTSigner(algorithm: .edDSA, key: signing).sign(claimsJSON: "{}", keyID: "a\"b\\c\n")
        let header = String(decoding: try #require(Base64.decodeURL(token.split(separator: ".")[0])), as: UTF8.self)
        #expect(header == #"{"alg":"EdDSA","kid":"a\"b\\c\n","typ":"JWT"}"#)
    }

    /// Keys that do not fit the algorithm are refused when the signer is made or used.
    @Test func refusesMismatchedKeys() throws {
        let ecKey = try Self.key(for: .es256).signing
        #expect(throws: CryptoError.self) { try JWTSigner(algorithm: .hs256, key: []) }
        #expect(throws: CryptoError.self) { try JWTSigner(algorithm: .hs256, key: Array(repeating: 1, count: 16)) }
        #expect(throws: CryptoError.self) { try JWTSigner(algorithm: .rs256, key: ecKey) }
        #expect(throws: CryptoError.self) { try JWTSigner(algorithm: .es384, key: ecKey) }
        #expect(throws: CryptoError.self) {
            try JWTSigner(algorithm: .edDSA, key: ecKey).sign(claimsJSON: "{}")
        }
        #expect(throws: CryptoError.self) { try JWTSigner(algorithm: .ps256, key: Array("not a key".utf8)) }
    }
}
