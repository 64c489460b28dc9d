/// A point on the wall clock: whole seconds and nanoseconds since 1970-01-01T00:00:00Z (UTC).
///
/// The one instant type the access-layer modules pass across their seams: SigV4's `AmzDate`,
/// a token's `exp` and a cache entry's expiry are all views of it.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Nanoseconds since 1970 (about ±292 years of range).
    public var nanosecondsSince1970: Int64

    public init(nanosecondsSince1970: Int64) {
        self.nanosecondsSince1970 = nanosecondsSince1970
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSince1970 < rhs.nanosecondsSince1970
    }
}
