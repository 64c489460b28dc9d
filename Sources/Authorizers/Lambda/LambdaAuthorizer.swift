public import GatehouseCore
import HTTPTypes
import IAMPolicy

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
    /// Each identity source's header name, made once (`nil` for other sources).
    private let fieldNames: [HTTPField.Name?]

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
        self.fieldNames = configuration.identitySources.map(\.fieldName)
    }

    private var httpAPI: Bool {
        if case .httpAPI = configuration.kind { return true }
        return false
    }

    /// Identity sources, the regex and the cache (``prepare(_:now:)``), then — only on a miss —
    /// the function (``invoke(_:now:)``): each step runs once per request.
    ///
    /// `now` is the clock read once at the edge of the request: its wall time is the policy's
    /// `aws:CurrentTime`/`aws:EpochTime`, its monotonic time dates the result cache's entries.
    public func authorize(_ request: AuthorizerRequest, now: ClockReading) async -> AuthorizerEvaluation {
        switch prepare(request, now: now) {
        case .decided(let evaluation): return evaluation
        case .pending(let pending): return await invoke(pending, now: now)
        }
    }

    /// Calls the function for a request ``prepare(_:now:)`` left pending, with the identity
    /// values and cache key it read (nothing is read from the request again), stores a valid
    /// result under that key and judges it for the request's method ARN.
    ///
    /// `pending` must come from this authorizer's `prepare`.
    public func invoke(_ pending: PendingInvocation, now: ClockReading) async -> AuthorizerEvaluation {
        let request = pending.request
        var evaluation = AuthorizerEvaluation()
        if let key = pending.cacheKey {
            evaluation.cacheKey = key
        } else {
            evaluation.identityValues = pending.identityValues
        }
        func deny(_ kind: AuthorizerDenial.Kind, _ reason: String) -> AuthorizerEvaluation {
            evaluation.outcome = .failure(AuthorizerDenial(kind, httpAPI: httpAPI, reason: reason))
            return evaluation
        }
        let event = AuthorizerEvent.make(configuration, request: request, identityValues: pending.identityValues)
        evaluation.event = event
        let response: [UInt8]
        do {
            response = try await function.invoke(event.serializedBytes, timeout: timeout)
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
        if let key = pending.cacheKey {
            cache.store(result, for: key, ttlSeconds: configuration.resultTTLSeconds, now: now.monotonic)
        }
        return Self.finish(&evaluation, result, request: request, httpAPI: httpAPI, now: now.wall)
    }

    /// The synchronous part of ``authorize(_:now:)``: identity sources, the validation regex and
    /// the result cache. Either a decision (a 401, or a cached result judged for this method) or
    /// the pending invocation, which carries what ``invoke(_:now:)`` needs so a miss is not
    /// prepared twice. The gateway's hot path for cache hits: a repeated hit (same identity, a
    /// method ARN the entry has judged) allocates nothing — the key holds the request's own token
    /// string and the answer is the evaluation the entry keeps.
    public func prepare(_ request: AuthorizerRequest, now: ClockReading) -> Preparation {
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
        // The decoding is the request's one: identity sources and the event read it too.
        if configuration.kind != .token, let problem = request.queryStringError {
            return deny(.unauthorized, "the query string is not strict percent-encoding: \(problem)")
        }
        // Identity sources: missing or empty → 401 without invoking, except a REQUEST authorizer
        // with caching off, whose sources are optional. The usual single source needs no list.
        let sources = configuration.identitySources
        let caching = configuration.resultTTLSeconds > 0
        var single: String? = nil
        var values: [String] = []
        for index in sources.indices {
            if let value = sources[index].value(in: request, fieldName: fieldNames[index]) {
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
            return .pending(PendingInvocation(request: request, identityValues: values, cacheKey: nil))
        }
        // The key holds the values; the evaluation reads them from it.
        let key =
            if let single {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValue: single)
            } else {
                AuthorizerResultCache.Key(authorizer: configuration.name, stage: request.stage, identityValues: values)
            }
        guard let hit = cache.lookup(key, methodArn: request.methodArn, now: now.monotonic) else {
            return .pending(
                PendingInvocation(request: request, identityValues: single.map { [$0] } ?? values, cacheKey: key)
            )
        }
        // A repeated hit: the evaluation finished for this method ARN, one reference.
        if let remembered = hit.evaluation { return .decided(remembered) }
        let outcome: AuthorizerResultCache.Judgement
        if let result = hit.result {
            outcome = Self.judge(result, request: request, httpAPI: httpAPI, now: now.wall)
        } else {
            outcome = .failure(AuthorizerDenial(.configurationError, httpAPI: httpAPI, reason: "an empty cache entry"))
        }
        cache.remember(outcome, for: key, methodArn: request.methodArn, hit: hit)
        return .decided(AuthorizerEvaluation(outcome: outcome, cacheKey: key, cacheHit: true))
    }

    /// A decided refusal, out of line: the hit path stays small.
    @inline(never)
    private static func denied(_ denial: AuthorizerDenial, identityValues: [String]) -> Preparation {
        var evaluation = AuthorizerEvaluation()
        evaluation.identityValues = identityValues
        evaluation.outcome = .failure(denial)
        return .decided(evaluation)
    }

    /// What ``prepare(_:now:)`` found: a decision, or the invocation still to make.
    ///
    /// Both payloads are one reference, so the enum is one word: a cache hit returns the
    /// evaluation the entry keeps, nothing is copied.
    public enum Preparation: Sendable {
        /// A 401 or 414 before the function, or a cached result judged for this method.
        case decided(AuthorizerEvaluation)
        /// A miss (or caching off): ``invoke(_:now:)`` calls the function.
        case pending(PendingInvocation)

        /// The result-cache key, decided or pending (`nil` when caching is off or the request
        /// was refused before one was made).
        public var cacheKey: AuthorizerResultCache.Key? {
            switch self {
            case .decided(let evaluation): return evaluation.cacheKey
            case .pending(let pending): return pending.cacheKey
            }
        }
    }

    /// A request that passed identity sources and the regex and missed the cache: what
    /// ``invoke(_:now:)`` needs to build the event, call the function and store the result.
    public struct PendingInvocation: Sendable {
        private final class Storage: Sendable {
            let request: AuthorizerRequest
            let identityValues: [String]
            let cacheKey: AuthorizerResultCache.Key?

            init(request: AuthorizerRequest, identityValues: [String], cacheKey: AuthorizerResultCache.Key?) {
                self.request = request
                self.identityValues = identityValues
                self.cacheKey = cacheKey
            }
        }

        private let storage: Storage

        init(request: AuthorizerRequest, identityValues: [String], cacheKey: AuthorizerResultCache.Key?) {
            storage = Storage(request: request, identityValues: identityValues, cacheKey: cacheKey)
        }

        /// The request, as prepared.
        public var request: AuthorizerRequest { storage.request }
        /// The identity sources' values, in configuration order (what the event carries).
        public var identityValues: [String] { storage.identityValues }
        /// Where the result will be stored; `nil` when caching is off.
        public var cacheKey: AuthorizerResultCache.Key? { storage.cacheKey }
    }

    private static func finish(
        _ evaluation: inout AuthorizerEvaluation,
        _ result: AuthorizerResult,
        request: AuthorizerRequest,
        httpAPI: Bool,
        now: Timestamp
    ) -> AuthorizerEvaluation {
        evaluation.outcome = judge(result, request: request, httpAPI: httpAPI, now: now)
        return evaluation
    }

    /// A result judged for the request's method: its grant, or the denial.
    private static func judge(
        _ result: AuthorizerResult,
        request: AuthorizerRequest,
        httpAPI: Bool,
        now: Timestamp
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

/// A compiled regular expression shared across tasks (it is immutable once built).
///
/// `@unchecked Sendable` because `Regex` does not declare `Sendable`; the box holds it in a `let`
/// and only matches with it, which the standard library's `Regex` supports from any thread (its
/// compiled program is published once, atomically). A lock here would serialize every
/// validation of every request.
final class RegexBox: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    func wholeMatch(in text: String) throws -> Regex<AnyRegexOutput>.Match? { try regex.wholeMatch(in: text) }
}
