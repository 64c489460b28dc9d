import GatehouseCore
import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// ``StaticCredentialStore``'s open-addressing table against a dictionary, and
/// ``SigV4StoredCredential``'s value semantics over its shared object.
@Suite("Credential store and stored credentials")
struct CredentialStoreTests {
    static func credential(_ id: String, secret: String = "s") throws -> SigV4StoredCredential {
        SigV4StoredCredential(
            credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret),
            // Named after the id (`k-` keeps an empty id a valid user name; a user name holds no
            // `/`, so `/` is spelled `_`, which `randomId` never draws): a lookup that returns
            // another id's credential returns another principal.
            principal: try .user("k-\(id.replacing("/", with: "_"))", account: "000000000000")
        )
    }

    static func randomId(_ rng: inout SeededRandom) -> String {
        let letters = Array("AKIDQRSTUVWXYZ0123456789abc+/=é".unicodeScalars)
        return String(String.UnicodeScalarView((0..<rng.below(30)).map { _ in letters[rng.below(letters.count)] }))
    }

    @Test("finds what a dictionary finds, misses what it misses", arguments: [1 as UInt64, 2, 3])
    func agreesWithDictionary(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<50 {
            let stored = try (0..<rng.below(40)).map { index in
                try Self.credential(Self.randomId(&rng), secret: "s\(index)")
            }
            var model: [String: SigV4StoredCredential] = [:]
            for credential in stored { model[credential.credentials.accessKeyId] = credential }
            let store = StaticCredentialStore(stored)
            for id in model.keys {
                #expect(store.lookup(id)?.credentials.secretAccessKey == model[id]?.credentials.secretAccessKey)
            }
            for _ in 0..<40 {
                let probe = Self.randomId(&rng)
                #expect(store.lookup(probe)?.principal == model[probe]?.principal, "\(probe)")
            }
        }
    }

    @Test("an empty store finds nothing; the last credential for an id wins")
    func emptyAndDuplicates() throws {
        #expect(StaticCredentialStore([]).lookup("AKID") == nil)
        #expect(StaticCredentialStore([]).lookup("") == nil)
        let store = StaticCredentialStore([
            try Self.credential("AKID", secret: "old"), try Self.credential("AKID", secret: "new"),
        ])
        #expect(store.lookup("AKID")?.credentials.secretAccessKey == Secret("new"))
    }

    @Test("ids match byte for byte: a canonically equivalent spelling is another id")
    func byteExactIds() throws {
        let precomposed = "AKID\u{E9}"
        let decomposed = "AKIDe\u{301}"
        #expect(precomposed == decomposed)  // equal as Swift strings, different bytes
        let store = StaticCredentialStore([try Self.credential(precomposed, secret: "one")])
        #expect(store.lookup(precomposed)?.credentials.secretAccessKey == Secret("one"))
        #expect(store.lookup(decomposed) == nil)
        let both = StaticCredentialStore([
            try Self.credential(precomposed, secret: "one"), try Self.credential(decomposed, secret: "two"),
        ])
        #expect(both.lookup(precomposed)?.credentials.secretAccessKey == Secret("one"))
        #expect(both.lookup(decomposed)?.credentials.secretAccessKey == Secret("two"))
    }

    @Test("setting a property changes that copy only; a new secret gets a new fingerprint")
    func valueSemantics() throws {
        let original = try Self.credential("AKID", secret: "first")
        var copy = original
        copy.credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "second")
        copy.principal = try .user("other", account: "000000000000")
        copy.expiration = AmzDate(iso8601: "2026-01-15T10:00:00Z")
        #expect(original.credentials.secretAccessKey == Secret("first"))
        #expect(original.principal.arn == "arn:aws:iam::000000000000:user/k-AKID" && original.expiration == nil)
        #expect(copy.secretFingerprint == copy.credentials.secretFingerprint)
        #expect(copy.secretFingerprint != original.secretFingerprint)
        #expect(copy.expiration == AmzDate(iso8601: "2026-01-15T10:00:00Z"))
    }
}
