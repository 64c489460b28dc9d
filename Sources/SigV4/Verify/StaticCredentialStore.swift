import GatehouseCore
import GatehouseCrypto

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
