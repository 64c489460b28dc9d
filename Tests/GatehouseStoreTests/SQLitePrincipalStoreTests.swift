import Foundation
import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import Testing

@Suite("SQLite principal store")
struct SQLitePrincipalStoreTests {
    @Test func migratesAnEmptyDirectoryWithPrivateFiles() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        #expect(try await fixture.store.appliedMigrations() == ["v1-principals"])
        #expect(try await fixture.store.revision() == 0)
        #expect(try await fixture.store.identities(account: nil).isEmpty)
        #expect(DataDirectory.mode(of: fixture.dataDirectory.path) == 0o700)
        #expect(DataDirectory.mode(of: fixture.dataDirectory.databasePath) == 0o600)
        // WAL: the -wal file exists once the pool is open, and has the database's mode.
        let wal = fixture.dataDirectory.databasePath + "-wal"
        if let mode = DataDirectory.mode(of: wal) { #expect(mode == 0o600) }
        // Opening again (a second process) runs no migration twice.
        let again = try fixture.secondInstance()
        #expect(try await again.appliedMigrations() == ["v1-principals"])
    }

    @Test func tightensAnExistingDatabaseReadableByOthers() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = DataDirectory(temporary.child("data"))
        try directory.prepare()
        _ = FileManager.default.createFile(
            atPath: directory.databasePath,
            contents: nil,
            attributes: [.posixPermissions: 0o644]
        )
        _ = try SQLitePrincipalStore(dataDirectory: directory)
        #expect(DataDirectory.mode(of: directory.databasePath) == 0o600)
    }

    @Test func usersRolesPoliciesAndTagsRoundTrip() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        let alice = try await store.createUser(
            "alice",
            path: "/payments/",
            account: "000000000000",
            tags: [StoredTag("team", "pay")]
        )
        #expect(alice.arn == "arn:aws:iam::000000000000:user/payments/alice")
        #expect(alice.id.hasPrefix("AIDA") && alice.id.count == 21)
        #expect(alice.createdAt == StoreFixture.start)
        let role = try await store.createRole(
            "deployer",
            path: "/",
            account: "000000000000",
            tags: [],
            maxSessionDuration: 7200
        )
        #expect(role.arn == "arn:aws:iam::000000000000:role/deployer")
        #expect(role.id.hasPrefix("AROA"))
        #expect(role.maxSessionDuration == 7200)

        try await store.putInlinePolicy("invoke", document: StoreFixture.invokeAll, on: .user("alice"))
        try await store.putManagedPolicy("GetOnly", account: "000000000000", document: StoreFixture.getOnly)
        try await store.attachManagedPolicy("getonly", to: .role("deployer"))
        try await store.setPermissionsBoundary("GetOnly", on: .user("ALICE"))
        try await store.tag(.user("alice"), [StoredTag("TEAM", "payments"), StoredTag("env", "dev")])
        try await store.untag(.user("alice"), keys: ["ENV", "absent"])

        let reloaded = try await store.identity(.user("alice"))
        #expect(reloaded.tags == [StoredTag("TEAM", "payments")])
        #expect(reloaded.inlinePolicies == ["invoke"])
        #expect(reloaded.permissionsBoundary == "GetOnly")
        #expect(try await store.identity(.role("deployer")).attachedPolicies == ["GetOnly"])
        let policies = try await store.managedPolicies(account: nil)
        #expect(policies.map(\.name) == ["GetOnly"])
        #expect(policies.first?.attachmentCount == 2)

        // In use: the managed policy cannot go; detached and unbounded, it can.
        await #expect(throws: StoreError(.conflict, "")) {
            try await store.deleteManagedPolicy("GetOnly", account: "000000000000")
        }
        try await store.detachManagedPolicy("GetOnly", from: .role("deployer"))
        try await store.setPermissionsBoundary(nil, on: .user("alice"))
        try await store.deleteManagedPolicy("GetOnly", account: "000000000000")
        #expect(try await store.managedPolicies(account: nil).isEmpty)

        let all = try await store.identities(account: "000000000000")
        #expect(all.map(\.name) == ["alice", "deployer"])
        try await store.deleteIdentity(.user("alice"))
        await #expect(throws: StoreError(.notFound, "")) { try await store.identity(.user("alice")) }
    }

    @Test func accessKeysAreAWSShapedAndLimitedToTwo() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.createUser("alice", path: "/", account: "000000000000", tags: [])
        let first = try await store.createAccessKey(for: .user("alice"))
        let second = try await store.createAccessKey(for: .user("alice"))
        for key in [first, second] {
            try IAMNames.checkAccessKeyId(key.accessKeyId)
            #expect(key.accessKeyId.hasPrefix("AKIA"))
            #expect(key.secretAccessKey.revealed.count == 40)
        }
        #expect(first.accessKeyId != second.accessKeyId)
        #expect(first.secretAccessKey != second.secretAccessKey)
        await #expect(throws: StoreError(.limitExceeded, "")) { try await store.createAccessKey(for: .user("alice")) }
        try await store.setAccessKeyStatus(first.accessKeyId, .inactive)
        let listed = try await store.identity(.user("alice")).accessKeys
        #expect(Set(listed.map(\.accessKeyId)) == [first.accessKeyId, second.accessKeyId])
        #expect(listed.first { $0.accessKeyId == first.accessKeyId }?.status == .inactive)
        try await store.deleteAccessKey(first.accessKeyId)
        await #expect(throws: StoreError(.notFound, "")) { try await store.deleteAccessKey(first.accessKeyId) }
        // A role has no keys of its own.
        _ = try await store.createRole("r1", path: "/", account: "000000000000", tags: [], maxSessionDuration: 3600)
        await #expect(throws: StoreError(.invalidInput, "")) { try await store.createAccessKey(for: .role("r1")) }
    }

    @Test func assumeRoleFollowsSTSDurations() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        let role = try await store.createRole(
            "deployer",
            path: "/ci/",
            account: "000000000000",
            tags: [],
            maxSessionDuration: 7200
        )
        let session = try await store.assumeRole(
            .role("deployer"),
            sessionName: "run-1",
            sessionPolicy: nil,
            durationSeconds: nil
        )
        #expect(session.accessKeyId.hasPrefix("ASIA"))
        try IAMNames.checkAccessKeyId(session.accessKeyId)
        #expect(session.expiration == StoreFixture.start + .seconds(3600))
        #expect(session.assumedRoleArn == "arn:aws:sts::000000000000:assumed-role/deployer/run-1")
        #expect(session.assumedRoleId == "\(role.id):run-1")
        let longest = try await store.assumeRole(
            .role("deployer"),
            sessionName: "run-2",
            sessionPolicy: nil,
            durationSeconds: 7200
        )
        #expect(longest.expiration == StoreFixture.start + .seconds(7200))
        for bad in [899, 7201, 43201, 0, -1] {
            await #expect(throws: StoreError(.invalidInput, "")) {
                try await store.assumeRole(
                    .role("deployer"),
                    sessionName: "run-3",
                    sessionPolicy: nil,
                    durationSeconds: bad
                )
            }
        }
        // Deleting the session's key ends the session.
        try await store.deleteAccessKey(session.accessKeyId)
        #expect(try await store.credentialRecords().sessions.map(\.accessKeyId) == [longest.accessKeyId])
    }

    @Test func apiIdentifiersAreStableAndShaped() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try await fixture.store.apiIdentifier(forName: "pets")
        #expect(first.count == 10)
        #expect(first.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) })
        #expect(try await fixture.store.apiIdentifier(forName: "pets") == first)
        #expect(try await fixture.secondInstance().apiIdentifier(forName: "pets") == first)
        #expect(try await fixture.store.apiIdentifier(forName: "orders") != first)
    }

    @Test func everyWriteMovesTheRevision() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        var last = try await store.revision()
        func moved() async throws -> Bool {
            let now = try await store.revision()
            defer { last = now }
            return now > last
        }
        _ = try await store.createUser("u", path: "/", account: "000000000000", tags: [])
        #expect(try await moved())
        let key = try await store.createAccessKey(for: .user("u"))
        #expect(try await moved())
        try await store.setAccessKeyStatus(key.accessKeyId, .inactive)
        #expect(try await moved())
        try await store.putInlinePolicy("p", document: StoreFixture.invokeAll, on: .user("u"))
        #expect(try await moved())
        try await store.tag(.user("u"), [StoredTag("k", "v")])
        #expect(try await moved())
        try await store.deleteIdentity(.user("u"))
        #expect(try await moved())
        // A read moves nothing.
        _ = try await store.identities(account: nil)
        #expect(try await moved() == false)
    }
}
