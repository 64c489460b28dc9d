/// Where principals live: IAM-like users and roles, their access keys, inline and attached
/// managed policies, permissions boundaries and tags, and role sessions (temporary credentials).
///
/// The contract any implementation keeps — SQLite (``SQLitePrincipalStore``) now, PostgreSQL for
/// several gateway nodes later:
///
/// - **Several processes, one state.** The CLI writes while a server reads; nothing above the
///   store may assume one process. Every committed change raises ``revision()``, which is all a
///   reader in another process polls (``StoreCredentialCache`` does, every 250 ms).
/// - **Input is checked before it is stored**, with the same rules and words everywhere
///   (``IAMNames``, ``PolicyText``): a ``StoreError`` whose ``StoreError/part`` names the input.
/// - **Secrets leave only once**: in the ``NewAccessKey`` and ``SessionCredentials`` returned at
///   creation, and to the credential cache (``credentialRecords()``). Listings never carry them.
/// - **Times come from an injected clock** (creation dates, session expirations), so tests
///   decide what "now" is.
/// - Deleting a user or role deletes its keys, sessions, inline policies and attachments with it
///   (IAM asks for each to be removed first; one command is friendlier and leaves nothing
///   dangling).
public protocol PrincipalStore: Sendable {
    /// Creates an IAM user (`arn:aws:iam::ACCOUNT:user/PATH/NAME`).
    func createUser(
        _ name: String,
        path: String,
        account: String,
        tags: [StoredTag]
    ) async throws(StoreError) -> StoredIdentity

    /// Creates a role, whose sessions may last up to `maxSessionDuration` seconds (3600…43200).
    func createRole(
        _ name: String,
        path: String,
        account: String,
        tags: [StoredTag],
        maxSessionDuration: Int
    ) async throws(StoreError) -> StoredIdentity

    /// One user or role; ``StoreError/Code/notFound`` when there is none.
    func identity(_ reference: IdentityReference) async throws(StoreError) -> StoredIdentity

    /// Every user and role (of one account, or all), users first, by name.
    func identities(account: String?) async throws(StoreError) -> [StoredIdentity]

    /// Deletes a user or role with its keys, sessions, inline policies and attachments.
    func deleteIdentity(_ reference: IdentityReference) async throws(StoreError)

    /// A new long-term access key (`AKIA…`) for a user: at most two per user, as IAM allows.
    func createAccessKey(for user: IdentityReference) async throws(StoreError) -> NewAccessKey

    /// Makes a key active or inactive (an inactive key stops signing within a second).
    func setAccessKeyStatus(_ accessKeyId: String, _ status: AccessKeyStatus) async throws(StoreError)

    /// Deletes a long-term key or a session's temporary key.
    func deleteAccessKey(_ accessKeyId: String) async throws(StoreError)

    /// Adds or replaces an inline identity policy.
    func putInlinePolicy(_ name: String, document: PolicyText, on reference: IdentityReference) async throws(StoreError)

    /// Deletes an inline policy.
    func deleteInlinePolicy(_ name: String, from reference: IdentityReference) async throws(StoreError)

    /// Creates or replaces a managed policy; replacing one changes every principal attaching it.
    @discardableResult
    func putManagedPolicy(
        _ name: String,
        account: String,
        document: PolicyText
    ) async throws(StoreError)
        -> ManagedPolicy

    /// The managed policies (of one account, or all), by name.
    func managedPolicies(account: String?) async throws(StoreError) -> [ManagedPolicy]

    /// Deletes a managed policy; ``StoreError/Code/conflict`` while anything attaches it.
    func deleteManagedPolicy(_ name: String, account: String) async throws(StoreError)

    /// Attaches a managed policy of the principal's account (at most 10, as IAM allows).
    func attachManagedPolicy(_ name: String, to reference: IdentityReference) async throws(StoreError)

    /// Detaches a managed policy.
    func detachManagedPolicy(_ name: String, from reference: IdentityReference) async throws(StoreError)

    /// Sets (a managed policy's name) or removes (`nil`) the permissions boundary.
    func setPermissionsBoundary(_ policyName: String?, on reference: IdentityReference) async throws(StoreError)

    /// Adds tags, replacing the value of a key already present (keys match ignoring case).
    func tag(_ reference: IdentityReference, _ tags: [StoredTag]) async throws(StoreError)

    /// Removes the tags with these keys (absent keys are ignored, as IAM does).
    func untag(_ reference: IdentityReference, keys: [String]) async throws(StoreError)

    /// STS AssumeRole: temporary credentials (`ASIA…`, a secret, a session token) for a session
    /// of `role`, valid `durationSeconds` (900 up to the role's maximum; default 3600), limited
    /// by `sessionPolicy` when given.
    func assumeRole(
        _ role: IdentityReference,
        sessionName: String,
        sessionPolicy: PolicyText?,
        durationSeconds: Int?
    ) async throws(StoreError) -> SessionCredentials

    /// A number that grows with every committed change to principals, keys, policies or
    /// sessions, whichever process made it. Cheap: polled several times a second.
    func revision() async throws(StoreError) -> Int64

    /// Everything a credential cache needs, secrets included, read in one consistent snapshot
    /// (one transaction): see ``CredentialRecords``.
    func credentialRecords() async throws(StoreError) -> CredentialRecords
}

/// Stable API ids: the gateway configuration asks for the id of an API by its name, and gets the
/// same 10 lowercase alphanumerics for that name in this data directory forever after (so keys,
/// plans, usage and logs keep pointing at it across restarts).
///
/// Declared here until the gateway configuration module declares the assigner it takes; that
/// module can then take any conformer (this store's included) without depending on this one.
public protocol APIIdentifierStore: Sendable {
    /// The id of the API named `name`, assigned (cryptographically random, unique) on first use.
    func apiIdentifier(forName name: String) async throws(StoreError) -> String
}
