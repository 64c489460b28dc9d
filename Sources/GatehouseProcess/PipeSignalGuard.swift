#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocks SIGPIPE on this thread while a run writes to the child, so a child that exits without
/// reading makes the write fail with EPIPE instead of signalling; a SIGPIPE left pending by such a
/// write is taken before the old mask comes back.
struct PipeSignalGuard {
    private var previous = sigset_t()

    init() {
        var pipeOnly = sigset_t()
        unsafe sigemptyset(&pipeOnly)
        unsafe sigaddset(&pipeOnly, SIGPIPE)
        unsafe pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
    }

    func restore() {
        var previous = self.previous
        if unsafe sigismember(&previous, SIGPIPE) == 0 {
            var pending = sigset_t()
            unsafe sigpending(&pending)
            if unsafe sigismember(&pending, SIGPIPE) == 1 {
                var pipeOnly = sigset_t()
                unsafe sigemptyset(&pipeOnly)
                unsafe sigaddset(&pipeOnly, SIGPIPE)
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                _ = unsafe sigtimedwait(&pipeOnly, nil, &zero)
            }
        }
        unsafe pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
