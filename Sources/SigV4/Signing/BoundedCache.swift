import GatehouseCore
import GatehouseCrypto

/// A bounded, thread-safe map from keys to derived values, shared by the key caches below.
///
/// Values are derived outside the lock (derivation is the expensive part) and inserted under it;
/// when full, the map is cleared: derived keys are cheap to rebuild and a clear keeps the worst
/// case simple and bounded. A capacity of 0 disables caching.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage: LockedBox<[Key: Value]>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        self.storage = LockedBox([:])
    }

    func value<Failure: Error>(for key: Key, derive: () throws(Failure) -> Value) throws(Failure) -> Value {
        if capacity == 0 { return try derive() }
        if let cached = storage.withLock({ $0[key] }) { return cached }
        let derived = try derive()
        storage.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = derived
        }
        return derived
    }

    var count: Int { storage.withLock { $0.count } }

    /// `false` for a capacity of 0.
    var isEnabled: Bool { capacity > 0 }
}
