#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A detached thread that waits for one child with a blocking `waitpid`.
enum Reaper {
    static func reapLater(_ pid: Int32) {
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let context = unsafe UnsafeMutableRawPointer(bitPattern: Int(pid))
        let started = unsafe pthread_create(
            &thread,
            nil,
            { context in
                var status: Int32 = 0
                let pid = Int32(truncatingIfNeeded: Int(bitPattern: context))
                while unsafe waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return nil
            },
            context
        )
        #if canImport(Darwin)
        if started == 0, let thread { pthread_detach(thread) }
        #else
        if started == 0 { pthread_detach(thread) }
        #endif
    }
}
