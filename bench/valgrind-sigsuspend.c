/* Preloaded by bench/instructions.sh only, never linked into gatehouse.
 *
 * Since `gatehouse bench` runs asynchronously, its main thread parks in libdispatch's
 * _dispatch_sig_thread (sigsuspend) while worker threads run the benchmarks; valgrind 3.19 dies
 * with an internal SIGSEGV there. The parked main thread only waits for signals, so waiting in
 * pause() instead changes nothing that is counted. */
#include <signal.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    (void)mask;
    for (;;) pause();
    return -1;
}
