#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether no process of group `pgid` is left running, waiting up to `bound`.
///
/// `kill(-pgid, 0)` failing with ESRCH is the proof; on Linux a group whose members are all
/// zombies also counts: they are dead, and wait only for init to reap them (some container
/// inits do that every few seconds, which would turn every check into a wait for init).
///
/// The group is looked at once more after `bound` has passed: a task on a busy test pool can wake
/// from its sleep long after the bound (AddressSanitizer runs measured 62 s), and that one late
/// look must still count, not end the wait unlooked.
public func processGroupIsGone(_ pgid: Int32, within bound: Duration = .seconds(5)) async -> Bool {
    let until = ContinuousClock.now + bound
    while true {
        if kill(-pgid, 0) == -1 && errno == ESRCH { return true }
        #if os(Linux)
        if !groupHasLiveMember(pgid) { return true }
        #endif
        if ContinuousClock.now >= until { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
}

#if os(Linux)
/// Whether any process in /proc has process group `pgid` and is not a zombie.
private func groupHasLiveMember(_ pgid: Int32) -> Bool {
    guard let folder = opendir("/proc") else { return true }
    defer { closedir(folder) }
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard let pid = Int32(name) else { continue }
        guard let stat = readSmallFile("/proc/\(pid)/stat") else { continue }
        // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses: read after the last `)`.
        guard let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let group = Int32(fields[2]) else { continue }
        if group == pgid && fields[0] != "Z" && fields[0] != "X" { return true }
    }
    return false
}

private func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count], as: UTF8.self)
}
#endif
