public import GatehouseCore

/// Where a verifier finds the keys for a token (``JWTVerifier/verify(_:keys:now:timeout:)``): asked
/// once per token, after its header is read, with the header's `kid` — so a source that fetches
/// (``RemoteJWKS``) can fetch again for a `kid` it has not seen, and one that holds a fixed set
/// (``JWKSet``) just answers.
///
/// Errors are refusals: a source that cannot answer makes the token fail with
/// ``JWTError/Code/keysUnavailable``, never pass.
public protocol JWTKeySource: Sendable {
    /// The keys to verify a token with key id `keyID` (`nil`: the header has none) at `now` (a
    /// source that caches measures its ages on `now.monotonic`); any fetch ends within `timeout`.
    func keys(for keyID: String?, now: ClockReading, timeout: Duration) async throws(JWTKeyError) -> JWKSet
}

extension JWKSet: JWTKeySource {
    /// The set itself, whatever the key id: a fixed set has nothing to fetch.
    public func keys(for keyID: String?, now: ClockReading, timeout: Duration) -> JWKSet { self }
}

extension RemoteJWKS: JWTKeySource {}
