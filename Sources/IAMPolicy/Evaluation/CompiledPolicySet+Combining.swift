extension CompiledPolicySet {
    /// A caller's compiled set with the resource-based statements of `resource` added: the one
    /// set the evaluator needs to combine a caller's layers with an API's resource policy
    /// (reference/iam.md §2.3, §2.4), built from already compiled statements — nothing is parsed
    /// or compiled again, only the action index is rebuilt.
    ///
    /// `caller`'s own resource-layer statements are kept; of `resource`, only its resource-layer
    /// statements are taken (a resource policy compiled with an empty identity set has no other).
    /// The boundary, session and SCP flags are the caller's.
    package init(_ caller: CompiledPolicySet, addingResourcePolicyOf resource: CompiledPolicySet) {
        let added = resource.statements.filter { $0.layer == .resource }
        self.init(
            statements: caller.statements + added,
            hasBoundary: caller.hasBoundary,
            hasSession: caller.hasSessionPolicy,
            hasServiceControl: caller.hasServiceControlPolicies
        )
    }

    /// Whether two sets are the same compiled object (copies of one set), for callers that key
    /// a cache of combined sets by the sets they combine.
    package func isSameSet(as other: CompiledPolicySet) -> Bool { storageIdentity == other.storageIdentity }

    /// The identity of the shared storage: stable for as long as any copy of this set lives.
    package var storageIdentity: ObjectIdentifier { storageObjectIdentifier }
}
