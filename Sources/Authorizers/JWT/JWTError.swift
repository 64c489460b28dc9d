/// Why a token was refused: a stable code (what tests, logs and `gatehouse jwt verify --batch`
/// match on) and a message for people. Messages never contain the token.
public struct JWTError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Not three base64url segments of JSON objects.
        case malformed
        /// Larger than the configured maximum (16 KiB by default).
        case tooLarge
        /// `alg: none`, in any spelling.
        case algNone
        /// The header's `alg` is not the key's, not allowed, or unknown.
        case algorithmNotAllowed
        /// No key with the token's `kid` (or, without one, none for its algorithm).
        case keyNotFound
        case badSignature
        case expired
        case notYetValid
        /// `iat` later than now (plus leeway).
        case issuedInFuture
        case wrongIssuer
        case wrongAudience
        /// Cognito's `token_use` is not the one required (`id` or `access`).
        case wrongTokenUse
        /// None of the required scopes is in `scope`/`scp`.
        case missingScope
        /// A `crit` header names an extension this verifier does not implement.
        case unknownCritical
        /// A registered claim of the wrong type (`exp` not a number, …) or a required one missing.
        case invalidClaim
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
