#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// A value reachable only while a pthread mutex is held: the package's lock for state shared
/// across threads (caches, memos, test fakes).
///
/// Why not Synchronization's `Mutex`: on Linux a contended `Mutex` is taken and given back inside
/// libswiftSynchronization.so (`_lockSlow`/`_unlockSlow`, a spin then `FUTEX_LOCK_PI`, where the
/// kernel hands the lock over). That library is not instrumented, so ThreadSanitizer sees neither
/// the acquire nor the release and reports the next holder's access as a race with the previous
/// holder's; `make sanitize-thread` needed a suppression for every type that kept its state in a
/// `Mutex`, and a suppression also hides real races in those types. `pthread_mutex_lock` and
/// `pthread_mutex_unlock` are intercepted by ThreadSanitizer, so it sees the happens-before edge
/// a lock hand-over makes. NIOConcurrencyHelpers' `NIOLockedValueBox` is the same design; the
/// library modules do not depend on NIO.
///
/// Cost: one allocation holding the value and the mutex (`ManagedBuffer`), and an uncontended
/// lock and unlock are two calls into libc (a compare-and-swap each). Measured on the hot paths
/// in bench/PERFORMANCE.md.
///
/// `@unchecked Sendable` when the value is `Sendable`: the value is reachable only inside
/// ``withLock(_:)``, with the mutex held, so the type enforces the invariant.
///
/// `@usableFromInline` so that ``withLock(_:)`` and its closure inline into the other modules of
/// the package (Swift 6.3.1 does not inline `@inlinable` members of a plain `package` type across
/// modules; see ByteCopy); Glibc is imported `public` because that inlinable code names pthread's
/// types and functions.
@usableFromInline
package struct LockedBox<Value> {
    @usableFromInline
    let storage: LockedBoxStorage<Value>

    /// A box holding `value`.
    @inlinable
    package init(_ value: Value) {
        storage = LockedBoxStorage.make(value)
    }

    /// `body`'s result, called with the mutex held and the value lent to it.
    @inlinable
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withLock(body)
    }
}

extension LockedBox: @unchecked Sendable where Value: Sendable {}

/// The value (header) and the mutex (the one element) of a ``LockedBox``, in one allocation.
@usableFromInline
@safe
final class LockedBoxStorage<Value>: ManagedBuffer<Value, pthread_mutex_t> {
    @inlinable
    static func make(_ value: Value) -> LockedBoxStorage {
        let buffer = unsafe Self.create(minimumCapacity: 1) { _ in value }
        let storage = unsafe unsafeDowncast(buffer, to: LockedBoxStorage.self)
        unsafe storage.withUnsafeMutablePointerToElements { mutex in
            var attributes = pthread_mutexattr_t()
            unsafe pthread_mutexattr_init(&attributes)
            #if DEBUG
            // Locking twice on one thread is a deadlock; in debug builds it is a crash instead.
            unsafe pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
            #endif
            let status = unsafe pthread_mutex_init(mutex, &attributes)
            precondition(status == 0, "pthread_mutex_init failed: \(status)")
            unsafe pthread_mutexattr_destroy(&attributes)
        }
        return storage
    }

    @inlinable
    func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try unsafe withUnsafeMutablePointers { (value, mutex) throws(Failure) -> Result in
            let locked = unsafe pthread_mutex_lock(mutex)
            assert(locked == 0, "pthread_mutex_lock failed: \(locked)")
            defer {
                let unlocked = unsafe pthread_mutex_unlock(mutex)
                assert(unlocked == 0, "pthread_mutex_unlock failed: \(unlocked)")
            }
            return try unsafe body(&value.pointee)
        }
    }

    deinit {
        _ = unsafe withUnsafeMutablePointerToElements { unsafe pthread_mutex_destroy($0) }
    }
}
