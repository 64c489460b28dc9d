#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A started child: its process id (= its process group's id) and our ends of its pipes.
struct Spawned {
    let pid: Int32
    var stdinWrite: Int32
    var stdoutRead: Int32
    var stderrRead: Int32
    private(set) var reaped = false
    /// Its slot in ``RunningGroups`` while it may still be signalled.
    var registrySlot: Int?

    init(pid: Int32, stdinWrite: Int32, stdoutRead: Int32, stderrRead: Int32) {
        self.pid = pid
        self.stdinWrite = stdinWrite
        self.stdoutRead = stdoutRead
        self.stderrRead = stderrRead
    }

    mutating func close(_ end: WritableKeyPath<Spawned, Int32>) {
        if self[keyPath: end] >= 0 { _ = closeDescriptor(self[keyPath: end]) }
        self[keyPath: end] = -1
    }

    mutating func closeAll() {
        close(\.stdinWrite)
        close(\.stdoutRead)
        close(\.stderrRead)
    }

    /// Whether the child has exited, without reaping it (`WNOWAIT`): while it is an unreaped
    /// zombie its id cannot be reused, so signalling its group afterwards is still safe.
    func hasExited() -> Bool {
        if reaped { return true }
        var info = unsafe siginfo_t()
        let result = unsafe waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return unsafe result == 0 && info.childPID == pid
    }

    /// Reaps the child by its id and returns its wait status. Bounded: a child that is still not
    /// gone two seconds after SIGKILL (stuck in the kernel) is left to a thread that reaps it
    /// later, so no zombie stays behind; its status then reads as killed.
    mutating func reap() -> Int32 {
        guard !reaped else { return 0 }
        reaped = true
        // Out of the registry before its id can be reused.
        RunningGroups.shared.remove(registrySlot)
        registrySlot = nil
        var status: Int32 = 0
        let until = ContinuousClock.now + .seconds(2)
        while true {
            let result = unsafe waitpid(pid, &status, WNOHANG)
            if result == pid { return status }
            if result < 0 && errno != EINTR { return status }
            if ContinuousClock.now >= until { break }
            usleep(1000)
        }
        Reaper.reapLater(pid)
        return SIGKILL
    }
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    close(fd)
}

extension siginfo_t {
    /// `si_pid`, which C reaches through a union.
    var childPID: Int32 {
        #if canImport(Darwin)
        return si_pid
        #else
        return unsafe _sifields._sigchld.si_pid
        #endif
    }
}
