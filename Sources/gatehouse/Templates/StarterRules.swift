/// The rules the Python and Node.js starters both keep, worded once for both READMEs (each README
/// adds its own lines on how it picks keys and how it fails). A change to what the starters check
/// is a change here, so the two READMEs cannot drift apart.
enum StarterRules {
    /// Claims, remote keys and the returned context, as a Markdown list (no trailing newline).
    static let claimsKeysAndContext = #"""
        - `exp` is required, `nbf` and `iat` must not be in the future, `iss` must equal `ISSUER`;
          `aud` must name one of `AUDIENCE`, and only a token without `aud` (a Cognito access
          token) is judged by `client_id` — as API Gateway does;
        - keys from a URL: https only (plain http only to `localhost`, `127.0.0.1` or `::1`, judged
          on the parsed URL, never with user info), no redirects, 1.5 s and 150,000 bytes at
          most; kept `JWKS_TTL` seconds and fetched again for an unknown `kid` (the issuer
          rotated its keys) at most every 30 s;
        - `context` values are strings, numbers or booleans only (API Gateway answers 500 for
          anything else): a `scope` list is joined with spaces, an object becomes JSON text;
        """#
}
