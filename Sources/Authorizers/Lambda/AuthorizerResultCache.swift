import Synchronization

/// API Gateway's authorizer result cache (reference/gateway.md §Authorizer result cache): keyed
/// by authorizer, stage and identity values; it keeps the whole validated response for the TTL, and
/// every hit is judged again against the current method ARN — so an Allow cached for one method
/// never leaks to another, and a Deny for one never blocks another. Errors are never cached.
/// Bounded: past `capacity` the oldest entries go first.
public final class AuthorizerResultCache: Sendable {
    private struct Entry {
        let result: AuthorizerResult
        let expires: Double
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// The key for a request: authorizer, stage and each identity value, unambiguously joined.
    public static func key(authorizer: String, stage: String, identityValues: [String]) -> String {
        var key = ""
        key.reserveCapacity(
            authorizer.utf8.count + stage.utf8.count + identityValues.reduce(0) { $0 + $1.utf8.count } + 24
        )
        func append(_ part: String) {
            key += String(part.utf8.count)
            key += ":"
            key += part
        }
        append(authorizer)
        append(stage)
        for value in identityValues { append(value) }
        return key
    }

    public func lookup(_ key: String, now: Double) -> AuthorizerResult? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.expires else {
                state.entries[key] = nil
                return nil
            }
            return entry.result
        }
    }

    public func store(_ result: AuthorizerResult, for key: String, ttlSeconds: Int, now: Double) {
        guard ttlSeconds > 0 else { return }
        state.withLock { state in
            if state.entries.updateValue(Entry(result: result, expires: now + Double(ttlSeconds)), forKey: key) == nil {
                state.order.append(key)
            }
            while state.entries.count > capacity, state.head < state.order.count {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            // Keys of expired or re-stored entries linger in `order`: compact it whenever it has
            // grown past twice the live entries, so the cache's memory stays bounded.
            if state.order.count - state.head > 2 * state.entries.count + 64 {
                var seen = Set<String>()
                var compacted: [String] = []
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
