#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The controlling terminal lent to a child's process group for the length of a run, as a shell
/// does for a foreground job.
///
/// A child in a group of its own is a *background* job to the terminal: reading it (a credential
/// helper's `getpass` MFA prompt on `/dev/tty`) stops it with SIGTTIN. When this process has the
/// terminal in the foreground, the child's group gets it instead — its prompts work, and Ctrl-C
/// reaches it — and it comes back when the run ends. Without a terminal, or from the background,
/// nothing changes.
struct TerminalHandover {
    private let fd: Int32
    private let ownGroup: pid_t

    /// Lends the terminal to `childGroup`, or `nil` when this process does not hold it.
    init?(to childGroup: pid_t) {
        let fd = unsafe open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let own = getpgrp()
        guard tcgetpgrp(fd) == own, Self.setForeground(fd, childGroup) else {
            close(fd)
            return nil
        }
        // It may have touched the terminal (and been stopped) before the terminal was its own.
        _ = kill(-childGroup, SIGCONT)
        self.fd = fd
        self.ownGroup = own
    }

    /// Takes the terminal back.
    func restore() {
        _ = Self.setForeground(fd, ownGroup)
        close(fd)
    }

    /// `tcsetpgrp` with SIGTTOU blocked: once the terminal is lent, this process is in the
    /// background, and taking it back would otherwise stop this process.
    private static func setForeground(_ fd: Int32, _ group: pid_t) -> Bool {
        var ttou = sigset_t()
        unsafe sigemptyset(&ttou)
        unsafe sigaddset(&ttou, SIGTTOU)
        var previous = sigset_t()
        unsafe pthread_sigmask(SIG_BLOCK, &ttou, &previous)
        defer { unsafe pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return tcsetpgrp(fd, group) == 0
    }
}
