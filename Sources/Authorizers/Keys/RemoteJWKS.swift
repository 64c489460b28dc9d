public import GatehouseCore
import IAMPolicy

/// An issuer's keys fetched from its `jwks_uri` (or found through OIDC discovery) and kept warm
/// (reference/gateway.md §JWT authorizers): cached for `Cache-Control: max-age` (bounded), fetched
/// again when a token names an unknown `kid` — at most once per `minimumRefreshInterval`, so a
/// flood of made-up `kid`s cannot turn into a flood of fetches — and served stale when the issuer
/// is down, because refusing every user during an issuer outage is worse than trusting keys that
/// were valid minutes ago. Fetches are bounded (1.5 s for the whole exchange, 150,000 bytes, as
/// API Gateway's), follow no redirects, and go only to a URL ``EndpointURL/trusted(_:)`` accepts
/// (https, or plain http to this machine). A published key set is public, so an `oct` (shared
/// secret) key in it is never used.
public actor RemoteJWKS {
    public nonisolated let url: String
    private let transport: any HTTPTransport
    public let minimumRefreshInterval: Double
    public let defaultMaxAge: Double
    public let maxMaxAge: Double
    /// How long past expiry cached keys are still served while the issuer cannot be reached.
    public let maximumStaleness: Double

    private var current: JWKSet?
    /// Ages are measured on the monotonic clock: `max-age`, the refresh interval and the
    /// staleness bound are durations, and a wall clock set back must not keep old keys longer.
    private var expires = MonotonicInstant(nanosecondsSinceOrigin: .min)
    private var lastFetch: MonotonicInstant?
    /// The fetch under way, if any. The actor is re-entered while a fetch awaits the network, so
    /// without it every token arriving meanwhile found no keys (a cold start, or an unknown
    /// `kid`, refused all but the first caller); they now wait for the same fetch: one fetch
    /// for N callers, and each gets its answer.
    private var inFlight: Task<Void, Never>?
    /// Callers waiting for ``inFlight``, each also woken by its own deadline (``wait(atMost:)``).
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0
    /// The last fetch failure, for diagnostics.
    public private(set) var lastError: String?

    public init(
        url: String,
        transport: any HTTPTransport,
        minimumRefreshInterval: Double = 30,
        defaultMaxAge: Double = 300,
        maxMaxAge: Double = 3600,
        maximumStaleness: Double = 86_400
    ) throws(JWTKeyError) {
        do {
            self.url = try EndpointURL.trusted(url).description
        } catch {
            throw JWTKeyError("key URL \(error)")
        }
        self.transport = transport
        self.minimumRefreshInterval = minimumRefreshInterval
        self.defaultMaxAge = defaultMaxAge
        self.maxMaxAge = maxMaxAge
        self.maximumStaleness = maximumStaleness
    }

    /// Finds the `jwks_uri` of an issuer through `{issuer}/.well-known/openid-configuration`; the
    /// document's `issuer` must be the one asked for (OIDC Discovery §4.3). The issuer and the
    /// `jwks_uri` are each judged by ``EndpointURL/trusted(_:)``: a discovery document cannot send
    /// the keys over plain http to another machine.
    public static func discover(issuer: String, transport: any HTTPTransport) async throws(JWTKeyError) -> RemoteJWKS {
        var base = issuer
        while base.hasSuffix("/") { base.removeLast() }
        let issuerURL: EndpointURL
        do {
            issuerURL = try EndpointURL.trusted(base)
        } catch {
            throw JWTKeyError("OIDC discovery: issuer \(error)")
        }
        guard !issuerURL.pathAndQuery.contains("?") else {
            throw JWTKeyError("OIDC discovery: the issuer `\(issuer)` has a query; an issuer URL has none")
        }
        var root = issuerURL.description
        if root.hasSuffix("/") { root.removeLast() }
        let configurationURL = root + "/.well-known/openid-configuration"
        let response: HTTPTransportResponse
        do {
            response = try await transport.get(
                configurationURL,
                timeout: fetchTimeout,
                maxBytes: 150_000
            )
        } catch {
            throw JWTKeyError("OIDC discovery for \(issuer) failed: \(error)")
        }
        guard response.status == 200, let root = try? JSONParser.parse(response.body, limits: .withoutLocations).value,
            case .object(let members) = root
        else {
            throw JWTKeyError("OIDC discovery for \(issuer): no configuration document (HTTP \(response.status))")
        }
        func string(_ name: String) -> String? {
            if case .string(let value)? = members.first(where: { $0.key == name })?.value.value { return value }
            return nil
        }
        guard string("issuer") == issuer else {
            throw JWTKeyError("OIDC discovery: the document names issuer `\(string("issuer") ?? "")`, not `\(issuer)`")
        }
        guard let jwksURI = string("jwks_uri") else {
            throw JWTKeyError("OIDC discovery: the document has no `jwks_uri` string")
        }
        do {
            return try RemoteJWKS(url: jwksURI, transport: transport)
        } catch {
            throw JWTKeyError("OIDC discovery: `jwks_uri`: \(error.message)")
        }
    }

    /// The longest a fetch may take, connect to last byte.
    public static let fetchTimeout: Duration = .milliseconds(1500)

    /// The keys to verify a token with `keyID` at `now` (only its monotonic time is read). A fetch this needs
    /// ends within `timeout` (at most ``fetchTimeout``), so a caller with a deadline of its own —
    /// an authorizer's `timeoutSeconds` — is never held past it by a slow key server. Callers
    /// that arrive while a fetch is under way wait for that one (as long as their own `timeout`)
    /// instead of starting another or finding no keys.
    public func keys(
        for keyID: String?,
        now reading: ClockReading,
        timeout: Duration = RemoteJWKS.fetchTimeout
    ) async throws(JWTKeyError) -> JWKSet {
        let now = reading.monotonic
        let known = keyID.map { kid in current?.keys.contains { $0.keyID == kid } ?? false } ?? true
        let fresh = current != nil && now < expires
        if fresh && known, let current { return current }
        // Stale, empty, or an unknown kid: fetch — unless we fetched moments ago.
        let sinceFetch = lastFetch.map { now - $0 }
        if inFlight != nil {
            // Another caller's fetch is under way: share it, for at most this caller's timeout.
            await wait(atMost: min(timeout, Self.fetchTimeout))
        } else if sinceFetch.map({ $0 >= Self.duration(minimumRefreshInterval) }) ?? true
            || current == nil && sinceFetch.map({ $0 >= .seconds(1) }) ?? true
        {
            lastFetch = now
            let fetch = Task {
                await self.refresh(now: now, timeout: min(timeout, Self.fetchTimeout))
                self.fetchEnded()
            }
            inFlight = fetch
            await fetch.value
        }
        guard let current else { throw JWTKeyError("no keys from \(url): \(lastError ?? "not fetched")") }
        // Stale keys bridge an outage, not forever.
        guard now < expires + Self.duration(maximumStaleness) else {
            throw JWTKeyError("the keys from \(url) are more than \(Int(maximumStaleness)) s stale: \(lastError ?? "")")
        }
        return current
    }

    /// Waits until the fetch under way ends, or `timeout` passes.
    ///
    /// The timer is a child task, not an unstructured `Task`: a child inherits the caller's task
    /// executor preference, so a caller that runs on an executor of its own is woken there on time
    /// instead of behind the shared pool's queue (under load, the tests measured a 100 ms timer
    /// firing after 28 s).
    private func wait(atMost timeout: Duration) async {
        let id = nextWaiter
        nextWaiter += 1
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                await self.wake(id)
            }
            // Registered before this actor is given up, so neither wake-up can come first.
            await withCheckedContinuation { waiters[id] = $0 }
            group.cancelAll()
        }
    }

    private func wake(_ id: Int) { waiters.removeValue(forKey: id)?.resume() }

    /// The fetch under way ended: everyone waiting for it reads its result.
    private func fetchEnded() {
        inFlight = nil
        let woken = waiters.values
        waiters = [:]
        for waiter in woken { waiter.resume() }
    }

    private func refresh(now: MonotonicInstant, timeout: Duration) async {
        do {
            let response = try await transport.get(url, timeout: timeout, maxBytes: JWKSet.maxBytes)
            guard response.status == 200 else {
                lastError = "HTTP \(response.status)"
                return
            }
            // A published key set holds public keys only: a shared secret there is public too.
            let set = try JWKSet.parse(response.body, allowSecretKeys: false)
            current = set
            expires =
                now
                + Self.duration(Self.maxAge(response.header("Cache-Control"), default: defaultMaxAge, limit: maxMaxAge))
            lastError = nil
        } catch {
            // Keep serving what we had: the issuer being down must not lock everyone out.
            lastError = "\(error)"
        }
    }

    /// `seconds` as a duration: negative or NaN as zero, past a million years (or infinite) as a
    /// million years — a configured interval never traps.
    static func duration(_ seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return .seconds(min(seconds, 3.2e13))
    }

    /// `max-age` from a Cache-Control header (`no-store`/`no-cache` → 0), bounded by `limit`.
    static func maxAge(_ header: String?, default fallback: Double, limit: Double) -> Double {
        guard let header else { return fallback }
        var age: Double? = nil
        for directive in header.lowercased().split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters() }
            guard let name = parts.first else { continue }
            if name == "no-store" || name == "no-cache" { return 0 }
            if name == "max-age", parts.count == 2, let seconds = Double(parts[1]), seconds >= 0 { age = seconds }
        }
        return min(age ?? fallback, limit)
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
