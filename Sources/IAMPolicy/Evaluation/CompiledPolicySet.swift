/// A caller's policies (and optionally a resource policy) compiled once into an immutable,
/// indexed set (reference/iam.md §9) — what the gateway keeps per principal and evaluates per
/// request. Building it parses nothing; evaluating it allocates only for the decision record.
///
/// ```swift
/// let set = CompiledPolicySet(IdentityPolicySet(identity: [NamedPolicy(name: "invoke", document: doc)]))
/// let decision = set.evaluate(AuthorizationRequest(action: "execute-api:Invoke", resource: arn))
/// ```
public struct CompiledPolicySet: Sendable {
    /// `@safe`: ``unretained`` holds the same objects as ``statements``, both immutable, so every
    /// unretained reference lives as long as the storage.
    @safe private final class Storage: Sendable {
        let statements: [CompiledStatement]
        /// The same statements unretained (``statements`` keeps them alive): the evaluation loop
        /// reaches each candidate without a reference-count round trip.
        let unretained: [Unmanaged<CompiledStatement>]
        let index: ActionIndex
        let hasBoundary: Bool
        let hasSession: Bool
        let hasServiceControl: Bool
        let readsContext: Bool

        init(statements: [CompiledStatement], hasBoundary: Bool, hasSession: Bool, hasServiceControl: Bool) {
            self.statements = statements
            unsafe self.unretained = unsafe statements.map { unsafe Unmanaged.passUnretained($0) }
            self.readsContext = statements.contains { statement in
                !statement.conditions.isEmpty
                    || statement.resources.contains { if case .template = $0 { return true } else { return false } }
            }
            self.index = ActionIndex(statements)
            self.hasBoundary = hasBoundary
            self.hasSession = hasSession
            self.hasServiceControl = hasServiceControl
        }
    }

    private let storage: Storage

    /// Compiles the caller's layers and an optional resource-based policy.
    public init(_ policies: IdentityPolicySet, resourcePolicy: NamedPolicy? = nil) {
        var layers: [(PolicyLayer, [NamedPolicy])] = [(.identity, policies.identity)]
        if let boundary = policies.permissionsBoundary { layers.append((.permissionsBoundary, [boundary])) }
        if let session = policies.sessionPolicy { layers.append((.session, [session])) }
        layers.append((.serviceControl, policies.serviceControlPolicies))
        layers.append((.resourceControl, policies.resourceControlPolicies))
        if let resourcePolicy { layers.append((.resource, [resourcePolicy])) }

        var statements: [CompiledStatement] = []
        for (layer, list) in layers {
            for (policyIndex, policy) in list.enumerated() {
                let policyName = policy.name.isEmpty ? String(policyIndex) : policy.name
                for (statementIndex, statement) in policy.document.statements.enumerated() {
                    let reference = StatementReference(
                        layer: layer,
                        policy: policyName,
                        statement: statement.sid ?? String(statementIndex)
                    )
                    statements.append(
                        CompiledStatement(statement, reference: reference, version: policy.document.effectiveVersion)
                    )
                }
            }
        }
        storage = Storage(
            statements: statements,
            hasBoundary: policies.permissionsBoundary != nil,
            hasSession: policies.sessionPolicy != nil,
            hasServiceControl: !policies.serviceControlPolicies.isEmpty
        )
    }

    /// A set over statements compiled before (``init(_:addingResourcePolicyOf:)``).
    init(statements: [CompiledStatement], hasBoundary: Bool, hasSession: Bool, hasServiceControl: Bool) {
        storage = Storage(
            statements: statements,
            hasBoundary: hasBoundary,
            hasSession: hasSession,
            hasServiceControl: hasServiceControl
        )
    }

    /// Whether the caller's layers include a session policy.
    var hasSessionPolicy: Bool { storage.hasSession }

    /// Whether the caller's layers include SCPs.
    var hasServiceControlPolicies: Bool { storage.hasServiceControl }

    /// The shared storage's identity.
    var storageObjectIdentifier: ObjectIdentifier { ObjectIdentifier(storage) }

    /// How many statements the set holds.
    public var statementCount: Int { storage.statements.count }

    /// Whether any statement has a condition or a variable-bearing resource — that is, whether a
    /// decision can depend on the request context at all. Callers skip building one when not.
    public var readsContext: Bool { storage.readsContext }

    var statements: [CompiledStatement] { storage.statements }

    /// Whether the caller has a permissions boundary (a `NotPrincipal` Deny then always applies).
    var hasBoundary: Bool { storage.hasBoundary }

    /// Decides a request (reference/iam.md §2): explicit deny in any policy wins; then, within one
    /// account, (identity ∩ boundary ∩ session) ∪ resource-policy grant, ∩ SCPs; across accounts,
    /// both the resource policy and the caller's own layers must allow.
    ///
    /// - Parameters:
    ///   - caller: who calls; `nil` for identity-side evaluation of a named, non-federated caller.
    ///   - resourceAccount: the account owning the resource; `nil` means the caller's own account.
    public func evaluate(
        _ request: AuthorizationRequest,
        caller: Caller? = nil,
        resourceAccount: String? = nil
    ) -> Decision {
        let sameAccount = resourceAccount == nil || caller == nil || caller?.account == resourceAccount
        return evaluate(request, caller: caller, sameAccount: sameAccount)
    }

    /// Decides a request whose resource is known to be in the caller's account or not (§2.3 vs
    /// §2.4), for callers that know the relationship rather than the owning account.
    public func evaluate(_ request: AuthorizationRequest, caller: Caller?, sameAccount: Bool) -> Decision {
        var action = request.action
        var resource = request.resource
        let decision = action.withUTF8 { bytes -> Decision? in
            // Non-ASCII actions are lowercased the Unicode way first (below); ASCII is folded as read.
            guard unsafe Self.isASCII(bytes) else { return nil }
            return resource.withUTF8 { resourceBytes in
                unsafe decide(
                    request,
                    action: bytes,
                    resource: resourceBytes,
                    foldASCII: true,
                    caller: caller,
                    sameAccount: sameAccount
                )
            }
        }
        if let decision { return decision }
        var lowercased = action.lowercased()
        return lowercased.withUTF8 { bytes in
            resource.withUTF8 { resourceBytes in
                unsafe decide(
                    request,
                    action: bytes,
                    resource: resourceBytes,
                    foldASCII: false,
                    caller: caller,
                    sameAccount: sameAccount
                )
            }
        }
    }

    /// Eight bytes at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = unsafe UnsafeRawPointer(base)
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            unsafe seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            unsafe seen |= UInt64(bytes[index])
            index += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    private func decide(
        _ request: AuthorizationRequest,
        action: UnsafeBufferPointer<UInt8>,
        resource: UnsafeBufferPointer<UInt8>,
        foldASCII: Bool,
        caller: Caller?,
        sameAccount: Bool
    ) -> Decision {
        let storage = self.storage
        let index = storage.index
        let (exact, service) = unsafe index.candidates(for: action, foldASCII: foldASCII)
        let always = index.always

        var tally = Tally()
        unsafe storage.unretained.withUnsafeBufferPointer { statements in
            unsafe index.lists.withUnsafeBufferPointer { lists in
                // A three-way merge of ascending lists: each candidate once, in statement order.
                var e = exact.lowerBound
                var s = service.lowerBound
                var a = always.lowerBound
                while true {
                    let next = unsafe min(
                        e < exact.upperBound ? lists[e] : .max,
                        s < service.upperBound ? lists[s] : .max,
                        a < always.upperBound ? lists[a] : .max
                    )
                    guard next != .max else { break }
                    let fromExact = unsafe e < exact.upperBound && lists[e] == next
                    if fromExact { e += 1 }
                    if unsafe s < service.upperBound && lists[s] == next { s += 1 }
                    if unsafe a < always.upperBound && lists[a] == next { a += 1 }
                    let verdict = unsafe statements[Int(next)]._withUnsafeGuaranteedRef { statement in
                        unsafe Self.consider(
                            statement,
                            request,
                            action: action,
                            resource: resource,
                            checkAction: !fromExact,
                            foldASCII: foldASCII,
                            caller: caller,
                            callerHasBoundary: storage.hasBoundary
                        )
                    }
                    switch verdict {
                    case .skip: continue
                    case .deny: tally.denies.append(next)
                    case .allow: tally.allows.append(next)
                    case .grant(let match): tally.grants.append((next, match))
                    case .unevaluable(let reason, let deny):
                        tally.diagnostics.append(reason)
                        if deny { tally.denies.append(next) }
                    }
                }
            }
        }
        if let caller, !caller.reaches(resource: request.resource), tally.denies.isEmpty {
            return Decision(
                outcome: .implicitDeny,
                matchedStatements: [],
                diagnostics: tally.diagnostics + [Self.otherPartition(caller)]
            )
        }
        return combine(tally, caller: caller, sameAccount: sameAccount)
    }

    /// Why a request for a resource in another partition than the caller's is refused.
    static func otherPartition(_ caller: Caller) -> String {
        "a caller in partition `\(caller.partition)` cannot reach a resource in another partition"
    }

    /// What one candidate statement says about a request.
    private enum Verdict {
        case skip
        case deny
        case allow
        case grant(PrincipalMatch)
        case unevaluable(String, deny: Bool)
    }

    private static func consider(
        _ statement: CompiledStatement,
        _ request: AuthorizationRequest,
        action: UnsafeBufferPointer<UInt8>,
        resource: UnsafeBufferPointer<UInt8>,
        checkAction: Bool,
        foldASCII: Bool,
        caller: Caller?,
        callerHasBoundary: Bool
    ) -> Verdict {
        if unsafe checkAction && !statement.actionMatches(action, foldASCII: foldASCII) { return .skip }
        var principalMatch: PrincipalMatch? = nil
        if statement.layer == .resource {
            guard let element = statement.principal,
                let match = PrincipalMatch.match(
                    element,
                    caller: caller ?? .anonymous,
                    effect: statement.effect,
                    callerHasBoundary: callerHasBoundary
                )
            else { return .skip }
            principalMatch = match
        }
        switch unsafe statement.appliesToResource(request, resource: resource) {
        case .no:
            return .skip
        case .yes:
            if statement.effect == .deny { return .deny }
            if let principalMatch { return .grant(principalMatch) }
            return .allow
        case .unevaluable(let reason):
            return .unevaluable(
                "\(statement.reference) could not be evaluated: \(reason)",
                deny: statement.effect == .deny
            )
        }
    }

    /// What the statements said, before the layers are combined.
    private struct Tally {
        var denies: [Int32] = []
        /// Allows from the caller's layers, ascending (so by layer); inline up to four, so a
        /// typical decision allocates nothing here.
        var allows = SmallIDs()
        /// Resource-policy Allows with how their principal named the caller.
        var grants: [(Int32, PrincipalMatch)] = []
        var diagnostics: [String] = []
    }

    /// Statement ids, the first four inline.
    struct SmallIDs: Sequence {
        private var inline: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        private var overflow: [Int32] = []
        private(set) var count = 0

        var isEmpty: Bool { count == 0 }

        mutating func append(_ id: Int32) {
            switch count {
            case 0: inline.0 = id
            case 1: inline.1 = id
            case 2: inline.2 = id
            case 3: inline.3 = id
            default: overflow.append(id)
            }
            count += 1
        }

        func makeIterator() -> Iterator { Iterator(ids: self) }

        struct Iterator: IteratorProtocol {
            let ids: SmallIDs
            var position = 0

            mutating func next() -> Int32? {
                guard position < ids.count else { return nil }
                defer { position += 1 }
                switch position {
                case 0: return ids.inline.0
                case 1: return ids.inline.1
                case 2: return ids.inline.2
                case 3: return ids.inline.3
                default: return ids.overflow[position - 4]
                }
            }
        }

        var array: [Int32] { Array(self) }
    }

    private func combine(_ tally: Tally, caller: Caller?, sameAccount: Bool) -> Decision {
        let statements = storage.statements
        func references(_ ids: [Int32]) -> [StatementReference] {
            ids.count == 1 ? statements[Int(ids[0])].referenceList : ids.map { statements[Int($0)].reference }
        }
        func refused(_ reason: String) -> Decision {
            Decision(outcome: .implicitDeny, matchedStatements: [], diagnostics: tally.diagnostics + [reason])
        }
        func allowed(_ ids: [Int32]) -> Decision {
            Decision(outcome: .allow, matchedStatements: references(ids), diagnostics: tally.diagnostics)
        }

        if !tally.denies.isEmpty {
            return Decision(
                outcome: .explicitDeny,
                matchedStatements: references(tally.denies),
                diagnostics: tally.diagnostics
            )
        }

        // Anonymous callers have no layers of their own: only a grant to `*` admits them.
        if caller?.kind == .anonymous {
            let open = tally.grants.filter { $0.1 == .anyone }.map(\.0)
            return open.isEmpty ? refused("an anonymous caller needs a resource-policy Allow for `*`") : allowed(open)
        }

        // The caller's own layers: which of them have an applicable Allow.
        var layersAllowing: UInt8 = 0
        for id in tally.allows { layersAllowing |= statements[Int(id)].layer.bit }
        func allowing(_ layer: PolicyLayer) -> Bool { layersAllowing & layer.bit != 0 }
        let boundaryOK = !storage.hasBoundary || allowing(.permissionsBoundary)
        let sessionOK: Bool
        if storage.hasSession {
            sessionOK = allowing(.session)
        } else {
            // A federated-user session without a session policy has no permissions (§2.2 step 7).
            sessionOK = caller?.kind != .federatedUser
        }
        // The account root user has implicit full access in its own account: its identity side
        // allows without a policy (AWS: "the root user … has complete access"); explicit denies,
        // SCPs, and — across accounts — the resource policy still apply (§2.2, §2.4).
        let rootImplicit = caller?.kind == .accountRoot
        let identityAllows = allowing(.identity) || rootImplicit
        let identityOK = identityAllows && boundaryOK && sessionOK
        let scpOK = !storage.hasServiceControl || allowing(.serviceControl)
        guard scpOK else { return refused("no applicable Allow in the scp layer") }
        let missing = Self.missingLayer(identity: !identityAllows, boundaryOK: boundaryOK, sessionOK: sessionOK)

        // Allows are ascending, so identity's come first, then boundary, session and SCP ones.
        if sameAccount {
            if identityOK && rootImplicit && !allowing(.identity) {
                return Decision(
                    outcome: .allow,
                    matchedStatements: references(tally.allows.array),
                    diagnostics: tally.diagnostics + [Self.rootImplicitAllow]
                )
            }
            if identityOK {
                if tally.allows.count == 1, let id = tally.allows.first(where: { _ in true }) {
                    return Decision(
                        outcome: .allow,
                        matchedStatements: statements[Int(id)].referenceList,
                        diagnostics: tally.diagnostics
                    )
                }
                var matched: [StatementReference] = []
                matched.reserveCapacity(tally.allows.count)
                for id in tally.allows { matched.append(statements[Int(id)].reference) }
                return Decision(outcome: .allow, matchedStatements: matched, diagnostics: tally.diagnostics)
            }
            // §2.3: which grants stand without the identity layer, and which the boundary and
            // session policy still limit.
            let standing = tally.grants.filter { _, match in
                switch match {
                case .anyone, .exactIdentity: return true
                case .role, .federatingUser: return boundaryOK && sessionOK
                case .account: return false
                }
            }
            if !standing.isEmpty {
                return allowed(tally.allows.array.filter { statements[Int($0)].layer != .identity } + standing.map(\.0))
            }
            return refused(missing)
        }
        // §2.4: across accounts both sides must allow.
        guard !tally.grants.isEmpty else {
            return refused("a cross-account request needs a resource-policy Allow naming the caller")
        }
        guard identityOK else { return refused(missing) }
        return allowed(tally.allows.array + tally.grants.map(\.0))
    }

    /// The note on an Allow that rests on the root user's implicit access.
    static let rootImplicitAllow =
        "the account root user has implicit full access in its own account (no identity policy needed)"

    private static func missingLayer(identity missing: Bool, boundaryOK: Bool, sessionOK: Bool) -> String {
        if missing { return "no applicable Allow in the identity layer" }
        if !boundaryOK { return "no applicable Allow in the boundary layer" }
        if !sessionOK { return "no applicable Allow in the session layer" }
        return "no applicable Allow"
    }
}

extension PolicyLayer {
    /// One bit per layer, for allocation-free sets of layers.
    var bit: UInt8 {
        switch self {
        case .identity: return 1
        case .permissionsBoundary: return 2
        case .session: return 4
        case .serviceControl: return 8
        case .resourceControl: return 16
        case .resource: return 32
        }
    }
}
