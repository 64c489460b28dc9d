/// Why a token was refused: a stable code (what tests, logs and `gatehouse jwt verify --batch`
/// match on) and a message for people. Messages never contain the token.
public struct JWTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The precise reason. A closed-but-growing set (a struct with static members, like
    /// `SigV4Failure.Code`): codes can be added without breaking a caller's `switch`.
    /// Equality compares the name.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The stable name (`expired`, …): what `gatehouse jwt verify` prints and tests match on.
        public let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// Not three base64url segments of JSON objects.
        public static let malformed = Code("malformed")
        /// Larger than the configured maximum (16 KiB by default).
        public static let tooLarge = Code("tooLarge")
        /// `alg: none`, in any spelling.
        public static let algNone = Code("algNone")
        /// The header's `alg` is not the key's, not allowed, or unknown.
        public static let algorithmNotAllowed = Code("algorithmNotAllowed")
        /// No key with the token's `kid` (or, without one, none for its algorithm).
        public static let keyNotFound = Code("keyNotFound")
        public static let badSignature = Code("badSignature")
        public static let expired = Code("expired")
        public static let notYetValid = Code("notYetValid")
        /// `iat` later than now (plus leeway).
        public static let issuedInFuture = Code("issuedInFuture")
        public static let wrongIssuer = Code("wrongIssuer")
        public static let wrongAudience = Code("wrongAudience")
        /// Cognito's `token_use` is not the one required (`id` or `access`).
        public static let wrongTokenUse = Code("wrongTokenUse")
        /// None of the required scopes is in `scope`/`scp`.
        public static let missingScope = Code("missingScope")
        /// A `crit` header names an extension this verifier does not implement.
        public static let unknownCritical = Code("unknownCritical")
        /// A registered claim of the wrong type (`exp` not a number, …) or a required one missing.
        public static let invalidClaim = Code("invalidClaim")
        /// The key source could not supply keys (an issuer's JWKS unreachable and nothing cached
        /// fresh enough): the token was not judged, and is refused.
        public static let keysUnavailable = Code("keysUnavailable")

        /// Every code, for documentation and exhaustive tests.
        public static let all: [Code] = [
            .malformed, .tooLarge, .algNone, .algorithmNotAllowed, .keyNotFound, .badSignature, .expired,
            .notYetValid, .issuedInFuture, .wrongIssuer, .wrongAudience, .wrongTokenUse, .missingScope,
            .unknownCritical, .invalidClaim, .keysUnavailable,
        ]
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }
}
