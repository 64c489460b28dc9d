import GatehouseStore
import IAMPolicy
import Testing

/// Every refusal is a typed error naming the part of the input at fault.
@Suite("Bad input")
struct BadInputTests {
    static func part(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error.part
        } catch {
            return "untyped: \(error)"
        }
    }

    @Test func namesPathsTagsAndAccounts() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = fixture.store
        let account = "000000000000"
        #expect(
            await Self.part { _ = try await store.createUser("", path: "/", account: account, tags: []) } == "user name"
        )
        #expect(
            await Self.part { _ = try await store.createUser("a/b", path: "/", account: account, tags: []) }
                == "user name"
        )
        #expect(
            await Self.part {
                _ = try await store.createUser(String(repeating: "a", count: 65), path: "/", account: account, tags: [])
            } == "user name"
        )
        #expect(
            await Self.part { _ = try await store.createUser("a", path: "team", account: account, tags: []) } == "path"
        )
        #expect(
            await Self.part { _ = try await store.createUser("a", path: "/a//b/", account: account, tags: []) }
                == "path"
        )
        #expect(
            await Self.part { _ = try await store.createUser("a", path: "/", account: "123", tags: []) } == "account id"
        )
        #expect(
            await Self.part {
                _ = try await store.createUser(
                    "a",
                    path: "/",
                    account: account,
                    tags: [StoredTag("ok", "1"), StoredTag("aws:x", "2")]
                )
            } == "tags[1].key"
        )
        #expect(
            await Self.part {
                _ = try await store.createUser("a", path: "/", account: account, tags: [StoredTag("k", "bad\u{7}")])
            } == "tags[0].value"
        )
        #expect(
            await Self.part {
                _ = try await store.createUser(
                    "a",
                    path: "/",
                    account: account,
                    tags: [StoredTag("K", "1"), StoredTag("k", "2")]
                )
            } == "tags[1].key"
        )
        #expect(
            await Self.part {
                _ = try await store.createRole("r", path: "/", account: account, tags: [], maxSessionDuration: 60)
            } == "max session duration"
        )
        _ = try await store.createUser("alice", path: "/", account: account, tags: [])
        #expect(
            await Self.part { _ = try await store.createUser("ALICE", path: "/", account: account, tags: []) }
                == "user name"
        )
        #expect(await Self.part { try await store.deleteAccessKey("not-a-key") } == "access key id")
        #expect(await Self.part { try await store.attachManagedPolicy("Missing", to: .user("alice")) } == "policy name")
        #expect(
            await Self.part { try await store.setPermissionsBoundary("Missing", on: .user("alice")) } == "policy name"
        )
        #expect(await Self.part { _ = try await store.identity(.user("bob")) } == "user name")
        _ = try await store.createRole("r", path: "/", account: account, tags: [], maxSessionDuration: 3600)
        #expect(
            await Self.part {
                _ = try await store.assumeRole(.role("r"), sessionName: "x", sessionPolicy: nil, durationSeconds: nil)
            } == "session name"
        )
        #expect(
            await Self.part {
                _ = try await store.assumeRole(.role("r"), sessionName: "ok", sessionPolicy: nil, durationSeconds: 3601)
            } == "duration seconds"
        )
    }

    @Test func policyDocumentsSayWhereTheyAreWrong() throws {
        #expect {
            try PolicyText(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}"#, kind: .identity)
        } throws: { error in
            let error = error as? StoreError
            return error?.code == .invalidPolicy && error?.part == "policy document"
                && error?.message.contains("Resource") == true
        }
        // An identity policy names no principal.
        #expect(throws: StoreError(.invalidPolicy, "")) {
            try PolicyText(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
                kind: .identity
            )
        }
        #expect(throws: StoreError(.invalidPolicy, "")) { try PolicyText("{", kind: .session, part: "--policy") }
    }
}
