#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// `posix_spawn` with the child as the leader of a new process group, every signal at its
    /// default and none blocked (a parent that ignores SIGPIPE must not pass that on to a
    /// pipeline), its standard streams on fresh pipes (or `/dev/null`, or our standard error),
    /// and no other descriptor of ours inherited.
    func spawn() throws(SpawnError) -> Spawned {
        var stdinPipe: (read: Int32, write: Int32) = (-1, -1)
        var stdoutPipe: (read: Int32, write: Int32) = (-1, -1)
        var stderrPipe: (read: Int32, write: Int32) = (-1, -1)
        func closePipes() {
            for fd in [
                stdinPipe.read, stdinPipe.write, stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write,
            ]
            where fd >= 0 { _ = close(fd) }
        }
        do throws(SpawnError) {
            if input != nil { stdinPipe = try Self.makePipe() }
            stdoutPipe = try Self.makePipe()
            if case .capture = standardError { stderrPipe = try Self.makePipe() }
        } catch {
            closePipes()
            throw error
        }

        var actions = unsafe posix_spawn_file_actions_t()
        unsafe posix_spawn_file_actions_init(&actions)
        defer { unsafe posix_spawn_file_actions_destroy(&actions) }
        if stdinPipe.read >= 0 {
            unsafe posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
        } else {
            unsafe posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        unsafe posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        if stderrPipe.write >= 0 { unsafe posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2) }
        // Descriptors 3 and up (sockets, files, other children's pipes) stay ours.
        if let closeFrom = unsafe GNUFunctions.addCloseFrom { _ = unsafe closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        unsafe posix_spawnattr_init(&attributes)
        defer { unsafe posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        unsafe posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))
        unsafe posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        unsafe sigemptyset(&none)
        unsafe posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        unsafe sigfillset(&all)
        unsafe posix_spawnattr_setsigdefault(&attributes, &all)

        let argv = CStrings(arguments.isEmpty ? [executable] : arguments)
        let envp = CStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            unsafe argv.release()
            unsafe envp.release()
        }
        var pid: pid_t = 0
        let result = unsafe posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        // The child's ends are the child's now.
        for fd in [stdinPipe.read, stdoutPipe.write, stderrPipe.write] where fd >= 0 { _ = close(fd) }
        guard result == 0 else {
            for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] where fd >= 0 { _ = close(fd) }
            throw SpawnError(errorNumber: result)
        }
        for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        var spawned = Spawned(
            pid: pid,
            stdinWrite: stdinPipe.write,
            stdoutRead: stdoutPipe.read,
            stderrRead: stderrPipe.read
        )
        spawned.registrySlot = RunningGroups.shared.add(pid)
        return spawned

    }

    /// A pipe whose both ends close on exec: only the `dup2` copies reach the child.
    private static func makePipe() throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let result: Int32
        if let pipe2 = unsafe GNUFunctions.pipe2 {
            result = unsafe pipe2(&fds, Int32(O_CLOEXEC))
        } else {
            result = unsafe pipe(&fds)
            if result == 0 { for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } }
        }
        guard result == 0 else { throw SpawnError(errorNumber: errno) }
        return (fds[0], fds[1])
    }
}

/// A NULL-terminated array of C strings for `argv`/`envp`, freed explicitly.
///
/// `@safe`: making one is safe, and its storage is reached only through `pointers`, whose type
/// makes every use an `unsafe` expression. ``release()`` is `@unsafe`: the caller frees it once,
/// after the last use of `pointers` (here: one `defer` in ``ChildProcess/spawn()``).
@safe
private struct CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        unsafe pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { unsafe pointers[index] = strdup(string) }
        unsafe pointers[strings.count] = nil
    }

    @unsafe
    func release() {
        var index = 0
        while let pointer = unsafe pointers[index] {
            unsafe free(pointer)
            index += 1
        }
        unsafe pointers.deallocate()
    }
}

/// glibc's `pipe2` and `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc
/// module does not declare (they sit behind `_GNU_SOURCE`): found by name at run time, `nil`
/// where the C library lacks them (macOS, where `POSIX_SPAWN_CLOEXEC_DEFAULT` does the job).
/// Both matter when runs overlap: a pipe end made on one thread must not leak into a child
/// spawned by another, or that child holds it open.
private enum GNUFunctions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    static let pipe2: Pipe2? = unsafe symbol("pipe2").map { unsafe unsafeBitCast($0, to: Pipe2.self) }
    static let addCloseFrom: AddCloseFrom? = unsafe symbol("posix_spawn_file_actions_addclosefrom_np").map {
        unsafe unsafeBitCast($0, to: AddCloseFrom.self)
    }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        guard let handle = unsafe dlopen(nil, RTLD_NOW) else { return nil }
        return unsafe dlsym(handle, name)
        #else
        return nil
        #endif
    }
}
