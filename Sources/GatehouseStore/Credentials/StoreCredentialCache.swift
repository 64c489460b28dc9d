public import GatehouseCore
public import SigV4

/// The verifier's credential store over a ``PrincipalStore``: every lookup is a memory read of
/// the latest ``CredentialSnapshot``; the database is read only by ``refresh()``, which
/// ``run()`` calls every ``pollInterval`` (250 ms by default) off the request path.
///
/// **Seeing other processes' changes.** A refresh reads the store's ``PrincipalStore/revision()``
/// (one integer) and reloads and recompiles only when it moved, so a key deleted or deactivated
/// by the CLI while a server runs stops working within one poll plus one reload.
///
/// **Failing closed when it cannot see.** Every refresh that reaches the store marks the snapshot
/// confirmed at the moment it started. A lookup made more than ``maximumStaleness`` (1 s) after
/// the last confirmation throws ``StoreError/Code/stale`` — the verifier turns that into a
/// denial — so a revoked key never outlives the guarantee because the poller stopped or the
/// database is unreadable. Keep ``run()`` running (a server runs it in its task group) or call
/// ``refresh()`` right before verifying, as a one-shot command does.
///
/// Expired session credentials stay in the snapshot with their expiration, so the verifier
/// refuses them as `ExpiredTokenException` ("The security token included in the request is
/// expired"), not as unknown keys.
public final class StoreCredentialCache: SigV4CredentialStore {
    private struct State: Sendable {
        var snapshot: CredentialSnapshot?
        /// Monotonic time at which the installed snapshot was last known to match the store.
        var confirmedAt: MonotonicInstant?
        /// Refreshes are numbered as they start; a slower, older one never replaces a newer one.
        var nextSequence: UInt64 = 0
        var installedSequence: UInt64 = 0
        var lastError: StoreError?
    }

    private let store: any PrincipalStore
    private let root: SigV4StoredCredential?
    private let clock: any GatehouseClock
    private let state = LockedBox(State())

    /// How often ``run()`` polls the store's revision.
    public let pollInterval: Duration
    /// How old the last confirmation may be before lookups fail closed.
    public let maximumStaleness: Duration

    /// - Parameters:
    ///   - store: where principals live.
    ///   - root: the root principal's credential (``RootCredentials``), served beside the store's.
    ///   - clock: monotonic time for staleness (tests pass a ``GatehouseCore/ManualClock``).
    public init(
        store: any PrincipalStore,
        root: SigV4StoredCredential? = nil,
        clock: any GatehouseClock = SystemClock(),
        pollInterval: Duration = .milliseconds(250),
        maximumStaleness: Duration = .seconds(1)
    ) {
        self.store = store
        self.root = root
        self.clock = clock
        self.pollInterval = pollInterval
        self.maximumStaleness = maximumStaleness
    }

    // MARK: Lookups (the request path: memory only)

    /// The credential for `accessKeyId` from the current snapshot: no I/O, no await.
    ///
    /// - Throws: ``StoreError/Code/stale`` when no refresh has confirmed the snapshot within
    ///   ``maximumStaleness`` (or none has succeeded yet).
    public func lookup(_ accessKeyId: String) throws(StoreError) -> SigV4StoredCredential? {
        let (snapshot, confirmedAt) = state.withLock { ($0.snapshot, $0.confirmedAt) }
        guard let snapshot, let confirmedAt, clock.monotonicNow - confirmedAt <= maximumStaleness else {
            throw StoreError(
                .stale,
                "the credential cache has not seen the store within \(maximumStaleness); refusing rather than risk a revoked key"
            )
        }
        return snapshot.table.lookup(accessKeyId)
    }

    public func credential(forAccessKeyId accessKeyId: String) async throws -> SigV4StoredCredential? {
        try lookup(accessKeyId)
    }

    /// The snapshot lookups read now (for diagnostics: its revision, size, skipped principals).
    public var snapshot: CredentialSnapshot? { state.withLock { $0.snapshot } }

    /// The last refresh's error, `nil` once a refresh succeeds again.
    public var lastError: StoreError? { state.withLock { $0.lastError } }

    // MARK: Refreshing (off the request path)

    /// Brings the snapshot up to date: reads the store's revision and, when it moved (or there
    /// is no snapshot yet), reloads every credential and recompiles what changed.
    public func refresh() async throws(StoreError) {
        let started = clock.monotonicNow
        let (sequence, current) = state.withLock { state in
            state.nextSequence += 1
            return (state.nextSequence, state.snapshot)
        }
        do {
            let revision = try await store.revision()
            if let current, current.revision == revision {
                confirm(current, at: started)
                return
            }
            let records = try await store.credentialRecords()
            let snapshot = CredentialSnapshot(records, root: root, previous: current)
            state.withLock { state in
                guard sequence > state.installedSequence else { return }
                state.snapshot = snapshot
                state.installedSequence = sequence
                state.confirmedAt = started
                state.lastError = nil
            }
        } catch {
            state.withLock { $0.lastError = error }
            throw error
        }
    }

    /// Marks `snapshot` as matching the store as of `instant`, if it is still the one installed.
    private func confirm(_ snapshot: CredentialSnapshot, at instant: MonotonicInstant) {
        state.withLock { state in
            guard state.snapshot?.revision == snapshot.revision else { return }
            state.confirmedAt = max(state.confirmedAt ?? instant, instant)
            state.lastError = nil
        }
    }

    /// Polls until the task is cancelled: a refresh every ``pollInterval``. A failing refresh is
    /// remembered (``lastError``) and retried at the next tick; meanwhile lookups fail closed
    /// once the snapshot is older than ``maximumStaleness``.
    public func run() async {
        while !Task.isCancelled {
            try? await refresh()
            try? await Task.sleep(for: pollInterval)
        }
    }
}
