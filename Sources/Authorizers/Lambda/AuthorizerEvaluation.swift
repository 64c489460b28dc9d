public import GatehouseCore

/// What happened, step by step — what `gatehouse authorizer test` prints, like API Gateway's
/// test-invoke-authorizer — and, in ``outcome``, what the gateway acts on.
///
/// One shared object, copied on write: the result cache keeps a finished evaluation for each
/// method ARN it has judged, so a repeated hit hands out one reference instead of assembling (and
/// copying, and destroying) a dozen fields on every request.
public struct AuthorizerEvaluation: Sendable {
    /// Mutated only while uniquely referenced (``update(_:)``), so sharing it is safe.
    /// `@unchecked Sendable` enforced by the type: the class is private to this struct, and
    /// its only writer, ``update(_:)``, copies it first unless `isKnownUniquelyReferenced` holds
    /// (copy on write, as `Array` does).
    private final class Storage: @unchecked Sendable {
        var outcome: Result<AuthorizerGrant, AuthorizerDenial>
        var cacheKey: AuthorizerResultCache.Key?
        var cacheHit: Bool
        var event: JSONValue?
        var response: [UInt8]?
        /// The values when there is no cache key to hold them.
        var uncachedIdentityValues: [String] = []

        init(outcome: Result<AuthorizerGrant, AuthorizerDenial>, cacheKey: AuthorizerResultCache.Key?, cacheHit: Bool) {
            self.outcome = outcome
            self.cacheKey = cacheKey
            self.cacheHit = cacheHit
        }

        func copy() -> Storage {
            let copy = Storage(outcome: outcome, cacheKey: cacheKey, cacheHit: cacheHit)
            copy.event = event
            copy.response = response
            copy.uncachedIdentityValues = uncachedIdentityValues
            return copy
        }
    }

    private var storage: Storage

    /// Not evaluated yet (a 500 if handed out as it is).
    public init() {
        self.init(
            outcome: .failure(AuthorizerDenial(.configurationError, reason: "not evaluated")),
            cacheKey: nil,
            cacheHit: false
        )
    }

    public init(
        outcome: Result<AuthorizerGrant, AuthorizerDenial>,
        cacheKey: AuthorizerResultCache.Key?,
        cacheHit: Bool
    ) {
        storage = Storage(outcome: outcome, cacheKey: cacheKey, cacheHit: cacheHit)
    }

    private mutating func update(_ change: (Storage) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        change(storage)
    }

    /// The grant, or the denial with AWS's status and body.
    public var outcome: Result<AuthorizerGrant, AuthorizerDenial> {
        get { storage.outcome }
        set { update { $0.outcome = newValue } }
    }

    /// The identity sources' values, in configuration order.
    public var identityValues: [String] {
        get { storage.cacheKey?.identityValues ?? storage.uncachedIdentityValues }
        set {
            update { storage in
                if let key = storage.cacheKey {
                    storage.cacheKey = AuthorizerResultCache.Key(
                        authorizer: key.authorizer,
                        stage: key.stage,
                        identityValues: newValue
                    )
                } else {
                    storage.uncachedIdentityValues = newValue
                }
            }
        }
    }

    /// The result-cache key (`nil` when caching is off); ``AuthorizerResultCache/Key/text`` is
    /// its readable form.
    public var cacheKey: AuthorizerResultCache.Key? {
        get { storage.cacheKey }
        set { update { $0.cacheKey = newValue } }
    }

    /// Whether the answer came from the result cache (the function was not called).
    public var cacheHit: Bool {
        get { storage.cacheHit }
        set { update { $0.cacheHit = newValue } }
    }

    /// The event sent; `nil` when the function was not called.
    public var event: JSONValue? {
        get { storage.event }
        set { update { $0.event = newValue } }
    }

    /// The function's raw response.
    public var response: [UInt8]? {
        get { storage.response }
        set { update { $0.response = newValue } }
    }
}

extension AuthorizerEvaluation: CustomStringConvertible {
    /// Identity values are tokens: only their count and lengths print (so does the cache key,
    /// which contains them).
    public var description: String {
        let outcome: String
        switch self.outcome {
        case .success(let grant): outcome = "Allow principalId \(grant.principalId ?? "-")"
        case .failure(let denial): outcome = denial.description
        }
        let identity = identityValues.map { "<redacted \($0.utf8.count) bytes>" }.joined(separator: ", ")
        return
            "AuthorizerEvaluation(\(outcome); identity [\(identity)]; cache \(cacheHit ? "hit" : cacheKey == nil ? "off" : "miss"))"
    }
}
