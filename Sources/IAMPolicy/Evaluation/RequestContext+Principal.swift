public import GatehouseCore

extension RequestContext {
    /// A context holding `principal`'s keys (``insertPrincipalKeys(_:)``) and then `values`.
    public init(principal: Principal, _ values: [String: Value] = [:]) {
        self.init(values)
        insertPrincipalKeys(principal)
    }

    /// Sets the keys reference/iam.md §5 says a signed (IAM) caller brings, read from the
    /// principal parsed when its credential was stored — never derived from an ARN string here:
    ///
    /// - `aws:PrincipalArn` (a role session's role ARN), `aws:PrincipalAccount`;
    /// - `aws:PrincipalType` (`User`, `AssumedRole`, `FederatedUser`, `Account`);
    /// - `aws:username` for IAM users only; `aws:userid` when known;
    /// - `aws:PrincipalTag/<key>` for each tag.
    ///
    /// These keys replace any the context held: a key the principal lacks is removed, and so is
    /// every `aws:PrincipalTag/…` key the principal does not have, so a client-supplied context
    /// cannot claim an identity or a tag.
    public mutating func insertPrincipalKeys(_ principal: Principal) {
        self["aws:PrincipalArn"] = .single(principal.principalArn)
        self["aws:PrincipalAccount"] = .single(principal.account)
        self["aws:PrincipalType"] = principal.principalType.map(Value.single)
        self["aws:username"] = principal.username.map(Value.single)
        self["aws:userid"] = principal.userID.map(Value.single)
        removeKeys(withLowercasedPrefix: "aws:principaltag/")
        for tag in principal.tags { self["aws:PrincipalTag/" + tag.key] = .single(tag.value) }
    }
}
