/// A key that hashes and compares as its UTF-8 bytes (see ``DuplicateKeyDetector``).
struct JSONKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.utf8, b.utf8)
        guard x.count == y.count else { return false }
        let compared = unsafe x.withContiguousStorageIfAvailable { p in
            unsafe y.withContiguousStorageIfAvailable { q in unsafe p.elementsEqual(q) }
        }
        if let compared, let compared { return compared }
        return x.elementsEqual(y)
    }

    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { same(lhs.text, rhs.text) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = unsafe text.utf8.withContiguousStorageIfAvailable { bytes in
            unsafe hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            // Not contiguous (a bridged string): the same bytes fed the same way.
            unsafe Array(text.utf8).withUnsafeBytes { unsafe hasher.combine(bytes: $0) }
        }
    }
}
