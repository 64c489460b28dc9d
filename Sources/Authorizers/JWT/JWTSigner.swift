import GatehouseCore
public import GatehouseCrypto

/// Mints compact JWS tokens (RFC 7515) with one key bound to one algorithm: the twin of
/// ``JWTVerifier``, for tests, local development and token issuers built on this library.
///
/// HS256/384/512, RS256/384/512 and ES256/384/512 are minted by libjwt through ``JWTMinter``
/// (the algorithm pinned, empty and short HMAC keys refused, ECDSA signatures in JWS's
/// fixed-width form); PS256/384/512 and EdDSA, which libjwt 1.10 does not mint, are signed with
/// OpenSSL directly under the header `{"alg":…,"kid":…,"typ":"JWT"}`. Its description never
/// shows the key.
public struct JWTSigner: Sendable, CustomStringConvertible {
    public let algorithm: JWTAlgorithm
    private let backend: Backend

    private enum Backend: Sendable {
        case libjwt(JWTMinter)
        case openssl(PrivateKey, SignatureScheme)
    }

    /// - Parameters:
    ///   - algorithm: fixed for the signer's life.
    ///   - key: for HS*, the secret's bytes (at least 32); otherwise a PEM private key of the
    ///     algorithm's kind.
    public init(algorithm: JWTAlgorithm, key: [UInt8]) throws(CryptoError) {
        self.algorithm = algorithm
        if JWTMinter.algorithms.contains(algorithm.rawValue) {
            backend = .libjwt(try JWTMinter(algorithm: algorithm.rawValue, key: key))
        } else if let scheme = algorithm.scheme {
            backend = .openssl(try PrivateKey(pem: key), scheme)
        } else {
            throw CryptoError(.invalidKey, "\(algorithm) is not a signature algorithm")
        }
    }

    /// A token whose payload is `claimsJSON` (one JSON object, sent as given) and whose header
    /// carries `keyID` as `kid` when given.
    public func sign(claimsJSON: String, keyID: String? = nil) throws(CryptoError) -> String {
        switch backend {
        case .libjwt(let minter):
            return try minter.mint(claimsJSON: claimsJSON, keyID: keyID)
        case .openssl(let key, let scheme):
            var header: [(String, JSONValue)] = [("alg", .string(algorithm.rawValue))]
            if let keyID { header.append(("kid", .string(keyID))) }
            header.append(("typ", .string("JWT")))
            let input =
                Base64.encodeURL(JSONValue.members(header).serializedBytes) + "."
                + Base64.encodeURL(Array(claimsJSON.utf8))
            let signature = try key.signature(for: Array(input.utf8), scheme: scheme)
            return input + "." + Base64.encodeURL(signature)
        }
    }

    public var description: String { "JWTSigner(\(algorithm), key: <redacted>)" }
}
