import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import SigV4
import Testing

/// Secrets never reach a `description` (logs, error messages, test failure output).
@Suite("Secrets never print")
struct RedactionTests {
    @Test func descriptionsHideSecretsAndTokens() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.createUser("alice", path: "/", account: "000000000000", tags: [])
        _ = try await store.createRole(
            "deployer",
            path: "/",
            account: "000000000000",
            tags: [],
            maxSessionDuration: 3600
        )
        let key = try await store.createAccessKey(for: .user("alice"))
        let session = try await store.assumeRole(
            .role("deployer"),
            sessionName: "s1",
            sessionPolicy: nil,
            durationSeconds: nil
        )
        let records = try await store.credentialRecords()
        let root = try RootCredentials.resolve(dataDirectory: fixture.dataDirectory, environment: [:])
        let cache = StoreCredentialCache(store: store, root: root.storedCredential(), clock: fixture.clock)
        try await cache.refresh()
        let stored = try #require(try cache.lookup(session.accessKeyId))

        let secrets = [
            key.secretAccessKey.revealed, session.secretAccessKey.revealed, session.sessionToken.revealed,
            root.credentials.secretAccessKey.revealed,
        ]
        var texts = [
            String(describing: key), String(reflecting: key), "\(session)", String(reflecting: session),
            "\(root)", root.notice, "\(stored)", String(describing: records.keys), String(describing: records.sessions),
            String(describing: try await store.identities(account: nil)),
        ]
        texts.append(String(describing: cache.snapshot?.skipped ?? []))
        for text in texts {
            for secret in secrets {
                #expect(!text.contains(secret), "a secret reached: \(text.prefix(60))…")
            }
        }
        #expect("\(key)".contains(key.accessKeyId))
    }
}
