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
        let preparation = prepare(request, now: now)
        if preparation.isDecided { return preparation.evaluation }
        var evaluation = preparation.evaluation
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
    /// hits: a repeated hit (same identity, a method ARN the entry has judged) allocates nothing —
    /// the key holds the request's own token string and the answer is the evaluation the entry
    /// keeps.
    public func prepare(_ request: AuthorizerRequest, now: Double) -> Preparation {
        let httpAPI = httpAPI
        func deny(_ kind: AuthorizerDenial.Kind, _ reason: String, identityValues: [String] = []) -> Preparation {
            Self.denied(AuthorizerDenial(kind, httpAPI: httpAPI, reason: reason), identityValues: identityValues)
        }
        guard request.methodArn.utf8.count <= 1600 else {
            return deny(.uriTooLong, "the method ARN is \(request.methodArn.utf8.count) bytes; the limit is 1,600")
        }
        // A query string that does not decode strictly (`%FF`, `%G1`, `%+4`): 401 without
        // invoking and without a cache entry. A lossy reading would give two tokens one identity
        // value, and the REQUEST event could not carry it exactly. TOKEN events hold no query.
        if configuration.kind != .token, !request.rawQueryString.isEmpty, let problem = request.queryStringError {
            return deny(.unauthorized, "the query string is not strict percent-encoding: \(problem)")
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
            return deny(
                .unauthorized,
                "the token does not match identityValidationExpression",
                identityValues: single.map { [$0] } ?? values
            )
        }
        guard caching && (single != nil || !values.isEmpty) else {
            var evaluation = AuthorizerEvaluation()
            evaluation.identityValues = values
            return Preparation(evaluation, isDecided: false)
        }
        // The key holds the values; the evaluation reads them from it.
        let key =
            if let single {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValue: single)
            } else {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValues: values)
            }
        guard let hit = cache.lookup(key, methodArn: request.methodArn, now: now) else {
            var evaluation = AuthorizerEvaluation()
            evaluation.cacheKey = key
            return Preparation(evaluation, isDecided: false)
        }
        // A repeated hit: the evaluation finished for this method ARN, one reference.
        if let remembered = hit.evaluation { return Preparation(remembered, isDecided: true) }
        let outcome: AuthorizerResultCache.Judgement
        if let result = hit.result {
            outcome = Self.judge(result, request: request, httpAPI: httpAPI, now: now)
        } else {
            outcome = .failure(AuthorizerDenial(.configurationError, httpAPI: httpAPI, reason: "an empty cache entry"))
        }
        cache.remember(outcome, for: key, methodArn: request.methodArn, hit: hit)
        return Preparation(AuthorizerEvaluation(outcome: outcome, cacheKey: key, cacheHit: true), isDecided: true)
    }

    /// A decided refusal, out of line: the hit path stays small.
    @inline(never)
    private static func denied(_ denial: AuthorizerDenial, identityValues: [String]) -> Preparation {
        var evaluation = AuthorizerEvaluation()
        evaluation.identityValues = identityValues
        evaluation.outcome = .failure(denial)
        return Preparation(evaluation, isDecided: true)
    }

    /// What ``prepare(_:now:)`` found: a decision (a 401, or a cached result judged for this
    /// method), or the evaluation so far when the function must be called. A struct, not an
    /// enum with payloads: the evaluation is built in place in the result instead of being
    /// copied into an enum case on every cache hit.
    public struct Preparation: Sendable {
        public var evaluation: AuthorizerEvaluation
        /// `false` when the function must be called.
        public var isDecided: Bool

        public init(_ evaluation: AuthorizerEvaluation, isDecided: Bool) {
            self.evaluation = evaluation
            self.isDecided = isDecided
        }
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

/// A compiled regular expression shared across tasks (it is immutable once built).
final class RegexBox: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    func wholeMatch(in text: String) throws -> Regex<AnyRegexOutput>.Match? { try regex.wholeMatch(in: text) }
}
