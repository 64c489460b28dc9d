extension String {
    /// Whether two strings have the same UTF-8 bytes. IAM compares text as written: Swift's
    /// `==` also equates canonically equivalent text (`é` and `e` + U+0301), which AWS's string
    /// comparisons do not, and which `StringLike`, `Arn*` and resource matching (all on bytes)
    /// never did — so equality operators and principal names compare bytes too.
    func sameUTF8(as other: String) -> Bool {
        utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8)
    }
}
