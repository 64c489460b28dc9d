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

/// Where a verifier looks up access keys. Lookups may do I/O (a database), hence `async`.
///
/// Return `nil` for an unknown key; throw only when the store itself failed — the verifier then
/// denies with ``SigV4Failure/Code/credentialStoreUnavailable`` (fail closed).
public protocol SigV4CredentialStore: Sendable {
    func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential?
}

/// An in-memory credential store.
///
/// Looked up on every verification, so not a `Dictionary<String, …>`: its seeded SipHash over
/// the key id cost more than the rest of the lookup. The table is open addressing over a
/// power-of-two array at most half full, hashed with an unseeded multiply–xor over the id's
/// bytes. Unseeded is safe here because the table is fixed at `init`: a caller only chooses the
/// id it looks up, which probes until an empty slot, and the clusters it can meet were made by
/// the stored ids alone. Ids match byte for byte.
public struct StaticCredentialStore: SigV4CredentialStore {
    private let credentials: [SigV4StoredCredential]
    /// Every id's UTF-8 bytes, one after the other, and where each starts (`idStarts[i + 1]`
    /// is where id `i` ends): a lookup compares bytes it already holds, with no `String` to open
    /// per candidate.
    private let idBytes: [UInt8]
    private let idStarts: [Int]
    /// Index + 1 into ``credentials`` per slot; 0 is empty.
    private let slots: [Int32]
    private let mask: Int

    public init(_ credentials: [SigV4StoredCredential]) {
        // The last credential for an id wins, as in a dictionary built in order (ids compared by
        // their bytes, as everywhere in this store).
        var unique: [SigV4StoredCredential] = []
        var position: [[UInt8]: Int] = [:]
        var idBytes: [UInt8] = []
        var idStarts: [Int] = [0]
        for credential in credentials {
            let id = Array(credential.credentials.accessKeyId.utf8)
            if let existing = position[id] {
                unique[existing] = credential
                continue
            }
            position[id] = unique.count
            unique.append(credential)
            idBytes.append(contentsOf: id)
            idStarts.append(idBytes.count)
        }
        var size = 8
        while size < unique.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        unsafe idBytes.withUnsafeBufferPointer { bytes in
            for index in unique.indices {
                let id = unsafe UnsafeBufferPointer(rebasing: bytes[idStarts[index]..<idStarts[index + 1]])
                var slot = unsafe Self.hash(id) & (size - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(index + 1)
            }
        }
        self.credentials = unique
        self.idBytes = idBytes
        self.idStarts = idStarts
        self.slots = slots
        self.mask = size - 1
    }

    /// A synchronous lookup. The id matches byte for byte (as AWS matches it), not by `String`'s
    /// Unicode canonical equivalence, which would make two spellings of a non-ASCII id one key.
    public func lookup(_ accessKeyId: String) -> SigV4StoredCredential? {
        var id = accessKeyId  // `withUTF8` lends a native string's bytes in place
        guard let index = id.withUTF8({ unsafe index(of: $0) }) else { return nil }
        return credentials[index]
    }

    public func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential? {
        lookup(accessKeyId)
    }

    private func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        unsafe idBytes.withUnsafeBufferPointer { bytes in
            var slot = unsafe Self.hash(key) & mask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                let start = idStarts[entry - 1]
                if unsafe idStarts[entry] - start == key.count
                    && (key.isEmpty || ByteCopy.equal(bytes.baseAddress! + start, key.baseAddress!, key.count))
                {
                    return entry - 1
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id's bytes, eight at a time, multiplied and folded (see the type's note on seeding).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: hash) }
        let raw = unsafe UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = unsafe (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < bytes.count {
            tail = unsafe tail << 8 | UInt64(base[offset])
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
