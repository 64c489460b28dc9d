/// An open-addressing table from lowercased UTF-8 keys to ranges of a candidate list, looked up
/// with bytes folded as they are hashed and compared — no `String` is built per request. Keys
/// live zero-padded in one buffer of 8-byte words, so hashing, ASCII case folding and comparing
/// all go a word at a time; each entry keeps its key's full hash, so a probe compares an integer
/// before it compares words.
struct FoldedKeyTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var firstWord: Int32
        var length: Int32
        var listStart: Int32
        var listCount: Int32
    }

    private let words: [UInt64]
    private let entries: [Entry]
    /// Entry index, or -1; the count is a power of two.
    private let slots: [Int32]

    var isEmpty: Bool { entries.isEmpty }

    /// Files each key's list at the end of `lists`.
    init(_ table: [String: [Int32]], lists: inout [Int32]) {
        var words: [UInt64] = []
        var entries: [Entry] = []
        var capacity = 8
        while capacity < table.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (key, list) in table.sorted(by: { $0.key < $1.key }) {
            let keyBytes = Array(key.utf8)
            let keyWords = unsafe keyBytes.withUnsafeBufferPointer { unsafe Self.words(of: $0, foldASCII: false) }
            let hash = Self.hash(keyWords, length: keyBytes.count)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(entries.count)
            entries.append(
                Entry(
                    hash: hash,
                    firstWord: Int32(words.count),
                    length: Int32(keyBytes.count),
                    listStart: Int32(lists.count),
                    listCount: Int32(list.count)
                )
            )
            words += keyWords
            lists += list
        }
        self.words = words
        self.entries = entries
        self.slots = slots
    }

    /// ASCII capitals in a word of eight bytes turned to lowercase, all at once; bytes of 0x80 and
    /// above are left alone.
    @inline(__always)
    static func foldWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let seven = word & (0x7f * ones)
        let atLeastA = seven &+ (0x80 - 0x41) * ones
        let pastZ = seven &+ (0x80 - 0x5B) * ones
        let upper = atLeastA & ~pastZ & ~word & (0x80 * ones)
        return word | (upper >> 2)
    }

    /// The `index`th little-endian word of `bytes`, zero-padded past the end, folded if asked.
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, foldASCII: Bool) -> UInt64 {
        let start = index &* 8
        var word: UInt64 = 0
        if start &+ 8 <= bytes.count, let base = bytes.baseAddress {
            word = unsafe UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        } else {
            var shift: UInt64 = 0
            for position in start..<bytes.count {
                unsafe word |= UInt64(bytes[position]) << shift
                shift &+= 8
            }
        }
        return foldASCII ? foldWord(word) : word
    }

    private static func words(of bytes: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> [UInt64] {
        (0..<(bytes.count + 7) / 8).map { unsafe word(bytes, $0, foldASCII: foldASCII) }
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let product = (hash ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }

    private static func hash(_ words: [UInt64], length: Int) -> UInt64 {
        var hash = UInt64(length)
        for word in words { hash = mix(hash, word) }
        return hash
    }

    /// The range of the candidate list filed under `key`; empty when none is.
    func lookup(_ key: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Range<Int> {
        guard !entries.isEmpty else { return 0..<0 }
        let count = (key.count + 7) / 8
        return unsafe withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { folded in
            var hash = UInt64(key.count)
            for index in 0..<count {
                let word = unsafe Self.word(key, index, foldASCII: foldASCII)
                unsafe folded[index] = word
                hash = Self.mix(hash, word)
            }
            return unsafe find(hash: hash, length: key.count, words: UnsafeBufferPointer(folded))
        }
    }

    private func find(hash: UInt64, length: Int, words key: UnsafeBufferPointer<UInt64>) -> Range<Int> {
        unsafe slots.withUnsafeBufferPointer { slots in
            unsafe entries.withUnsafeBufferPointer { entries in
                unsafe words.withUnsafeBufferPointer { words in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let index = unsafe Int(slots[slot])
                        guard index >= 0 else { return 0..<0 }
                        let entry = unsafe entries[index]
                        if entry.hash == hash && Int(entry.length) == length {
                            let first = Int(entry.firstWord)
                            var position = 0
                            while unsafe position < key.count && words[first + position] == key[position] {
                                position += 1
                            }
                            if position == key.count {
                                return Int(entry.listStart)..<Int(entry.listStart + entry.listCount)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }
}
