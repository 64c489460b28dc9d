#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// ``run()`` on a new thread of its own, for async callers: the supervision blocks (it polls
    /// the pipes and sleeps between looks at the child), and blocking one of the few threads of
    /// Swift's cooperative pool for up to the whole timeout would stall every other task.
    public func runOnOwnThread() async throws(SpawnError) -> Completion {
        let result: Result<Completion, SpawnError> = await withCheckedContinuation { continuation in
            let job = Job { continuation.resume(returning: Result { () throws(SpawnError) in try self.run() }) }
            job.start()
        }
        return try result.get()
    }
}

/// A closure run once on a detached thread.
///
/// Checked `Sendable`, not `@unchecked`: its only state is an immutable `@Sendable` closure. The
/// unsafe part is the hand-over through `pthread_create`: one retain is passed with the thread's
/// context pointer and taken back exactly once, by the thread or, when no thread starts, here.
private final class Job: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start() {
        let context = unsafe Unmanaged.passRetained(self).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        let started = unsafe pthread_create(
            &thread,
            nil,
            { context in
                unsafe Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
                return nil
            },
            context
        )
        if started == 0, let thread { pthread_detach(thread) }
        #else
        var thread = pthread_t()
        let started = unsafe pthread_create(
            &thread,
            nil,
            { context in
                unsafe Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            },
            context
        )
        if started == 0 { pthread_detach(thread) }
        #endif
        // No thread to be had: run here rather than never.
        if started != 0 { unsafe Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body() }
    }
}
