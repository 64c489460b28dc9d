import NIOCore
import NIOPosix

/// Runs the gateway's Swift tasks on its event loops instead of Swift's global concurrent pool.
///
/// A request's handler awaits work its connection's event loop completes (the body, the
/// integration's response, the write); on the global pool every such await is a hop between an
/// event-loop thread and a pool thread. perf on `serve --threads 1` under wrk showed two threads
/// busy for one loop's work. A job enqueued from one of the group's loops stays on that loop, so
/// a request is served on the thread its bytes arrive on; a job enqueued from elsewhere goes to
/// the group's next loop.
///
/// Nothing the gateway runs in a task blocks for long: function runners supervise processes on
/// threads of their own, the store is reached through GRDB's queues, and nothing waits on a
/// future synchronously (which on a loop would deadlock).
final class EventLoopTaskExecutor: TaskExecutor {
    private let group: any EventLoopGroup
    /// The group's loops, to tell one of ours from another group's (tests and the CLI's shared
    /// HTTP client run loops of NIO's singleton group in the same process).
    private let loops: Set<ObjectIdentifier>

    init(group: any EventLoopGroup) {
        self.group = group
        var loops = Set<ObjectIdentifier>()
        for loop in group.makeIterator() { loops.insert(ObjectIdentifier(loop)) }
        self.loops = loops
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let loop: any EventLoop
        if let current = MultiThreadedEventLoopGroup.currentEventLoop, loops.contains(ObjectIdentifier(current)) {
            loop = current
        } else {
            loop = group.next()
        }
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
