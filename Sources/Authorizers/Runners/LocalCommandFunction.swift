import Foundation
import Synchronization

/// Runs an authorizer as a local command: the event JSON on stdin, the response JSON on stdout.
/// A non-zero exit is a function failure whose message is the `errorMessage` of a JSON object on
/// stdout, else the last line on stderr — so a handler that raises `Exception("Unauthorized")`
/// through a small shim gives API Gateway's 401. Bounded: a timeout (the process is killed), a
/// limit on concurrent runs, and a cap on output.
public final class LocalCommandFunction: AuthorizerFunction {
    public let arguments: [String]
    public let maxOutputBytes: Int
    private let slots: Slots

    /// - Parameters:
    ///   - arguments: the executable (a path, or a name looked up in `PATH`) and its arguments.
    ///   - maxConcurrent: runs allowed at once; others wait.
    public init(arguments: [String], maxConcurrent: Int = 4, maxOutputBytes: Int = 1024 * 1024) {
        self.arguments = arguments
        self.maxOutputBytes = maxOutputBytes
        self.slots = Slots(max(1, maxConcurrent))
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        guard !arguments.isEmpty else { throw .crashed("no command") }
        await slots.acquire()
        defer { Task { await slots.release() } }
        let arguments = self.arguments
        let limit = maxOutputBytes
        let outcome: Result<[UInt8], FunctionFailure> = await withCheckedContinuation { continuation in
            // Blocking process I/O runs on its own thread, never on a caller's executor.
            Thread.detachNewThread {
                continuation.resume(returning: Self.run(arguments, event: event, timeout: timeout, limit: limit))
            }
        }
        return try outcome.get()
    }

    private static func run(
        _ arguments: [String],
        event: [UInt8],
        timeout: Duration,
        limit: Int
    )
        -> Result<[UInt8], FunctionFailure>
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(.crashed("cannot start `\(arguments[0])`: \(error.localizedDescription)"))
        }
        let collected = Collected()
        let reader = Thread {
            var data = Data()
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
                if data.count > limit {
                    collected.overflowed.store(true, ordering: .relaxed)
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
            }
            collected.set(stdout: data)
        }
        reader.start()
        let errorReader = Thread {
            // Keep the first 64 KiB; drain the rest so the child never blocks on a full pipe.
            var data = Data()
            while true {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                if data.count < 64 * 1024 { data.append(chunk.prefix(64 * 1024 - data.count)) }
            }
            collected.set(stderr: data)
        }
        errorReader.start()
        // The event is written on its own thread: a child that never reads must not hold us past
        // the deadline (a write into a full pipe blocks).
        let writer = Thread {
            // SIGPIPE from this write is directed at this thread: blocked here, it never fires,
            // and the write fails with EPIPE instead (whatever the process-wide disposition).
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &mask, nil)
            try? input.fileHandleForWriting.write(contentsOf: Data(event))
            try? input.fileHandleForWriting.close()
        }
        writer.start()

        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline && !collected.overflowed.load(ordering: .relaxed) { usleep(1000) }
        if collected.overflowed.load(ordering: .relaxed) {
            process.waitUntilExit()
            return .failure(.outputTooLarge(limit))
        }
        if process.isRunning {
            process.terminate()
            usleep(50_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            // No waitUntilExit here: a background grandchild holding the pipes could keep it from
            // returning; the deadline is what the caller was promised.
            return .failure(.timedOut(timeout))
        }
        process.waitUntilExit()
        // A grandchild that inherited stdout can hold the pipe open after the child exits: wait a
        // moment for the readers, never forever.
        guard let (stdout, stderr) = collected.wait(seconds: 2) else {
            return .failure(.crashed("its output stayed open after it exited (a background process holds it)"))
        }
        if collected.overflowed.load(ordering: .relaxed) { return .failure(.outputTooLarge(limit)) }
        guard process.terminationReason == .exit else {
            return .failure(.crashed("killed by signal \(process.terminationStatus)"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(
                .raised(errorMessage(stdout: stdout, stderr: stderr) ?? "exit status \(process.terminationStatus)")
            )
        }
        return .success(Array(stdout))
    }

    /// Lambda's error shape on stdout (`{"errorMessage": …}`), else stderr's last line.
    static func errorMessage(stdout: Data, stderr: Data) -> String? {
        if let message = LambdaInvokeFunction.errorMessage(Array(stdout)) { return message }
        let lines = String(decoding: stderr, as: UTF8.self).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return lines.last { !$0.isEmpty }
    }

    /// Output gathered by the reader threads.
    private final class Collected: Sendable {
        let overflowed = Atomic<Bool>(false)
        private let state = Mutex<(stdout: Data?, stderr: Data?)>((nil, nil))
        private let done = DispatchSemaphore(value: 0)

        func set(stdout: Data) {
            state.withLock { $0.stdout = stdout }
            done.signal()
        }

        func set(stderr: Data) {
            state.withLock { $0.stderr = stderr }
            done.signal()
        }

        /// Both streams, or `nil` when they are not both closed within `seconds`.
        func wait(seconds: Double) -> (Data, Data)? {
            let deadline = DispatchTime.now() + seconds
            guard done.wait(timeout: deadline) == .success, done.wait(timeout: deadline) == .success else { return nil }
            return state.withLock { ($0.stdout ?? Data(), $0.stderr ?? Data()) }
        }
    }

    /// A counting semaphore for async callers.
    private actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = count }

        func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty {
                free += 1
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}
