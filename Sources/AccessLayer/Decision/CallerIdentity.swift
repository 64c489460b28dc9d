public import GatehouseCore

/// Who called, in the shape of `requestContext.identity` (proxy 1.0 events, `$context.identity.*`).
///
/// For a SigV4 caller: `caller` and `user` are the principal's unique id (`AIDA…`, or
/// `AROA…:session` for a role session; the ARN when the store has none), `userArn` its ARN,
/// `accessKey` the access key id, `accountId` its account. For every other caller those are `nil`
/// and only `sourceIp` and `userAgent` are set.
public struct CallerIdentity: Sendable, Hashable {
    public var caller: String?
    public var user: String?
    public var userArn: String?
    public var accessKey: String?
    public var accountId: String?
    public var sourceIp: String
    public var userAgent: String?
    /// The SigV4 caller's principal (with its tags and policies), `nil` for other callers.
    public var principal: Principal?

    public init(
        caller: String? = nil,
        user: String? = nil,
        userArn: String? = nil,
        accessKey: String? = nil,
        accountId: String? = nil,
        sourceIp: String,
        userAgent: String? = nil,
        principal: Principal? = nil
    ) {
        self.caller = caller
        self.user = user
        self.userArn = userArn
        self.accessKey = accessKey
        self.accountId = accountId
        self.sourceIp = sourceIp
        self.userAgent = userAgent
        self.principal = principal
    }

    /// An unsigned caller: address and user agent only.
    static func anonymous(sourceIp: String, userAgent: String?) -> CallerIdentity {
        CallerIdentity(sourceIp: sourceIp, userAgent: userAgent)
    }

    /// A SigV4 caller.
    static func signed(
        _ principal: Principal,
        accessKey: String,
        sourceIp: String,
        userAgent: String?
    ) -> CallerIdentity {
        let id = principal.userID ?? principal.arn
        return CallerIdentity(
            caller: id,
            user: id,
            userArn: principal.arn,
            accessKey: accessKey,
            accountId: principal.account,
            sourceIp: sourceIp,
            userAgent: userAgent,
            principal: principal
        )
    }
}
