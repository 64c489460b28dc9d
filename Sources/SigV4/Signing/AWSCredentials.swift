public import GatehouseCrypto

/// An access key: id, secret and, for temporary credentials, a session token.
///
/// The secret and token never print (`description` redacts them).
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: Secret
    public var sessionToken: Secret?

    public init(accessKeyId: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.init(
            accessKeyId: accessKeyId,
            secretAccessKey: Secret(secretAccessKey),
            sessionToken: sessionToken.map { Secret($0) }
        )
    }

    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }

    /// A 64-bit fingerprint of the secret, so caches notice a rotated secret without holding it.
    public var secretFingerprint: UInt64 {
        SigningKeys.fingerprint(secretAccessKey)
    }
}
