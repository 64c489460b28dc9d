import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import IAMPolicy
import SigV4
import Testing

@Suite("Credential cache over the store")
struct StoreCredentialCacheTests {
    /// A request to `GET /pets` signed with `credentials` at `date`.
    static func signed(_ credentials: AWSCredentials, at date: Timestamp) throws -> SigV4Request {
        let request = SigV4Request(
            method: "GET",
            path: "/prod/pets",
            headers: [.init("Host", "abc123.execute-api.localhost")]
        )
        let configuration = SigningConfiguration(region: "us-east-1", service: "execute-api", location: .header)
        return try SigV4Signer(credentials: credentials, configuration: configuration).sign(request, at: date).request
    }

    static let verifier = SigV4Verifier(configuration: .init(region: "us-east-1", service: "execute-api"))

    static func invoke(_ path: String) -> AuthorizationRequest {
        AuthorizationRequest(
            action: "execute-api:Invoke",
            resource: "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/\(path)"
        )
    }

    @Test func userKeyCarriesThePrincipalAndItsCompiledPolicies() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.createUser("alice", path: "/", account: "000000000000", tags: [StoredTag("team", "pay")])
        try await store.putInlinePolicy("invoke", document: StoreFixture.invokeAll, on: .user("alice"))
        try await store.putManagedPolicy("GetOnly", account: "000000000000", document: StoreFixture.getOnly)
        try await store.setPermissionsBoundary("GetOnly", on: .user("alice"))
        let key = try await store.createAccessKey(for: .user("alice"))

        let cache = StoreCredentialCache(store: store, clock: fixture.clock)
        try await cache.refresh()
        let request = try Self.signed(
            AWSCredentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            at: StoreFixture.start
        )
        let verdict = await Self.verifier.verify(request, now: StoreFixture.start, credentials: cache)
        let principal = try #require(verdict.identity?.principal)
        #expect(principal.arn == "arn:aws:iam::000000000000:user/alice")
        #expect(principal.tags == [Principal.Tag("team", "pay")])
        #expect(principal.compiledPolicies != nil)
        // identity ∩ boundary: GET allowed, POST implicitly denied by the boundary.
        #expect(principal.evaluate(Self.invoke("GET/pets")).outcome == .allow)
        #expect(principal.evaluate(Self.invoke("POST/pets")).outcome == .implicitDeny)

        // Unchanged store: the same compiled set is served (compiled once per change).
        let before = try #require(try cache.lookup(key.accessKeyId)?.principal.compiledPolicies)
        try await cache.refresh()
        let after = try #require(try cache.lookup(key.accessKeyId)?.principal.compiledPolicies)
        #expect(before.statementCount == after.statementCount)
        #expect(try cache.lookup("AKIAUNKNOWNUNKNOWN00") == nil)
    }

    /// Two store instances on one file, as the CLI and a server are: the server's cache, polling,
    /// sees a revoked key, a deactivated key and a changed policy within a second.
    @Test func anotherProcessesChangesAreSeenWithinOneSecond() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let cli = fixture.store
        let server = try fixture.secondInstance()
        _ = try await cli.createUser("alice", path: "/", account: "000000000000", tags: [])
        try await cli.putInlinePolicy("invoke", document: StoreFixture.invokeAll, on: .user("alice"))
        let revoked = try await cli.createAccessKey(for: .user("alice"))
        let deactivated = try await cli.createAccessKey(for: .user("alice"))

        // The real clock: staleness is judged on monotonic time.
        let cache = StoreCredentialCache(store: server, pollInterval: .milliseconds(250))
        let poller = Task { await cache.run() }
        defer { poller.cancel() }
        try await waitUntil { (try? cache.lookup(revoked.accessKeyId)) != nil }

        func secondsUntil(_ condition: @escaping @Sendable () -> Bool) async throws -> Double {
            let started = ContinuousClock.now
            try await waitUntil(condition)
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }

        /// Whether the cache answers, and answers that the key is unknown.
        @Sendable func gone(_ accessKeyId: String) -> Bool {
            do { return try cache.lookup(accessKeyId) == nil } catch { return false }
        }

        try await cli.deleteAccessKey(revoked.accessKeyId)
        let revokedAfter = try await secondsUntil { gone(revoked.accessKeyId) }
        #expect(revokedAfter <= 1.0)

        try await cli.setAccessKeyStatus(deactivated.accessKeyId, .inactive)
        let deactivatedAfter = try await secondsUntil { gone(deactivated.accessKeyId) }
        #expect(deactivatedAfter <= 1.0)

        try await cli.setAccessKeyStatus(deactivated.accessKeyId, .active)
        try await waitUntil { (try? cache.lookup(deactivated.accessKeyId)) != nil }
        try await cli.putInlinePolicy("invoke", document: StoreFixture.getOnly, on: .user("alice"))
        let policyAfter = try await secondsUntil {
            guard let credential = try? cache.lookup(deactivated.accessKeyId) else { return false }
            return credential.principal.evaluate(Self.invoke("POST/pets")).outcome == .implicitDeny
        }
        #expect(policyAfter <= 1.0)
    }

    /// Writers in two instances at once, a reader in a third: every write lands (one writer at a
    /// time, waiting for the other instead of failing), and the reader sees them all.
    @Test func concurrentWritersAndReader() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = fixture.store
        let second = try fixture.secondInstance()
        let reader = try fixture.secondInstance()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in [first, second].enumerated() {
                group.addTask {
                    for user in 0..<20 {
                        let name = "w\(index)-u\(user)"
                        _ = try await store.createUser(name, path: "/", account: "000000000000", tags: [])
                        _ = try await store.createAccessKey(for: .user(name))
                    }
                }
            }
            group.addTask {
                for _ in 0..<40 { _ = try await reader.credentialRecords() }
            }
            try await group.waitForAll()
        }
        let records = try await reader.credentialRecords()
        #expect(records.identities.count == 40)
        #expect(records.keys.count == 40)
        let cache = StoreCredentialCache(store: reader, clock: fixture.clock)
        try await cache.refresh()
        #expect(cache.snapshot?.count == 40)
    }

    @Test func expiredSessionIsRefusedAsExpiredToken() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.createRole(
            "deployer",
            path: "/",
            account: "000000000000",
            tags: [],
            maxSessionDuration: 3600
        )
        try await store.putInlinePolicy("invoke", document: StoreFixture.invokeAll, on: .role("deployer"))
        let sessionPolicy = try PolicyText(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*/*/GET/*"}]}"#,
            kind: .session
        )
        let session = try await store.assumeRole(
            .role("deployer"),
            sessionName: "ci",
            sessionPolicy: sessionPolicy,
            durationSeconds: 900
        )
        let credentials = AWSCredentials(
            accessKeyId: session.accessKeyId,
            secretAccessKey: session.secretAccessKey,
            sessionToken: session.sessionToken
        )
        let cache = StoreCredentialCache(store: store, clock: fixture.clock)
        try await cache.refresh()

        // Within its life: the session principal, limited by its session policy.
        let during = StoreFixture.start + .seconds(900)
        let valid = await Self.verifier.verify(
            try Self.signed(credentials, at: during),
            now: during,
            credentials: cache
        )
        let principal = try #require(valid.identity?.principal)
        #expect(principal.arn == "arn:aws:sts::000000000000:assumed-role/deployer/ci")
        #expect(principal.principalArn == "arn:aws:iam::000000000000:role/deployer")
        #expect(principal.evaluate(Self.invoke("GET/pets")).outcome == .allow)
        #expect(principal.evaluate(Self.invoke("DELETE/pets")).outcome == .implicitDeny)

        // One second past Expiration: ExpiredTokenException.
        let after = StoreFixture.start + .seconds(901)
        fixture.clock.advance(by: .seconds(901))
        try await cache.refresh()
        let expired = await Self.verifier.verify(
            try Self.signed(credentials, at: after),
            now: after,
            credentials: cache
        )
        #expect(expired.failure?.code == .expiredToken)
        #expect(expired.failure?.code.errorType == "ExpiredTokenException")
    }

    @Test func lookupsFailClosedWhenTheCacheIsStale() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        _ = try await fixture.store.createUser("alice", path: "/", account: "000000000000", tags: [])
        let key = try await fixture.store.createAccessKey(for: .user("alice"))
        let cache = StoreCredentialCache(store: fixture.store, clock: fixture.clock)
        // Never refreshed: nothing is known, so nothing is answered.
        #expect(throws: StoreError(.stale, "")) { try cache.lookup(key.accessKeyId) }
        try await cache.refresh()
        #expect(try cache.lookup(key.accessKeyId) != nil)
        fixture.clock.advance(by: .milliseconds(1001))
        #expect(throws: StoreError(.stale, "")) { try cache.lookup(key.accessKeyId) }
        // The verifier turns the failure into a denial (fail closed).
        let request = try Self.signed(
            AWSCredentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            at: StoreFixture.start
        )
        let verdict = await Self.verifier.verify(request, now: StoreFixture.start, credentials: cache)
        #expect(verdict.failure?.code == .credentialStoreUnavailable)
        try await cache.refresh()
        #expect(try cache.lookup(key.accessKeyId) != nil)
    }

    @Test func rootCredentialIsServedWithFullAccess() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let root = try RootCredentials.resolve(dataDirectory: fixture.dataDirectory, environment: [:])
        let cache = StoreCredentialCache(store: fixture.store, root: root.storedCredential(), clock: fixture.clock)
        try await cache.refresh()
        let credential = try #require(try cache.lookup(root.credentials.accessKeyId))
        #expect(credential.principal.arn == "arn:aws:iam::000000000000:root")
        #expect(credential.principal.evaluate(Self.invoke("DELETE/anything")).outcome == .allow)
    }
}

/// Polls `condition` every 10 ms for up to 5 s (the bound a test fails at, not the one it checks).
func waitUntil(_ condition: @escaping @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 5 s")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
