/// The caller's own policies, by layer: identity policies, permissions boundary, session policy,
/// SCPs and RCPs. A resource-based policy is passed to ``PolicyEvaluator`` separately.
public struct IdentityPolicySet: Sendable {
    public var identity: [NamedPolicy]
    /// `nil` when no boundary is set (then it does not restrict).
    public var permissionsBoundary: NamedPolicy?
    /// `nil` for a session without a session policy (then it does not restrict).
    public var sessionPolicy: NamedPolicy?
    /// Empty when no SCPs are in force; otherwise one must allow (one flat list is one level).
    public var serviceControlPolicies: [NamedPolicy]
    /// Customer RCPs are Deny-only, so they act only through explicit deny.
    public var resourceControlPolicies: [NamedPolicy]

    public init(
        identity: [NamedPolicy],
        permissionsBoundary: NamedPolicy? = nil,
        sessionPolicy: NamedPolicy? = nil,
        serviceControlPolicies: [NamedPolicy] = [],
        resourceControlPolicies: [NamedPolicy] = []
    ) {
        self.identity = identity
        self.permissionsBoundary = permissionsBoundary
        self.sessionPolicy = sessionPolicy
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
    }
}
