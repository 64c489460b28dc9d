/// A SigV4 signing algorithm. A closed-but-growing set: new members may be added, so `switch`
/// over ``name`` rather than assuming these two are all.
public struct SigningAlgorithm: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case hmacSHA256
        case ecdsaP256SHA256
    }

    private let kind: Kind

    /// SigV4: `AWS4-HMAC-SHA256`, scoped to one region.
    public static let sigV4 = SigningAlgorithm(kind: .hmacSHA256)
    /// SigV4a: `AWS4-ECDSA-P256-SHA256`, valid in a set of regions (`X-Amz-Region-Set`).
    public static let sigV4a = SigningAlgorithm(kind: .ecdsaP256SHA256)

    /// The name written in `Authorization` and `X-Amz-Algorithm`.
    public var name: String {
        switch kind {
        case .hmacSHA256: return "AWS4-HMAC-SHA256"
        case .ecdsaP256SHA256: return "AWS4-ECDSA-P256-SHA256"
        }
    }

    /// ``name`` as a literal, for writing into a canonical buffer without a `String`.
    var nameLiteral: StaticString {
        switch kind {
        case .hmacSHA256: return "AWS4-HMAC-SHA256"
        case .ecdsaP256SHA256: return "AWS4-ECDSA-P256-SHA256"
        }
    }

    /// `true` for SigV4a.
    public var isAsymmetric: Bool { kind == .ecdsaP256SHA256 }

    /// The algorithm with this name, or `nil`.
    public init?(name: some StringProtocol) {
        switch name {
        case "AWS4-HMAC-SHA256": self = .sigV4
        case "AWS4-ECDSA-P256-SHA256": self = .sigV4a
        default: return nil
        }
    }

    private init(kind: Kind) { self.kind = kind }

    public var description: String { name }
}
