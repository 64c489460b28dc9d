public import IAMPolicy

/// A Lambda authorizer as API Gateway runs it: identity sources and the validation regex first
/// (401 without calling the function), then the result cache, then the function, its response
/// validated and its policy judged against the method ARN; every failure maps to AWS's status
/// and body, and nothing but a valid response is cached.
///
/// ```swift
/// let authorizer = LambdaAuthorizer(configuration: configuration, function: LocalCommandFunction(arguments: ["python3", "auth.py"]))
/// let evaluation = await authorizer.authorize(request, now: now)
/// switch evaluation.outcome {
/// case .success(let grant): print(grant.principalId ?? "")
/// case .failure(let denial): print(denial.status, denial.body)
/// }
/// ```
public struct LambdaAuthorizer: Sendable {
    public let configuration: LambdaAuthorizerConfiguration
    public let function: any AuthorizerFunction
    public let cache: AuthorizerResultCache
    /// How long the function may take (HTTP APIs: 10 s).
    public var timeout: Duration
    /// The validation expression, compiled once.
    private let validation: RegexBox?

    public init(
        configuration: LambdaAuthorizerConfiguration,
        function: any AuthorizerFunction,
        cache: AuthorizerResultCache = AuthorizerResultCache(),
        timeout: Duration = .seconds(10)
    ) {
        self.configuration = configuration
        self.function = function
        self.cache = cache
        self.timeout = timeout
        self.validation = configuration.validationExpression.flatMap { try? RegexBox(Regex($0)) }
    }

    private var httpAPI: Bool {
        if case .httpAPI = configuration.kind { return true }
        return false
    }

    public func authorize(_ request: AuthorizerRequest, now: Double) async -> AuthorizerEvaluation {
        var evaluation: AuthorizerEvaluation
        switch prepare(request, now: now) {
        case .decided(let decided): return decided
        case .invoke(let pending): evaluation = pending
        }
        let values = evaluation.identityValues
        let key = evaluation.cacheKey
        func deny(_ kind: AuthorizerDenial.Kind, _ reason: String) -> AuthorizerEvaluation {
            evaluation.outcome = .failure(AuthorizerDenial(kind, httpAPI: httpAPI, reason: reason))
            return evaluation
        }
        let event = AuthorizerEvent.make(configuration, request: request, identityValues: values)
        evaluation.event = event
        let response: [UInt8]
        do {
            response = try await function.invoke(event.bytes, timeout: timeout)
        } catch {
            if case .raised(let message) = error, message == "Unauthorized" {
                return deny(.unauthorized, "the function failed with Unauthorized")
            }
            return deny(.configurationError, error.description)
        }
        evaluation.response = response
        let result: AuthorizerResult
        do {
            result = try AuthorizerResult.parse(response, configuration: configuration)
        } catch {
            evaluation.outcome = .failure(error)
            return evaluation
        }
        if let key { cache.store(result, for: key, ttlSeconds: configuration.resultTTLSeconds, now: now) }
        return Self.finish(&evaluation, result, request: request, httpAPI: httpAPI, now: now)
    }

    /// The synchronous part of ``authorize(_:now:)``: identity sources, the validation regex and
    /// the result cache. Either a decision (a 401, or a cached result judged for this method) or
    /// the evaluation so far, when the function must be called. The gateway's hot path for cache
    /// hits; no allocation beyond the key and the decision.
    public func prepare(_ request: AuthorizerRequest, now: Double) -> Preparation {
        var evaluation = AuthorizerEvaluation()
        func deny(_ kind: AuthorizerDenial.Kind, _ reason: String) -> Preparation {
            evaluation.outcome = .failure(AuthorizerDenial(kind, httpAPI: httpAPI, reason: reason))
            return .decided(evaluation)
        }
        guard request.methodArn.utf8.count <= 1600 else {
            return deny(.uriTooLong, "the method ARN is \(request.methodArn.utf8.count) bytes; the limit is 1,600")
        }
        // Identity sources: missing or empty → 401 without invoking, except a REQUEST authorizer
        // with caching off, whose sources are optional. The usual single source needs no list.
        let sources = configuration.identitySources
        let caching = configuration.resultTTLSeconds > 0
        var single: String? = nil
        var values: [String] = []
        for index in sources.indices {
            if let value = sources[index].value(in: request) {
                if sources.count == 1 { single = value } else { values.append(value) }
            } else if configuration.kind == .request && !caching {
                continue
            } else {
                return deny(.unauthorized, "identity source \(sources[index]) is missing or empty")
            }
        }
        if let single, !caching { values = [single] }
        if configuration.kind == .token, let regex = validation,
            (try? regex.wholeMatch(in: single ?? values.first ?? "")) == nil
        {
            evaluation.identityValues = single.map { [$0] } ?? values
            return deny(.unauthorized, "the token does not match identityValidationExpression")
        }
        guard caching && (single != nil || !values.isEmpty) else {
            evaluation.identityValues = values
            return .invoke(evaluation)
        }
        // The key holds the values; the evaluation reads them from it.
        let key =
            if let single {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValue: single)
            } else {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValues: values)
            }
        evaluation.cacheKey = key
        guard let hit = cache.lookup(key, methodArn: request.methodArn, now: now) else { return .invoke(evaluation) }
        evaluation.cacheHit = true
        if let judgement = hit.judgement {
            evaluation.outcome = judgement
        } else if let result = hit.result {
            let judgement = Self.judge(result, request: request, httpAPI: httpAPI, now: now)
            cache.remember(judgement, for: key, methodArn: request.methodArn, hit: hit)
            evaluation.outcome = judgement
        }
        return .decided(evaluation)
    }

    /// What ``prepare(_:now:)`` found.
    public enum Preparation: Sendable {
        case decided(AuthorizerEvaluation)
        case invoke(AuthorizerEvaluation)
    }

    private static func finish(
        _ evaluation: inout AuthorizerEvaluation,
        _ result: AuthorizerResult,
        request: AuthorizerRequest,
        httpAPI: Bool,
        now: Double
    ) -> AuthorizerEvaluation {
        evaluation.outcome = judge(result, request: request, httpAPI: httpAPI, now: now)
        return evaluation
    }

    /// A result judged for the request's method: its grant, or the denial.
    private static func judge(
        _ result: AuthorizerResult,
        request: AuthorizerRequest,
        httpAPI: Bool,
        now: Double
    ) -> AuthorizerResultCache.Judgement {
        // Only a policy that reads the context gets one (built per request, so not for nothing).
        let context = result.policy?.readsContext == true ? request.policyContext(now: now) : RequestContext()
        return result.judge(methodArn: request.methodArn, httpAPI: httpAPI, context: context).map { decision in
            AuthorizerGrant(
                principalId: result.principalId,
                context: result.context,
                usageIdentifierKey: result.usageIdentifierKey,
                decision: decision
            )
        }
    }
}

/// An Allow: who, the context for the backend, the API key for usage plans, and the decision.
///
/// The fields live in one shared object (copied on write), so handing out a cached grant — what
/// every result-cache hit does — costs one reference count, not one per field.
public struct AuthorizerGrant: Sendable {
    private final class Storage: Sendable {
        let principalId: String?
        let context: [(String, JSON)]
        let usageIdentifierKey: String?
        let decision: Decision?

        init(principalId: String?, context: [(String, JSON)], usageIdentifierKey: String?, decision: Decision?) {
            self.principalId = principalId
            self.context = context
            self.usageIdentifierKey = usageIdentifierKey
            self.decision = decision
        }
    }

    private var storage: Storage

    public init(
        principalId: String?,
        context: [(String, JSON)] = [],
        usageIdentifierKey: String? = nil,
        decision: Decision?
    ) {
        storage = Storage(
            principalId: principalId,
            context: context,
            usageIdentifierKey: usageIdentifierKey,
            decision: decision
        )
    }

    public var principalId: String? {
        get { storage.principalId }
        set {
            storage = Storage(
                principalId: newValue,
                context: context,
                usageIdentifierKey: usageIdentifierKey,
                decision: decision
            )
        }
    }

    /// `context` for the backend (on REST, values reach it as strings).
    public var context: [(String, JSON)] {
        get { storage.context }
        set {
            storage = Storage(
                principalId: principalId,
                context: newValue,
                usageIdentifierKey: usageIdentifierKey,
                decision: decision
            )
        }
    }

    /// `usageIdentifierKey`: the API key for usage plans when the key source is `AUTHORIZER`.
    public var usageIdentifierKey: String? {
        get { storage.usageIdentifierKey }
        set {
            storage = Storage(
                principalId: principalId,
                context: context,
                usageIdentifierKey: newValue,
                decision: decision
            )
        }
    }

    /// The policy decision (with the statements that allowed); `nil` for simple responses.
    public var decision: Decision? {
        get { storage.decision }
        set {
            storage = Storage(
                principalId: principalId,
                context: context,
                usageIdentifierKey: usageIdentifierKey,
                decision: newValue
            )
        }
    }
}

/// What happened, step by step — what `gatehouse authorizer test` prints, like API Gateway's
/// test-invoke-authorizer.
public struct AuthorizerEvaluation: Sendable {
    public var outcome: Result<AuthorizerGrant, AuthorizerDenial> = .failure(
        AuthorizerDenial(.configurationError, reason: "not evaluated")
    )
    /// The identity sources' values, in configuration order.
    public var identityValues: [String] {
        get { cacheKey?.identityValues ?? uncachedIdentityValues }
        set {
            if let key = cacheKey {
                cacheKey = AuthorizerResultCache.Key(
                    authorizer: key.authorizer,
                    stage: key.stage,
                    identityValues: newValue
                )
            } else {
                uncachedIdentityValues = newValue
            }
        }
    }
    /// The values when there is no cache key to hold them.
    private var uncachedIdentityValues: [String] = []
    /// The result-cache key (`nil` when caching is off); ``AuthorizerResultCache/Key/text`` is
    /// its readable form.
    public var cacheKey: AuthorizerResultCache.Key?
    public var cacheHit = false
    /// The event sent; `nil` when the function was not called.
    public var event: JSON?
    /// The function's raw response.
    public var response: [UInt8]?
}

/// A compiled regular expression shared across tasks (it is immutable once built).
final class RegexBox: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    func wholeMatch(in text: String) throws -> Regex<AnyRegexOutput>.Match? { try regex.wholeMatch(in: text) }
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
