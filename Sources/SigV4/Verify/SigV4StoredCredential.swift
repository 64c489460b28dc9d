public import GatehouseCore
import GatehouseCrypto

/// A credential a verifier may accept: the key, its optional session token and expiry, and the
/// principal it authenticates — a ``GatehouseCore/Principal`` parsed when the credential was
/// stored, with its tags and compiled policies, handed to every request it verifies as one
/// reference.
///
/// A value with one immutable object inside: a store hands a copy out on every verification,
/// and copying the object is one reference count where copying its four strings was four (and
/// four releases after). Setting a property makes a new object, so a set `credentials` always
/// gets its own ``secretFingerprint`` — a rotated secret never meets the key cached for the old.
public struct SigV4StoredCredential: Sendable, CustomStringConvertible {
    private final class Storage: Sendable {
        let credentials: AWSCredentials
        let expiration: AmzDate?
        let principal: Principal
        let secretFingerprint: UInt64

        init(credentials: AWSCredentials, principal: Principal, expiration: AmzDate?) {
            self.credentials = credentials
            self.principal = principal
            self.expiration = expiration
            self.secretFingerprint = credentials.secretFingerprint
        }
    }

    private var storage: Storage

    public init(credentials: AWSCredentials, principal: Principal, expiration: AmzDate? = nil) {
        storage = Storage(credentials: credentials, principal: principal, expiration: expiration)
    }

    public var credentials: AWSCredentials {
        _read { yield storage.credentials }
        set { storage = Storage(credentials: newValue, principal: storage.principal, expiration: storage.expiration) }
    }

    /// When a temporary credential (one with a session token) stops being valid.
    public var expiration: AmzDate? {
        get { storage.expiration }
        set { storage = Storage(credentials: storage.credentials, principal: storage.principal, expiration: newValue) }
    }

    /// The principal this key authenticates (parsed once; see ``GatehouseCore/Principal``).
    public var principal: Principal {
        _read { yield storage.principal }
        set { storage = Storage(credentials: storage.credentials, principal: newValue, expiration: storage.expiration) }
    }

    /// Fingerprint of the secret, part of every cache key (computed once per secret).
    public var secretFingerprint: UInt64 { storage.secretFingerprint }

    public var description: String {
        "SigV4StoredCredential(\(credentials), principal: \(principal))"
    }
}
