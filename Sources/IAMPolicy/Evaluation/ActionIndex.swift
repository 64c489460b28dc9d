/// Which statements can apply to an action (reference/iam.md §9): statements are filed by exact
/// lowercased action, by service prefix when the action part has a wildcard, or in a small
/// always-checked bucket (NotAction, `*`, a wildcard in the prefix). Evaluation then costs what
/// the candidates cost, not what the policy set holds.
struct ActionIndex: Sendable {
    private let exact: FoldedKeyTable
    private let byService: FoldedKeyTable
    let always: [Int32]

    init(_ statements: [CompiledStatement]) {
        var exact: [String: [Int32]] = [:]
        var byService: [String: [Int32]] = [:]
        var always: [Int32] = []
        for (id, statement) in statements.enumerated() {
            let id = Int32(id)
            guard !statement.actionsNegated else {
                always.append(id)
                continue
            }
            var filedAlways = false
            for glob in statement.actions {
                // The glob's own (lowercased) pattern, filed by its bytes.
                let pattern = glob.patternBytes
                let isWildcard = { (byte: UInt8) in byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") }
                guard let colon = pattern.firstIndex(of: UInt8(ascii: ":")) else {
                    filedAlways = true
                    continue
                }
                if pattern[..<colon].contains(where: isWildcard) {
                    filedAlways = true
                } else if pattern[colon...].contains(where: isWildcard) {
                    Self.file(id, under: String(decoding: pattern[..<colon], as: UTF8.self), in: &byService)
                } else {
                    Self.file(id, under: String(decoding: pattern, as: UTF8.self), in: &exact)
                }
            }
            if filedAlways { always.append(id) }
        }
        self.exact = FoldedKeyTable(exact)
        self.byService = FoldedKeyTable(byService)
        self.always = always
    }

    private static func file(_ id: Int32, under key: String, in table: inout [String: [Int32]]) {
        if table[key]?.last != id { table[key, default: []].append(id) }
    }

    /// The candidate lists for an action (UTF-8, ASCII-folded when `foldASCII`): statements
    /// filed under the exact action, under its service, and always. Each list ascends.
    func candidates(for action: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> (exact: [Int32], service: [Int32]) {
        let exactHits = exact.lookup(action, foldASCII: foldASCII) ?? []
        var serviceHits: [Int32] = []
        if let colon = action.firstIndex(of: UInt8(ascii: ":")) {
            serviceHits =
                byService.lookup(UnsafeBufferPointer(rebasing: action[..<colon]), foldASCII: foldASCII) ?? []
        }
        return (exactHits, serviceHits)
    }
}

/// An open-addressing table from lowercased UTF-8 keys to statement lists, looked up with bytes
/// folded as they are hashed and compared — no `String` is built per request. Keys live in one
/// flat byte buffer and each slot keeps its key's full hash, so a probe compares an integer
/// before it compares bytes.
struct FoldedKeyTable: Sendable {
    private let bytes: [UInt8]
    /// Per entry: where its key starts in `bytes`, its length, and its hash.
    private let starts: [Int32]
    private let lengths: [Int32]
    private let hashes: [UInt64]
    private let values: [[Int32]]
    /// Entry index, or -1; the count is a power of two.
    private let slots: [Int32]

    init(_ entries: [String: [Int32]]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [Int32] = []
        var hashes: [UInt64] = []
        var values: [[Int32]] = []
        var capacity = 8
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (key, list) in entries.sorted(by: { $0.key < $1.key }) {
            let keyBytes = Array(key.utf8)
            let hash = keyBytes.withUnsafeBufferPointer { Self.hash($0, foldASCII: false) }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(values.count)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(keyBytes.count))
            hashes.append(hash)
            bytes += keyBytes
            values.append(list)
        }
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.hashes = hashes
        self.values = values
        self.slots = slots
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ foldASCII: Bool) -> UInt8 {
        foldASCII && byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// FNV-1a over the folded bytes, finished with a shift-xor.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(fold(byte, foldASCII))) &* 0x100_0000_01b3
        }
        return hash ^ (hash >> 29)
    }

    func lookup(_ key: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> [Int32]? {
        guard !values.isEmpty else { return nil }
        let hash = Self.hash(key, foldASCII: foldASCII)
        return slots.withUnsafeBufferPointer { slots -> [Int32]? in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = Int(slots[slot])
                guard entry >= 0 else { return nil }
                if hashes[entry] == hash && Int(lengths[entry]) == key.count && matches(entry, key, foldASCII) {
                    return values[entry]
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>, _ foldASCII: Bool) -> Bool {
        let start = Int(starts[entry])
        return bytes.withUnsafeBufferPointer { stored in
            for index in 0..<key.count where stored[start + index] != Self.fold(key[index], foldASCII) { return false }
            return true
        }
    }
}
