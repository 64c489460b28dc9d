import GatehouseProcess
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shell command under ``ChildProcess`` with a small fixed environment.
func shell(
    _ command: String,
    input: [UInt8]? = nil,
    timeout: Duration = .seconds(10),
    maxOutputBytes: Int = 1024 * 1024,
    standardError: ChildProcess.StandardError = .capture(maxBytes: 64 * 1024)
) -> ChildProcess {
    ChildProcess(
        executable: "/bin/sh",
        arguments: ["sh", "-c", command],
        environment: ["PATH": "/usr/bin:/bin"],
        input: input,
        timeout: timeout,
        maxOutputBytes: maxOutputBytes,
        standardError: standardError
    )
}

/// Whether `pid` has been reaped by the runner (no zombie of ours is left).
func wasReaped(_ pid: Int32) -> Bool {
    var status: Int32 = 0
    return waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD
}

// Serialized: several cases are CPU hogs (`yes`, busy loops) on purpose, and a 2-core machine
// running them all at once measures the scheduler, not the deadline.
@Suite("Child process: own group, deadline, cap, reaped", .serialized)
struct ChildProcessTests {
    /// Commands that never finish, each a different way of leaving descendants behind: a pipeline,
    /// a background job, a group that ignores SIGTERM, a subshell, nested shells, a flood of output
    /// into a pipeline nobody reads past the cap.
    static let runaways = [
        "yes | cat",
        "yes | cat > /dev/null",
        "sleep 30 & sleep 30",
        "trap '' TERM; sleep 30 & sleep 30",
        "(trap '' TERM; while :; do :; done) & wait",
        "sh -c 'sh -c \"sleep 30\"' ; sleep 30",
        "(yes > /dev/null &); sleep 30",
        "cat /dev/zero | head -c 1 > /dev/null; sleep 30 | sleep 30",
    ]

    @Test("a runaway command times out within bound and its whole group is ended", arguments: runaways)
    func runawayGroupIsEnded(command: String) async throws {
        let completion = try await shell(command, timeout: .seconds(1), maxOutputBytes: 16 * 1024 * 1024)
            .runOnOwnThread()
        // Measured by the runner on its own thread: waiting for a free thread of the test pool
        // afterwards (other suites' CPU-heavy tests can hold it for seconds) is not counted.
        let elapsed = completion.elapsed
        // `yes | cat` may fill the 16 MiB cap before the deadline: either way it is stopped.
        let refused: Set<ChildProcess.Outcome> = command == "yes | cat" ? [.timedOut, .outputTooLarge] : [.timedOut]
        #expect(refused.contains(completion.outcome))
        // 1 s deadline + 250 ms grace + reaping, with slack for a loaded machine; far from the
        // 30 s (or forever) the command would take.
        #expect(elapsed < .seconds(4), "took \(elapsed)")
        #expect(await processGroupIsGone(completion.processID), "processes of group \(completion.processID) still run")
        #expect(wasReaped(completion.processID))
    }

    /// The regression: a function that answers and exits, leaving a background process that holds
    /// its stdout, is answered at once (not reported as timed out), and the leftover is ended.
    static let answerThenBackground = [
        "echo '{\"ok\":1}'; sleep 30 &",
        "echo '{\"ok\":1}'; (sleep 30 &)",
        "echo '{\"ok\":1}'; yes > /dev/null &",
        "sleep 30 & echo '{\"ok\":1}'",
        "echo '{\"ok\":1}'; sh -c 'trap \"\" TERM; sleep 30' &",
        "echo '{\"ok\":1}'; sleep 30 >&2 &",
    ]

    @Test("an answer is used as soon as the command exits", arguments: answerThenBackground)
    func answerThenBackgroundIsPrompt(command: String) async throws {
        let completion = try await shell(command, timeout: .seconds(20)).runOnOwnThread()
        // Measured by the runner on its own thread (see runawayGroupIsEnded).
        let elapsed = completion.elapsed
        #expect(completion.outcome == .exited(0))
        #expect(String(decoding: completion.standardOutput, as: UTF8.self) == "{\"ok\":1}\n")
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
        #expect(await processGroupIsGone(completion.processID))
        #expect(wasReaped(completion.processID))
    }

    /// Output sizes on both sides of the cap, and floods far past it: refused as soon as the cap
    /// is passed, without reading the rest.
    @Test(
        "stdout is capped while it is read",
        arguments: [0, 1, 999, 1000, 1001, 4096, 65_536, 65_537, 10_000_000, -1]
    )
    func outputCap(size: Int) async throws {
        let command = size < 0 ? "yes" : "head -c \(size) /dev/zero"
        let completion = try await shell(command, maxOutputBytes: 1000).runOnOwnThread()
        #expect(completion.elapsed < .seconds(2))
        if size >= 0 && size <= 1000 {
            #expect(completion.outcome == .exited(0))
            #expect(completion.standardOutput.count == size)
        } else {
            #expect(completion.outcome == .outputTooLarge)
            #expect(completion.standardOutput.isEmpty)
        }
        #expect(await processGroupIsGone(completion.processID))
    }

    @Test("exit statuses and signals are reported", arguments: [0, 1, 2, 3, 42, 127, 255])
    func exitStatus(status: Int32) async throws {
        let completion = try await shell("echo out; echo err >&2; exit \(status)").runOnOwnThread()
        #expect(completion.outcome == .exited(status))
        #expect(completion.standardOutput == Array("out\n".utf8))
        #expect(completion.standardError == Array("err\n".utf8))
        #expect(wasReaped(completion.processID))
    }

    @Test("a command killed by a signal is reported as signalled", arguments: [SIGKILL, SIGTERM, SIGSEGV])
    func signalled(signal: Int32) async throws {
        let completion = try await shell("kill -\(signal) $$; sleep 5").runOnOwnThread()
        #expect(completion.outcome == .signaled(signal))
    }

    @Test(
        "stdin is delivered whole, and a command that ignores it does not block",
        arguments: [0, 1, 65_535, 65_536, 1_048_576]
    )
    func input(size: Int) async throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let echo = try await shell("cat", input: bytes, maxOutputBytes: 2 * 1024 * 1024).runOnOwnThread()
        #expect(echo.outcome == .exited(0))
        #expect(echo.standardOutput == bytes)
        let ignoring = try await shell("exit 0", input: bytes + [UInt8](repeating: 1, count: 4 * 1024 * 1024))
            .runOnOwnThread()
        #expect(ignoring.outcome == .exited(0))
        #expect(ignoring.elapsed < .seconds(2))
    }

    @Test("stderr is kept up to its cap and drained past it")
    func stderrCap() async throws {
        let completion = try await shell(
            "head -c 5000000 /dev/zero >&2; echo done",
            standardError: .capture(maxBytes: 100)
        )
        .runOnOwnThread()
        #expect(completion.outcome == .exited(0))
        #expect(completion.standardError.count == 100)
        #expect(completion.standardOutput == Array("done\n".utf8))
    }

    @Test("the environment is exactly the one given")
    func environment() async throws {
        let process = ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["env"],
            environment: ["ONLY": "this", "AND": "that=with=equals"],
            timeout: .seconds(10),
            maxOutputBytes: 4096
        )
        let lines = String(decoding: try await process.runOnOwnThread().standardOutput, as: UTF8.self).split(
            separator: "\n"
        ).sorted()
        #expect(lines == ["AND=that=with=equals", "ONLY=this"])
    }

    #if os(Linux)
    @Test("no descriptor of ours and no ignored or blocked signal reaches the command")
    func inheritance() async throws {
        // A descriptor without close-on-exec, as careless code elsewhere in the process might leave.
        let stray = open("/dev/null", O_RDONLY)
        defer { close(stray) }
        let fds = try await shell("ls /proc/$$/fd").runOnOwnThread()
        #expect(String(decoding: fds.standardOutput, as: UTF8.self).split(separator: "\n").sorted() == ["0", "1", "2"])
        let signals = try await shell("exec grep -E '^Sig(Blk|Ign)' /proc/self/status").runOnOwnThread()
        // Signals 1-31; glibc keeps its two internal real-time signals (32, 33) out of reach.
        let masks = String(decoding: signals.standardOutput, as: UTF8.self).split(separator: "\n").map {
            UInt64($0.split(separator: "\t").last ?? "", radix: 16).map { $0 & 0x7fff_ffff }
        }
        #expect(masks == [0, 0], "\(String(decoding: signals.standardOutput, as: UTF8.self))")
    }
    #endif

    @Test("runs at the same time keep their own pipes")
    func concurrentRuns() async throws {
        let outputs = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let bytes = Array("run \(index)\n".utf8)
                    return (
                        index,
                        try await shell("cat", input: bytes, timeout: .seconds(5)).runOnOwnThread().standardOutput
                    )
                }
            }
            var outputs: [Int: [UInt8]] = [:]
            for try await (index, output) in group { outputs[index] = output }
            return outputs
        }
        for index in 0..<8 { #expect(outputs[index] == Array("run \(index)\n".utf8)) }
    }

    @Test(
        "a program that cannot start is an error, not a run",
        arguments: ["/nonexistent/program", "/etc/hostname", "/tmp"]
    )
    func cannotStart(path: String) async {
        let process = ChildProcess(
            executable: path,
            arguments: [path],
            environment: [:],
            timeout: .seconds(1),
            maxOutputBytes: 10
        )
        await #expect(throws: ChildProcess.SpawnError.self) { try await process.runOnOwnThread() }
    }
}
