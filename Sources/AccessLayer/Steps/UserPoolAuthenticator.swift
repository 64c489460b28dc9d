public import Authorizers
public import GatehouseCore

/// The seam a Cognito-like user pool plugs into: given the token a `COGNITO_USER_POOLS` method
/// received, verify it against the method's pools (an ID token without scopes, an access token
/// holding one of them; reference/gateway.md "Cognito user-pool authorizer").
///
/// Until one is given to ``AccessLayer``, `COGNITO_USER_POOLS` methods refuse every request with
/// a 500 whose reason says user pools are not available — never an allow.
public protocol UserPoolAuthenticator: Sendable {
    /// Verifies `token` (the header's value with any `Bearer ` prefix removed) for a method
    /// protected by `providerARNs` requiring one of `scopes` (none: an ID token).
    ///
    /// - Throws: the refusal to answer with (401 `{"message":"Unauthorized"}` for a bad token).
    func authenticate(
        token: String,
        providerARNs: [String],
        scopes: [String],
        now: ClockReading
    ) async throws(AccessDenial) -> VerifiedToken
}
