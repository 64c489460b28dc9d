import GatehouseCore
import IAMPolicy

/// Callers' compiled policy sets combined with an API's resource policy, kept by the pair so a
/// caller's requests combine the two once, not per request.
///
/// Keyed by the two sets' storage identities; each entry keeps both sets alive, so an identity
/// cannot be reused by another set while its entry exists. Bounded: when full, it starts over.
final class CombinedPolicyCache: Sendable {
    private struct Key: Hashable {
        var caller: ObjectIdentifier
        var resource: ObjectIdentifier
    }

    private struct Entry: Sendable {
        var caller: CompiledPolicySet
        var resource: CompiledPolicySet
        var combined: CompiledPolicySet
    }

    private let entries = LockedBox<[Key: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 1)
    }

    /// `caller` with the resource-based statements of `resource` added.
    func combined(_ caller: CompiledPolicySet, _ resource: CompiledPolicySet) -> CompiledPolicySet {
        let key = Key(caller: caller.storageIdentity, resource: resource.storageIdentity)
        if let hit = entries.withLock({ $0[key] }) { return hit.combined }
        let made = CompiledPolicySet(caller, addingResourcePolicyOf: resource)
        let capacity = self.capacity
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(caller: caller, resource: resource, combined: made)
        }
        return made
    }

    /// How many combined sets are kept.
    var count: Int { entries.withLock { $0.count } }
}
