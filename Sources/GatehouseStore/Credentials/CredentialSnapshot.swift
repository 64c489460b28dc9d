import GatehouseCore
import GatehouseCrypto
import IAMPolicy
public import SigV4

/// One immutable view of every credential the store holds, built from ``CredentialRecords``:
/// each key's ``GatehouseCore/Principal`` with its policies compiled, in a
/// ``SigV4/StaticCredentialStore`` table — what the cache publishes and every lookup reads.
///
/// Building compiles each distinct policy combination once: an unchanged principal's
/// ``IAMPolicy/CompiledPolicySet`` is carried over from the previous snapshot, so a change to
/// one user recompiles that user, not everyone.
public struct CredentialSnapshot: Sendable {
    /// The lookup table (long-term keys, sessions and the root key).
    public let table: StaticCredentialStore
    /// The store revision the records were read at.
    public let revision: Int64
    /// How many keys the table holds.
    public let count: Int
    /// Principals left out because something about them did not load (fail closed: their keys
    /// are unknown), each with the reason — never a secret.
    public let skipped: [String]
    /// Compiled policy sets by the documents they were compiled from.
    let compiled: [PolicyKey: CompiledPolicySet]

    /// What a compiled set was made from: the documents, in layer order, each with its name.
    struct PolicyKey: Hashable {
        var identity: [String]
        var boundary: String?
        var session: String?
    }

    /// The policy every root principal carries: all actions on all resources (DESIGN.md's "full
    /// access"); an explicit Deny elsewhere — a resource policy, an SCP — still wins.
    public static let rootPolicyDocument =
        #"{"Version":"2012-10-17","Statement":[{"Sid":"RootFullAccess","Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// Builds the snapshot from `records`, reusing `previous`'s compiled sets where the documents
    /// are unchanged, with `root` (the root principal's key) added when given.
    public init(_ records: CredentialRecords, root: SigV4StoredCredential?, previous: CredentialSnapshot?) {
        var compiled: [PolicyKey: CompiledPolicySet] = [:]
        var skipped: [String] = []
        let reuse = previous?.compiled ?? [:]

        func compile(
            _ key: PolicyKey,
            identity: [(String, String)],
            boundary: (String, String)?,
            session: String?
        )
            throws(StoreError) -> CompiledPolicySet
        {
            if let set = compiled[key] ?? reuse[key] {
                compiled[key] = set
                return set
            }
            func named(_ name: String, _ text: String, _ kind: PolicyKind) throws(StoreError) -> NamedPolicy {
                NamedPolicy(name: name, document: try PolicyText(text, kind: kind, part: "policy `\(name)`").document())
            }
            var identityPolicies: [NamedPolicy] = []
            for (name, text) in identity { identityPolicies.append(try named(name, text, .identity)) }
            let boundaryPolicy = try boundary.map { (name, text) throws(StoreError) in
                try named(name, text, .permissionsBoundary)
            }
            let sessionPolicy = try session.map { (text) throws(StoreError) in try named("session", text, .session) }
            let set = CompiledPolicySet(
                IdentityPolicySet(
                    identity: identityPolicies,
                    permissionsBoundary: boundaryPolicy,
                    sessionPolicy: sessionPolicy
                )
            )
            compiled[key] = set
            return set
        }

        var byId: [String: CredentialRecords.Identity] = [:]
        for record in records.identities { byId[record.identity.id] = record }

        /// The identity layer of a principal: inline then attached, each document named.
        func identityLayer(_ record: CredentialRecords.Identity) -> [(String, String)] {
            record.inline.map { ($0.name, $0.text) } + record.attached.map { ($0.name, $0.text) }
        }

        func key(_ record: CredentialRecords.Identity, session: String?) -> PolicyKey {
            PolicyKey(
                identity: identityLayer(record).flatMap { [$0.0, $0.1] },
                boundary: record.boundary.map { $0.name + "\u{0}" + $0.text },
                session: session
            )
        }

        func tags(_ identity: StoredIdentity) -> [Principal.Tag] {
            identity.tags.map { Principal.Tag($0.key, $0.value) }
        }

        var credentials: [SigV4StoredCredential] = []
        var users: [String: Principal] = [:]
        for accessKey in records.keys where accessKey.status == .active {
            guard let record = byId[accessKey.ownerId], record.identity.kind == .user else { continue }
            do throws(StoreError) {
                let principal: Principal
                if let existing = users[record.identity.id] {
                    principal = existing
                } else {
                    let set = try compile(
                        key(record, session: nil),
                        identity: identityLayer(record),
                        boundary: record.boundary.map { ($0.name, $0.text) },
                        session: nil
                    )
                    do {
                        principal = try Principal(
                            arn: record.identity.arn,
                            userID: record.identity.id,
                            tags: tags(record.identity),
                            policies: set
                        )
                    } catch {
                        throw StoreError(.invalidInput, part: "user", error.message)
                    }
                    users[record.identity.id] = principal
                }
                credentials.append(
                    SigV4StoredCredential(
                        credentials: AWSCredentials(
                            accessKeyId: accessKey.accessKeyId,
                            secretAccessKey: accessKey.secret
                        ),
                        principal: principal
                    )
                )
            } catch {
                skipped.append("\(record.identity.arn): \(error.description)")
            }
        }
        for session in records.sessions {
            guard let record = byId[session.roleId], record.identity.kind == .role else { continue }
            let arn =
                "arn:aws:sts::\(record.identity.account):assumed-role/\(record.identity.name)/\(session.sessionName)"
            do throws(StoreError) {
                let set = try compile(
                    key(record, session: session.sessionPolicy),
                    identity: identityLayer(record),
                    boundary: record.boundary.map { ($0.name, $0.text) },
                    session: session.sessionPolicy
                )
                let principal: Principal
                do {
                    principal = try Principal(
                        arn: arn,
                        userID: "\(record.identity.id):\(session.sessionName)",
                        rolePath: record.identity.path,
                        tags: tags(record.identity),
                        policies: set
                    )
                } catch {
                    throw StoreError(.invalidInput, part: "session", error.message)
                }
                credentials.append(
                    SigV4StoredCredential(
                        credentials: AWSCredentials(
                            accessKeyId: session.accessKeyId,
                            secretAccessKey: session.secret,
                            sessionToken: session.sessionToken
                        ),
                        principal: principal,
                        expiration: session.expiration
                    )
                )
            } catch {
                skipped.append("\(arn): \(error.description)")
            }
        }
        if let root { credentials.append(root) }
        self.table = StaticCredentialStore(credentials)
        self.revision = records.revision
        self.count = credentials.count
        self.skipped = skipped
        self.compiled = compiled
    }
}
