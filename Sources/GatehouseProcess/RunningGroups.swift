import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups of the runs in progress, so that a program ended by Ctrl-C or `kill` can end
/// them too: a child in a group of its own no longer gets the terminal's SIGINT, and without this
/// a runaway pipeline would outlive the program that started it (and its deadline with it).
final class RunningGroups: Sendable {
    static let shared = RunningGroups()

    /// One slot per run in progress (0 = free); runs past 64 at once are not tracked.
    private let slots: InlineArray<64, Atomic<Int32>> = InlineArray { _ in Atomic(0) }

    /// Records `pgid`; returns its slot for ``remove(_:)``.
    func add(_ pgid: Int32) -> Int? {
        for index in slots.indices
        where slots[index].compareExchange(expected: 0, desired: pgid, ordering: .relaxed).exchanged {
            return index
        }
        return nil
    }

    func remove(_ slot: Int?) {
        if let slot { slots[slot].store(0, ordering: .relaxed) }
    }

    /// SIGKILL to every recorded group. Async-signal-safe: atomic loads and `kill`, no allocation.
    func killAll() {
        for index in slots.indices {
            let pgid = slots[index].load(ordering: .relaxed)
            if pgid > 0 { _ = kill(-pgid, SIGKILL) }
        }
    }
}

extension ChildProcess {
    /// Makes SIGINT, SIGTERM and SIGHUP end the process groups of the runs in progress before this
    /// process goes: the handler kills them, then the signal's previous action runs (the default:
    /// this process ends by the same signal). For command-line programs; a server that handles
    /// these signals itself should end its runs in its own shutdown instead. Call once, early.
    public static func endRunningGroupsOnTermination() {
        _ = RunningGroups.shared  // initialized here, never first inside a signal handler
        for number in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(number, endGroupsThenResignal)
            // A signal this process ignores (`nohup`) stays ignored.
            if unsafe unsafeBitCast(previous, to: Int.self) == 1 { _ = signal(number, SIG_IGN) }
        }
    }
}

/// The handler: end the recorded groups, then die of the same signal by its default action.
private func endGroupsThenResignal(_ number: Int32) {
    RunningGroups.shared.killAll()
    _ = signal(number, SIG_DFL)
    _ = raise(number)
}
