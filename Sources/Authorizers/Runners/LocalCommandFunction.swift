import Foundation
import GatehouseCore
import GatehouseProcess

/// Runs an authorizer as a local command: the event JSON on stdin, the response JSON on stdout.
/// A non-zero exit is a function failure whose message is the `errorMessage` of a JSON object on
/// stdout, else the last line on stderr — so a handler that raises `Exception("Unauthorized")`
/// through a small shim gives API Gateway's 401.
///
/// Isolated and bounded like a Lambda invocation:
/// - **Program**: a name without a `/` is found in the absolute folders of the function's `PATH`
///   only, never in the current or the configuration's folder; a path is used as given.
/// - **Environment**: only ``environment`` — by default ``lambdaEnvironment(functionName:region:taskRoot:adding:inheritingFrom:)``,
///   never the caller's own variables (which hold AWS keys and other secrets).
/// - **Process group**: the command runs in a group of its own. At the deadline the whole group
///   gets SIGTERM and, 250 ms later, SIGKILL; when the command exits, whatever it left running in
///   the group is killed, and its answer is used at once even if a leftover holds its output open.
/// - **Output**: stdout is capped while it is read (``maxOutputBytes``); the first 64 KiB of stderr
///   are kept for the error message.
/// - **Concurrency**: at most `maxConcurrent` runs at once; up to `maxWaiting` more wait for a
///   slot, and the wait counts against the invocation's timeout (a run that waited 2 s of its 3 s
///   has 1 s left). A caller beyond `maxWaiting` is refused at once (``FunctionFailure/throttled(_:)``),
///   so one client sending requests faster than the command answers cannot queue everyone else
///   behind it without bound (an attacker's review stalled a Lambda-authorized route for 7.5 s
///   with 80 anonymous requests before this). Each caller (``FunctionCaller/current``, the
///   client's address in the gateway) has at most `maxPerCaller` runs running or waiting: one
///   address cannot fill the queue, so another caller waits behind at most that many of its runs.
///
/// The process work runs on a thread of its own, never on Swift's cooperative pool.
public final class LocalCommandFunction: AuthorizerFunction {
    public let arguments: [String]
    /// The command's whole environment.
    public let environment: [String: String]
    /// The program run: `arguments[0]` itself when it contains a `/`, else the first executable
    /// of that name in `environment["PATH"]`'s absolute folders; `nil` when there is none.
    public let executable: String?
    public let maxOutputBytes: Int
    /// Runs one caller may have running or waiting at once.
    public let maxPerCaller: Int
    private let slots: Slots
    private let shares: LockedBox<[String: Int]>

    /// Invocations running now and invocations waiting for a slot (for tests and diagnostics).
    package var occupancy: (running: Int, waiting: Int) { slots.occupancy }

    /// - Parameters:
    ///   - arguments: the executable (a path, or a name looked up in `PATH`) and its arguments.
    ///   - environment: the command's whole environment (default: the Lambda-like minimum).
    ///   - maxConcurrent: runs allowed at once.
    ///   - maxWaiting: runs allowed to wait for a slot (within their timeout); more are refused.
    ///   - maxPerCaller: runs one ``FunctionCaller`` may have running or waiting (default:
    ///     `maxConcurrent`, so another caller waits behind at most one round of one client's runs;
    ///     an attacker's pass measured 8.5 s of waiting at twice that).
    public init(
        arguments: [String],
        environment: [String: String] = LocalCommandFunction.lambdaEnvironment(functionName: "authorizer"),
        maxConcurrent: Int = 4,
        maxWaiting: Int = 64,
        maxPerCaller: Int? = nil,
        maxOutputBytes: Int = 1024 * 1024
    ) {
        self.arguments = arguments
        self.environment = environment
        self.executable = arguments.first.flatMap { ExecutablePath.resolve($0, searchPath: environment["PATH"]) }
        self.maxOutputBytes = maxOutputBytes
        self.slots = Slots(max(1, maxConcurrent), maxWaiting: max(0, maxWaiting))
        self.maxPerCaller = max(1, maxPerCaller ?? max(1, maxConcurrent))
        self.shares = LockedBox([:])
    }

    /// The environment a command gets, modelled on Lambda's: `PATH` and `LANG` from this process
    /// (neither is a secret; `PATH` keeps only its absolute folders, even when `adding` sets it,
    /// and defaults to `/usr/local/bin:/usr/bin:/bin`, `LANG` to
    /// `C.UTF-8`), `TZ=:UTC`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION=$LATEST`,
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128`, `AWS_REGION` and `AWS_DEFAULT_REGION` (`region`,
    /// else this process's `AWS_REGION`/`AWS_DEFAULT_REGION`, else `us-east-1`),
    /// `LAMBDA_TASK_ROOT` when `taskRoot` is given — then `adding`, which wins. Nothing else of
    /// this process's environment (or `parent`) is passed on: no credentials (`AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, …), no `HOME`.
    public static func lambdaEnvironment(
        functionName: String,
        region: String? = nil,
        taskRoot: String? = nil,
        adding: [String: String] = [:],
        inheritingFrom parent: [String: String]? = nil
    ) -> [String: String] {
        let parent = parent ?? ProcessInfo.processInfo.environment
        func nonEmpty(_ name: String) -> String? { parent[name].flatMap { $0.isEmpty ? nil : $0 } }
        let region = region ?? nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") ?? "us-east-1"
        var environment = [
            "PATH": nonEmpty("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": nonEmpty("LANG") ?? "C.UTF-8",
            "TZ": ":UTC",
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
        ]
        if let taskRoot { environment["LAMBDA_TASK_ROOT"] = taskRoot }
        environment.merge(adding) { _, configured in configured }
        environment["PATH"] = absoluteSearchPath(environment["PATH"] ?? "")
        return environment
    }

    /// `path`'s absolute folders only, in order; the default when none is left. The command and
    /// whatever it starts (`sh -c`, `env`, `xargs`) look programs up in this `PATH`, and a relative
    /// entry (`.`, an empty entry, `bin`) would find them in the current folder — where a planted
    /// `python3` waits — so it is never passed on, as it is never used for the program itself.
    public static func absoluteSearchPath(_ path: String) -> String {
        let folders = path.split(separator: ":", omittingEmptySubsequences: true).filter { $0.hasPrefix("/") }
        return folders.isEmpty ? "/usr/local/bin:/usr/bin:/bin" : folders.joined(separator: ":")
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        guard let name = arguments.first else { throw .crashed("no command") }
        guard let executable else {
            throw .crashed("`\(name)` is not an executable in the function's PATH (a name is looked up in PATH only)")
        }
        let caller = FunctionCaller.current
        if let caller {
            guard enterShare(caller) else {
                throw .throttled("\(maxPerCaller) runs of `\(name)` for \(caller) already run or wait")
            }
        }
        defer { if let caller { leaveShare(caller) } }
        let queued = ContinuousClock.now
        switch await slots.acquire(within: timeout) {
        case .acquired: break
        case .queueFull(let waiting):
            throw .throttled("\(waiting) runs of `\(name)` already wait for a slot")
        case .deadlinePassed: throw .timedOut(timeout)
        }
        defer { slots.release() }
        let remaining = timeout - (ContinuousClock.now - queued)
        guard remaining > .zero else { throw .timedOut(timeout) }
        let process = ChildProcess(
            executable: executable,
            arguments: arguments,
            environment: environment,
            input: event,
            timeout: remaining,
            maxOutputBytes: maxOutputBytes
        )
        let completion: ChildProcess.Completion
        do {
            // Blocking process supervision runs on its own thread, never on a caller's executor.
            completion = try await process.runOnOwnThread()
        } catch {
            throw .crashed("cannot start `\(name)`: \(error)")
        }
        switch completion.outcome {
        case .timedOut: throw .timedOut(timeout)
        case .outputTooLarge: throw .outputTooLarge(maxOutputBytes)
        case .signaled(let signal): throw .crashed("killed by signal \(signal)")
        case .exited(0): return completion.standardOutput
        case .exited(let status):
            throw .raised(
                Self.errorMessage(stdout: completion.standardOutput, stderr: completion.standardError)
                    ?? "exit status \(status)"
            )
        }
    }

    /// Takes one of `caller`'s places, or answers `false` when it has none left.
    private func enterShare(_ caller: String) -> Bool {
        let limit = maxPerCaller
        return shares.withLock { shares in
            let taken = shares[caller, default: 0]
            guard taken < limit else { return false }
            shares[caller] = taken + 1
            return true
        }
    }

    /// Gives `caller`'s place back; a caller with none left leaves the table.
    private func leaveShare(_ caller: String) {
        shares.withLock { shares in
            let taken = shares[caller, default: 1] - 1
            shares[caller] = taken > 0 ? taken : nil
        }
    }

    /// Lambda's error shape on stdout (`{"errorMessage": …}`), else stderr's last line.
    static func errorMessage(stdout: [UInt8], stderr: [UInt8]) -> String? {
        if let message = LambdaInvokeFunction.errorMessage(stdout) { return message }
        let lines = String(decoding: stderr, as: UTF8.self).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return lines.last { !$0.isEmpty }
    }

    /// A counting semaphore for async callers with a bounded queue: a waiter gives up at its
    /// deadline, and a caller finding the queue full is turned away at once.
    ///
    /// The deadline's timer is a child task of the waiting caller, not an unstructured task: it
    /// runs where the caller runs (a test's dedicated thread, the server's executor), so a busy
    /// shared pool cannot hold it back (an unstructured timer here fired 10 s late under the
    /// full test suite's load). A lock, not an actor, for the same reason: nothing has to be
    /// scheduled for a slot to change hands.
    private final class Slots: Sendable {
        enum Outcome: Sendable { case acquired, queueFull(Int), deadlinePassed }

        /// A waiter's life: its timer may fire before it is queued (a tiny deadline), while it
        /// waits, or after it was handed a slot; each case is decided here, under the lock.
        private enum Ticket {
            case reserved
            case waiting(CheckedContinuation<Bool, Never>)
            case expired
        }

        private struct State {
            var free: Int
            var tickets: [UInt64: Ticket] = [:]
            /// Waiting tickets in arrival order (entries whose ticket expired are skipped).
            var order: [UInt64] = []
            var next: UInt64 = 0
        }

        private let state: LockedBox<State>
        private let maxWaiting: Int

        private let capacity: Int

        init(_ count: Int, maxWaiting: Int) {
            state = LockedBox(State(free: count))
            self.maxWaiting = maxWaiting
            capacity = count
        }

        /// Runs holding a slot, and callers waiting for one.
        var occupancy: (running: Int, waiting: Int) {
            state.withLock { state in
                let waiting = state.tickets.values.filter {
                    if case .waiting = $0 { return true }
                    return false
                }.count
                return (capacity - state.free, waiting)
            }
        }

        func acquire(within deadline: Duration) async -> Outcome {
            enum First { case acquired, full(Int), wait(UInt64) }
            let first = state.withLock { state -> First in
                if state.free > 0 {
                    state.free -= 1
                    return .acquired
                }
                guard state.tickets.count < maxWaiting else { return .full(state.tickets.count) }
                let ticket = state.next
                state.next += 1
                state.tickets[ticket] = .reserved
                return .wait(ticket)
            }
            switch first {
            case .acquired: return .acquired
            case .full(let waiting): return .queueFull(waiting)
            case .wait(let ticket):
                return await withTaskGroup(of: Void.self) { group in
                    // Also when the caller is cancelled (its client went away): the sleep ends
                    // early and the waiter leaves the queue at once. After a slot was handed
                    // over, `expire` finds no ticket and does nothing.
                    group.addTask {
                        try? await Task.sleep(for: deadline)
                        self.expire(ticket)
                    }
                    let acquired = await withCheckedContinuation { self.enqueue(ticket, $0) }
                    group.cancelAll()
                    return acquired ? .acquired : .deadlinePassed
                }
            }
        }

        func release() {
            let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                while !state.order.isEmpty {
                    let ticket = state.order.removeFirst()
                    if case .waiting(let continuation) = state.tickets.removeValue(forKey: ticket) {
                        return continuation
                    }
                }
                state.free += 1
                return nil
            }
            next?.resume(returning: true)
        }

        private func enqueue(_ ticket: UInt64, _ continuation: CheckedContinuation<Bool, Never>) {
            let answer = state.withLock { state -> Bool? in
                switch state.tickets[ticket] {
                case .expired, nil:
                    state.tickets[ticket] = nil
                    return false
                case .reserved where state.free > 0:
                    state.free -= 1
                    state.tickets[ticket] = nil
                    return true
                case .reserved, .waiting:
                    state.tickets[ticket] = .waiting(continuation)
                    state.order.append(ticket)
                    return nil
                }
            }
            if let answer { continuation.resume(returning: answer) }
        }

        private func expire(_ ticket: UInt64) {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                switch state.tickets[ticket] {
                case .reserved:
                    state.tickets[ticket] = .expired
                    return nil
                case .waiting(let continuation):
                    state.tickets[ticket] = nil
                    return continuation
                case .expired, nil:
                    return nil
                }
            }
            waiter?.resume(returning: false)
        }
    }
}
