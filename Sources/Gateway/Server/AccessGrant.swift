import GatehouseCore

/// Who the access step let through, as the integration and the access log see it: the caller
/// (`requestContext.identity` for AWS_IAM), the authorizer's principal and context
/// (`requestContext.authorizer` for Lambda and JWT authorizers), and the API key's id.
struct AccessGrant: Sendable {
    /// `identity.caller` (an IAM principal's unique id: `AIDA…` or `AROA…:session`).
    var caller: String?
    /// `identity.user`.
    var user: String?
    /// `identity.userArn`.
    var userARN: String?
    /// `identity.accountId`.
    var accountID: String?
    /// `identity.accessKey`.
    var accessKey: String?
    /// The authorizer's `principalId` (Lambda) or the token's `sub` (JWT).
    var principalID: String?
    /// The authorizer's context, in the order returned.
    var context: [(key: String, value: JSONValue)] = []
    /// JWT claims (HTTP APIs' `requestContext.authorizer.jwt.claims`) and scopes.
    var claims: [(key: String, value: JSONValue)]?
    var scopes: [String]?
    /// The authorizer's own latency, a number in `requestContext.authorizer.integrationLatency`.
    var authorizerLatencyMilliseconds: Int?
    /// Whether the method had an authorizer (then `requestContext.authorizer` is present).
    var hasAuthorizer = false

    /// No authorization (`NONE`): nothing to pass on.
    static let anonymous = AccessGrant()

    /// The caller for the access log: the IAM ARN, else the authorizer's principal, else `-`.
    var logPrincipal: String? { userARN ?? principalID }
}
