#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs another program under supervision: in a process group of its own, with a deadline that
/// ends the whole group, a cap on its output that is enforced while reading, and the child always
/// reaped by its process id.
///
/// Why a group: a command is often a shell or a pipeline (`sh -c 'yes | cat'`), and ending only
/// the process we started leaves its descendants running — holding our pipes open, so a reader
/// waiting for end-of-file waits for them too. Here every signal goes to the group, and the run is
/// over when *the child* has exited, not when its output closes: a descendant left behind in the
/// background cannot hold the answer back, and is ended with the group.
///
/// Limits: a descendant that leaves the group on purpose (`setsid`, `setpgid`, a daemon) is not
/// followed. ``run()`` blocks the calling thread (it polls the pipes and the child); callers in
/// async code run it on a thread of their own, never on the cooperative pool.
public struct ChildProcess: Sendable {
    /// The program: a path that contains a `/` (see ``ExecutablePath`` for `PATH` lookup).
    public var executable: String
    /// `argv[0]` and the rest, as the program sees them.
    public var arguments: [String]
    /// The program's whole environment: nothing is inherited that is not listed here.
    public var environment: [String: String]
    /// Bytes for its standard input; `nil` connects it to `/dev/null`.
    public var input: [UInt8]?
    /// The longest the run may take; then the group gets SIGTERM, and SIGKILL after ``terminationGrace``.
    public var timeout: Duration
    /// Standard output beyond this many bytes ends the run as ``Outcome/outputTooLarge``.
    public var maxOutputBytes: Int
    /// What happens to standard error.
    public var standardError: StandardError
    /// How long the group has between SIGTERM and SIGKILL.
    public var terminationGrace: Duration
    /// Lends the controlling terminal to the child's group while it runs, when this process holds
    /// it in the foreground — for commands that may prompt on `/dev/tty` (credential helpers).
    /// Off by default: a child in its own group is a background job to the terminal.
    public var foregroundTerminal: Bool = false

    /// Where the child's standard error goes.
    public enum StandardError: Sendable, Hashable {
        /// Keep the first `maxBytes`; the rest is read and dropped, so the child never blocks.
        case capture(maxBytes: Int)
        /// This process's own standard error (the user's terminal).
        case inherit
    }

    /// How a run ended.
    public enum Outcome: Sendable, Hashable {
        /// The child exited with this status.
        case exited(Int32)
        /// The child was ended by this signal (not by us).
        case signaled(Int32)
        /// The deadline passed; the group was ended.
        case timedOut
        /// Standard output passed ``ChildProcess/maxOutputBytes``; the group was ended.
        case outputTooLarge
    }

    /// A finished run: how it ended and what it printed.
    public struct Completion: Sendable {
        public var outcome: Outcome
        /// Standard output when the child exited on its own (``Outcome/exited(_:)`` or
        /// ``Outcome/signaled(_:)``); empty after ``Outcome/timedOut`` or ``Outcome/outputTooLarge``.
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]
        /// The child's process id (also its process group's id), for tests and logs.
        public var processID: Int32
        /// From just before the spawn until the child was reaped.
        public var elapsed: Duration
    }

    /// The program could not be started (`posix_spawn` failed).
    public struct SpawnError: Error, Sendable, Hashable, CustomStringConvertible {
        public var errorNumber: Int32
        public var description: String { unsafe String(cString: strerror(errorNumber)).lowercased() }
    }

    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        input: [UInt8]? = nil,
        timeout: Duration,
        maxOutputBytes: Int,
        standardError: StandardError = .capture(maxBytes: 64 * 1024),
        terminationGrace: Duration = .milliseconds(250)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.input = input
        self.timeout = timeout
        self.maxOutputBytes = max(0, maxOutputBytes)
        self.standardError = standardError
        self.terminationGrace = terminationGrace
    }

    /// Starts the program and supervises it to the end. Blocks the calling thread for at most
    /// ``timeout`` plus ``terminationGrace`` plus a moment to reap.
    public func run() throws(SpawnError) -> Completion {
        let start = ContinuousClock.now
        var spawned = try spawn()
        defer { spawned.closeAll() }
        let terminal = foregroundTerminal ? TerminalHandover(to: spawned.pid) : nil
        defer { terminal?.restore() }
        // Writes into a pipe whose reader is gone fail with EPIPE instead of raising SIGPIPE.
        let pipeSignal = PipeSignalGuard()
        defer { pipeSignal.restore() }

        var output: [UInt8] = []
        var errors: [UInt8] = []
        let errorLimit: Int
        if case .capture(let limit) = standardError { errorLimit = max(0, limit) } else { errorLimit = 0 }
        var written = 0
        let input = self.input ?? []
        if spawned.stdinWrite >= 0 && input.isEmpty { spawned.close(\.stdinWrite) }
        let deadline = start + timeout
        // Standard output is kept only when the child exited on its own; stderr always.
        func finish(_ outcome: Outcome, _ standardOutput: [UInt8] = []) -> Completion {
            Completion(
                outcome: outcome,
                standardOutput: standardOutput,
                standardError: errors,
                processID: spawned.pid,
                elapsed: ContinuousClock.now - start
            )
        }
        var idle = 1  // milliseconds to sleep when there is nothing to wait on but the child

        while true {
            if spawned.hasExited() {
                // Its answer is in the pipes already; what is left of the group is ended, and a
                // descendant that kept the pipes open cannot hold the answer back.
                Self.signalGroup(spawned.pid, SIGKILL)
                let status = spawned.reap()
                let overflow = drain(&spawned, &output, &errors, errorLimit)
                return overflow ? finish(.outputTooLarge) : finish(Self.outcome(status), output)
            }
            let now = ContinuousClock.now
            if now >= deadline {
                end(&spawned)
                return finish(.timedOut)
            }
            var fds: [pollfd] = []
            if spawned.stdinWrite >= 0 {
                fds.append(pollfd(fd: spawned.stdinWrite, events: Int16(POLLOUT), revents: 0))
            }
            if spawned.stdoutRead >= 0 { fds.append(pollfd(fd: spawned.stdoutRead, events: Int16(POLLIN), revents: 0)) }
            if spawned.stderrRead >= 0 { fds.append(pollfd(fd: spawned.stderrRead, events: Int16(POLLIN), revents: 0)) }
            let remaining = Self.milliseconds(deadline - now)
            // With pipes open, a child can exit while a descendant holds them: look at the child
            // every 10 ms. With none left, it is exiting or busy: back off from 1 ms to 10 ms.
            let wait = Int32(min(remaining, fds.isEmpty ? idle : 10))
            idle = min(idle * 2, 10)
            let ready = unsafe fds.withUnsafeMutableBufferPointer {
                unsafe poll($0.baseAddress, nfds_t($0.count), wait)
            }
            guard ready > 0 else { continue }
            idle = 1
            for entry in fds where entry.revents != 0 {
                if entry.fd == spawned.stdinWrite {
                    let count = unsafe input[written...].withUnsafeBytes {
                        unsafe write(entry.fd, $0.baseAddress, min($0.count, 64 * 1024))
                    }
                    if count > 0 {
                        written += count
                        if written == input.count { spawned.close(\.stdinWrite) }
                    } else if count < 0 && errno != EAGAIN && errno != EINTR {
                        spawned.close(\.stdinWrite)  // EPIPE: it stopped reading; fine
                    }
                } else if entry.fd == spawned.stdoutRead {
                    if Self.readChunk(&spawned.stdoutRead, into: &output, keep: maxOutputBytes) == .overflow {
                        end(&spawned, grace: false)
                        return finish(.outputTooLarge)
                    }
                } else if entry.fd == spawned.stderrRead {
                    _ = Self.readChunk(&spawned.stderrRead, into: &errors, keep: errorLimit, dropExtra: true)
                }
            }
        }
    }

    // MARK: Ending

    /// Ends the whole group: SIGTERM, up to the grace period for the child to go, then SIGKILL
    /// for whatever is left (descendants that ignored SIGTERM included), then the child is reaped.
    private func end(_ spawned: inout Spawned, grace: Bool = true) {
        if grace {
            Self.signalGroup(spawned.pid, SIGTERM)
            let until = ContinuousClock.now + terminationGrace
            while !spawned.hasExited() && ContinuousClock.now < until { usleep(2000) }
        }
        Self.signalGroup(spawned.pid, SIGKILL)
        _ = spawned.reap()
    }

    static func signalGroup(_ pid: Int32, _ signal: Int32) {
        // The child is its group's leader and is not reaped yet, so `-pid` cannot name anyone else.
        _ = kill(-pid, signal)
    }

    /// Whatever is readable now, without waiting: the child has exited, and what it wrote is in
    /// the pipe already. Returns `true` when standard output passed the cap.
    private func drain(
        _ spawned: inout Spawned,
        _ output: inout [UInt8],
        _ errors: inout [UInt8],
        _ errorLimit: Int
    )
        -> Bool
    {
        while spawned.stdoutRead >= 0 {
            let result = Self.readChunk(&spawned.stdoutRead, into: &output, keep: maxOutputBytes)
            if result == .overflow { return true }
            if result == .wouldBlock { break }
        }
        while spawned.stderrRead >= 0 {
            if Self.readChunk(&spawned.stderrRead, into: &errors, keep: errorLimit, dropExtra: true) == .wouldBlock {
                break
            }
        }
        return false
    }

    private enum ReadResult { case data, closed, wouldBlock, overflow }

    /// One `read` of up to 64 KiB into `buffer`, never past `keep` bytes: the excess is dropped
    /// (`dropExtra`) or reported as `.overflow` — the cap holds while reading, not after.
    private static func readChunk(
        _ fd: inout Int32,
        into buffer: inout [UInt8],
        keep: Int,
        dropExtra: Bool = false
    )
        -> ReadResult
    {
        let room = keep - buffer.count
        let want = dropExtra ? 64 * 1024 : min(64 * 1024, max(room, 0) + 1)
        var chunk = [UInt8](repeating: 0, count: want)
        let count = unsafe chunk.withUnsafeMutableBytes { unsafe read(fd, $0.baseAddress, want) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return .wouldBlock }
            _ = close(fd)
            fd = -1
            return .closed
        }
        if count == 0 {
            _ = close(fd)
            fd = -1
            return .closed
        }
        if count > room {
            buffer.append(contentsOf: chunk[0..<max(room, 0)])
            return dropExtra ? .data : .overflow
        }
        buffer.append(contentsOf: chunk[0..<count])
        return .data
    }

    private static func outcome(_ status: Int32) -> Outcome {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, written out (they are macros).
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        if seconds >= Int64(Int32.max / 1000) { return Int(Int32.max) }
        return max(0, Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
