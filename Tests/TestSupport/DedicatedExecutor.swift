internal import Foundation

/// A task executor with one thread of its own, for tests that bound the wall-clock time of an
/// async call.
///
/// Swift Testing runs every test of the process at once as tasks on the cooperative pool, which
/// has one thread per core (two here). A test that awaits (an actor hop, a continuation resumed by
/// another thread, `Task.sleep`) goes back to the end of that pool's queue, behind every job the
/// other suites have queued, and the CPU-heavy suites queue hundreds. Its wall clock then counts
/// that wait: under AddressSanitizer, which slows each of those jobs, the local-command runner's
/// tests measured 45 s and 62 s around runs of about a second (their bound is 30 s), and a probe
/// that only awaited a continuation resumed at once by another thread waited up to 62 s on the
/// pool and at most 0.03 s on this executor, in the same run. Under ``run(_:)`` the test's task,
/// and the default actors and nonisolated async functions it calls, run on this thread instead,
/// so the time measured is the call's own.
///
/// The queue is guarded by an `NSCondition` (a pthread mutex and condition variable), which
/// ThreadSanitizer understands (GatehouseCore's `LockedBox` says why not Synchronization's `Mutex`).
/// `@unchecked Sendable`: `jobs` is only touched with `condition` held, inside this type.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// One thread, started now, for the rest of the process.
    public init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// The executor the timed tests share: they spend their time waiting, not computing.
    public static let timedTests = DedicatedExecutor(name: "timed tests")

    /// The executor the servers tests start run on (a gateway, its backends): on the shared pool a
    /// server's request handling queues behind the other suites' jobs, and under ThreadSanitizer a
    /// client's 30 s deadline ran out before the server got the thread to answer. Their work is
    /// small; their latency is what the tests measure.
    public static let servers = DedicatedExecutor(name: "test servers")

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// `operation` with this executor preferred: its task, and the default actors and nonisolated
    /// async functions it calls, run on this executor's thread.
    public func run<T, Failure: Error>(_ operation: () async throws(Failure) -> T) async throws(Failure) -> T {
        try await withTaskExecutorPreference(self, operation: operation)
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
