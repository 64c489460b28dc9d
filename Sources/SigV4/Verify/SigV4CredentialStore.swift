import GatehouseCrypto

/// A credential a verifier may accept: the key, its optional session token and expiry, and the
/// principal it authenticates.
public struct SigV4StoredCredential: Sendable, CustomStringConvertible {
    public var credentials: AWSCredentials
    /// When a temporary credential (one with a session token) stops being valid.
    public var expiration: AmzDate?
    /// The principal (an ARN, for IAM evaluation) this key authenticates.
    public var principal: String
    /// Fingerprint of the secret, part of every cache key (computed once here).
    public let secretFingerprint: UInt64

    public init(credentials: AWSCredentials, principal: String, expiration: AmzDate? = nil) {
        self.credentials = credentials
        self.principal = principal
        self.expiration = expiration
        self.secretFingerprint = credentials.secretFingerprint
    }

    public var description: String {
        "SigV4StoredCredential(\(credentials), principal: \(principal))"
    }
}

/// Where a verifier looks up access keys. Lookups may do I/O (a database), hence `async`.
///
/// Return `nil` for an unknown key; throw only when the store itself failed — the verifier then
/// denies with ``SigV4Failure/Code/credentialStoreUnavailable`` (fail closed).
public protocol SigV4CredentialStore: Sendable {
    func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential?
}

/// An in-memory credential store.
public struct StaticCredentialStore: SigV4CredentialStore {
    private let entries: [String: SigV4StoredCredential]

    public init(_ credentials: [SigV4StoredCredential]) {
        var entries: [String: SigV4StoredCredential] = [:]
        for credential in credentials { entries[credential.credentials.accessKeyId] = credential }
        self.entries = entries
    }

    /// A synchronous lookup.
    public func lookup(_ accessKeyId: String) -> SigV4StoredCredential? { entries[accessKeyId] }

    public func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential? {
        entries[accessKeyId]
    }
}
