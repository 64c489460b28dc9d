public import GatehouseCore
import GatehouseCrypto
import IAMPolicy

/// API Gateway's authorizer result cache (reference/gateway.md §Authorizer result cache): keyed
/// by authorizer, stage and identity values; it keeps the whole validated response for the TTL, and
/// every hit is judged again against the current method ARN — so an Allow cached for one method
/// never leaks to another, and a Deny for one never blocks another. Errors are never cached.
/// Bounded: past `capacity` the oldest entries go first.
///
/// Entries expire on the **monotonic** clock (``MonotonicInstant``), not the wall clock: API
/// Gateway's `authorizerResultTtlInSeconds` is a duration, and an entry lives only in this
/// process, so nothing outside it needs its expiry as a calendar time. Measured on the wall
/// clock, a clock set back an hour would keep every cached Allow an hour longer (and one set
/// forward would flush the cache). Were entries ever shared across processes or machines (a
/// store behind several gateway nodes), their expiry would have to become wall time.
///
/// A policy that reads no request context answers each method ARN the same way for as long as it
/// is cached, so an entry also remembers its judgements by ARN (at most
/// ``judgementsPerEntry``, in a short list compared byte for byte — hashing the ARN would cost
/// more than comparing it): a repeated hit is a table lookup and a comparison, not a policy
/// evaluation. Policies with conditions or variables are judged on every hit.
public final class AuthorizerResultCache: Sendable {
    /// A judgement: the grant for an Allow (principal, context and decision, ready to hand out),
    /// the denial otherwise.
    public typealias Judgement = Result<AuthorizerGrant, AuthorizerDenial>

    /// A class, so a lookup takes one reference instead of copying the result's fields; only
    /// ever touched under the lock.
    private final class Entry {
        let result: AuthorizerResult
        /// The key it was stored under: remembered evaluations carry this one, not the key of
        /// whichever request was judged (which holds that request's copy of the token — up to
        /// ``judgementsPerEntry`` copies an entry would otherwise keep alive).
        let key: Key
        let expires: MonotonicInstant
        /// Which store made the entry, so a judgement is never remembered for its successor.
        let generation: UInt64
        /// Finished evaluations (judgement, key, `cacheHit`) by method ARN, handed out as they are.
        var judgements: [(methodArn: String, evaluation: AuthorizerEvaluation)] = []

        init(result: AuthorizerResult, key: Key, expires: MonotonicInstant, generation: UInt64) {
            self.result = result
            self.key = key
            self.expires = expires
            self.generation = generation
        }
    }

    /// What a hit returns: the finished evaluation for the method ARN if one is remembered, else
    /// the cached result to judge.
    public struct Hit: Sendable {
        public let result: AuthorizerResult?
        /// The remembered evaluation (its `cacheHit` set, its key the stored one).
        public let evaluation: AuthorizerEvaluation?
        public var judgement: Judgement? { evaluation?.outcome }
        /// Pass back to ``remember(_:for:methodArn:hit:)``.
        public let generation: UInt64
    }

    /// How many method ARNs an entry remembers judgements for.
    public static let judgementsPerEntry = 32

    /// `@unchecked Sendable` for its `LockedBox`: the mutable `Entry` objects live only here and
    /// are read and written with the lock held; a lookup copies their `Sendable` fields into a
    /// ``Hit``, so no `Entry` ever leaves the lock.
    private struct State: @unchecked Sendable {
        var entries: [Key: Entry] = [:]
        var order: [Key] = []
        var head = 0
        var generation: UInt64 = 0
    }

    private let state = LockedBox(State())
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// The key as text (what `gatehouse authorizer test` shows): authorizer, stage and each
    /// identity value, each preceded by its byte length (`6:bearer5:prod…`), so no two lists of
    /// parts read alike. Bytes outside printable ASCII (control characters, DEL, non-ASCII) and
    /// `%` are written as `%XX`, so the text is printable ASCII — no line break or terminal escape
    /// from a token — and two keys that differ in any byte read differently. Lookups never build it (see
    /// ``Key``), so it is written plainly.
    static func text(authorizer: String, stage: String, identityValues: [String]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for part in [authorizer, stage] + identityValues {
            bytes += Array("\(part.utf8.count):".utf8)
            for byte in part.utf8 {
                // Printable ASCII as is; `%`, control characters and non-ASCII as `%XX`, so the
                // text never carries a line break or an escape sequence into a terminal.
                if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                    bytes.append(byte)
                } else {
                    bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The result stored for `key`, if it has not expired at monotonic time `now`.
    public func lookup(_ key: Key, now: MonotonicInstant) -> AuthorizerResult? {
        lookup(key, methodArn: nil, now: now)?.result
    }

    /// The evaluation remembered for `methodArn` in `judgements`.
    private static func remembered(
        _ methodArn: String?,
        in judgements: [(methodArn: String, evaluation: AuthorizerEvaluation)]
    ) -> AuthorizerEvaluation? {
        guard let methodArn else { return nil }
        for index in judgements.indices where judgements[index].methodArn.sameUTF8(as: methodArn) {
            return judgements[index].evaluation
        }
        return nil
    }

    /// The entry for `key` if it has not expired at monotonic time `now`, with its remembered
    /// judgement for `methodArn`.
    public func lookup(_ key: Key, methodArn: String?, now: MonotonicInstant) -> Hit? {
        state.withLock { state -> Hit? in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.expires else {
                state.entries[key] = nil
                return nil
            }
            if let evaluation = Self.remembered(methodArn, in: entry.judgements) {
                return Hit(result: nil, evaluation: evaluation, generation: entry.generation)
            }
            return Hit(result: entry.result, evaluation: nil, generation: entry.generation)
        }
    }

    /// Remembers how the entry found by `hit` judged `methodArn` — only for results whose policy
    /// reads no request context (anything else must be judged per request), and only while that
    /// entry is still the one stored.
    /// It is kept as the finished evaluation a later hit hands out (outcome, the entry's key,
    /// `cacheHit`).
    public func remember(_ judgement: Judgement, for key: Key, methodArn: String, hit: Hit) {
        guard let result = hit.result, result.policy?.readsContext == false else { return }
        state.withLock { state in
            guard let entry = state.entries[key], entry.generation == hit.generation,
                entry.judgements.count < Self.judgementsPerEntry,
                !entry.judgements.contains(where: { $0.methodArn.sameUTF8(as: methodArn) })
            else { return }
            entry.judgements.append(
                (methodArn, AuthorizerEvaluation(outcome: judgement, cacheKey: entry.key, cacheHit: true))
            )
        }
    }

    /// Stores `result` under `key` for `ttlSeconds` from monotonic time `now` (0: not at all).
    public func store(_ result: AuthorizerResult, for key: Key, ttlSeconds: Int, now: MonotonicInstant) {
        guard ttlSeconds > 0 else { return }
        state.withLock { state in
            state.generation &+= 1
            let entry = Entry(
                result: result,
                key: key,
                expires: now + .seconds(ttlSeconds),
                generation: state.generation
            )
            if state.entries.updateValue(entry, forKey: key) == nil {
                state.order.append(key)
            }
            while state.entries.count > capacity, state.head < state.order.count {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            // Keys of expired or re-stored entries linger in `order`: compact it whenever it has
            // grown past twice the live entries, so the cache's memory stays bounded.
            if state.order.count - state.head > 2 * state.entries.count + 64 {
                var seen = Set<Key>()
                var compacted: [Key] = []
                for key in state.order[state.head...].reversed()
                where state.entries[key] != nil && seen.insert(key).inserted {
                    compacted.append(key)
                }
                state.order = compacted.reversed()
                state.head = 0
            }
        }
    }

    /// `FlushStageAuthorizersCache`.
    public func flush() {
        state.withLock { $0 = State() }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
