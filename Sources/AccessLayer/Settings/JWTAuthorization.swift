public import Authorizers
public import HTTPTypes

/// A JWT authorizer (HTTP APIs' `JWT` type, reference/gateway.md "JWT authorizers"): the token
/// from one header, raw or `Bearer `-prefixed, verified against keys from a source (a fixed
/// ``Authorizers/JWKSet`` or an issuer's ``Authorizers/RemoteJWKS``), then `iss`, `aud`/`client_id`,
/// `exp`/`nbf`/`iat` as the verifier's configuration says, then the method's authorization
/// scopes. Every refusal is 401 `{"message":"Unauthorized"}` (HTTP APIs add
/// `www-authenticate`).
public struct JWTAuthorization: Sendable {
    /// The authorizer's name (for log reasons).
    public var name: String
    public var verifier: JWTVerifier
    public var keys: any JWTKeySource
    /// The header the token is read from (`identitySource` `$request.header.Authorization`).
    public var identityHeader: HTTPField.Name
    /// How long a key fetch may take (API Gateway: 1,500 ms).
    public var keyFetchTimeout: Duration

    public init(
        name: String,
        verifier: JWTVerifier,
        keys: any JWTKeySource,
        identityHeader: HTTPField.Name = .authorization,
        keyFetchTimeout: Duration = RemoteJWKS.fetchTimeout
    ) {
        self.name = name
        self.verifier = verifier
        self.keys = keys
        self.identityHeader = identityHeader
        self.keyFetchTimeout = keyFetchTimeout
    }
}
