import GatehouseCore
import GatehouseCrypto

/// Where a verifier looks up access keys. Lookups may do I/O (a database), hence `async`.
///
/// Return `nil` for an unknown key; throw only when the store itself failed — the verifier then
/// denies with ``SigV4Failure/Code/credentialStoreUnavailable`` (fail closed).
public protocol SigV4CredentialStore: Sendable {
    func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential?
}
