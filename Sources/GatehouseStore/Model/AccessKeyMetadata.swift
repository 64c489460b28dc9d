public import GatehouseCore
public import GatehouseCrypto

/// Whether an access key may sign (IAM's `Active` / `Inactive`). An inactive key is unknown to
/// the verifier, as AWS treats it, until it is made active again.
public enum AccessKeyStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case active = "Active"
    case inactive = "Inactive"

    public var description: String { rawValue }
}

/// A long-term access key as listed: never its secret.
public struct AccessKeyMetadata: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyId: String
    public var status: AccessKeyStatus
    public var createdAt: Timestamp
    /// The user the key belongs to.
    public var userName: String

    public init(accessKeyId: String, status: AccessKeyStatus, createdAt: Timestamp, userName: String) {
        self.accessKeyId = accessKeyId
        self.status = status
        self.createdAt = createdAt
        self.userName = userName
    }

    public var description: String { "\(accessKeyId) (\(status), user \(userName))" }
}

/// A key just created: the only time its secret leaves the store (`create-access-key` prints it
/// once). `description` redacts the secret.
public struct NewAccessKey: Sendable, CustomStringConvertible {
    public var metadata: AccessKeyMetadata
    public var secretAccessKey: Secret

    public init(metadata: AccessKeyMetadata, secretAccessKey: Secret) {
        self.metadata = metadata
        self.secretAccessKey = secretAccessKey
    }

    public var accessKeyId: String { metadata.accessKeyId }

    public var description: String { "NewAccessKey(\(metadata.accessKeyId), secretAccessKey: <redacted>)" }
}

/// Temporary credentials from AssumeRole, shaped as `aws sts assume-role` prints its
/// `Credentials` and `AssumedRoleUser`. `description` redacts the secret and the token.
public struct SessionCredentials: Sendable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: Secret
    public var sessionToken: Secret
    public var expiration: Timestamp
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var assumedRoleArn: String
    /// `AROA…:SESSION`.
    public var assumedRoleId: String

    public init(
        accessKeyId: String,
        secretAccessKey: Secret,
        sessionToken: Secret,
        expiration: Timestamp,
        assumedRoleArn: String,
        assumedRoleId: String
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.assumedRoleArn = assumedRoleArn
        self.assumedRoleId = assumedRoleId
    }

    public var description: String {
        "SessionCredentials(\(accessKeyId), \(assumedRoleArn), expires \(expiration), secretAccessKey: <redacted>, sessionToken: <redacted>)"
    }
}
