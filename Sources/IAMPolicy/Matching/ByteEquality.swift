extension String {
    /// Whether two strings have the same UTF-8 bytes, compared eight at a time. IAM compares text
    /// as written: Swift's `==` also equates canonically equivalent text (`é` and `e` + U+0301),
    /// which AWS's string comparisons do not, and which `StringLike`, `Arn*` and resource matching
    /// (all on bytes) never did — so equality operators, principal names, and the authorizers'
    /// method ARNs and token claims compare bytes.
    public func sameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var left = self
        var right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return true }
                var index = 0
                while index + 8 <= a.count {
                    if UnsafeRawPointer(x + index).loadUnaligned(as: UInt64.self)
                        != UnsafeRawPointer(y + index).loadUnaligned(as: UInt64.self)
                    {
                        return false
                    }
                    index += 8
                }
                while index < a.count {
                    if a[index] != b[index] { return false }
                    index += 1
                }
                return true
            }
        }
    }
}
