#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sanitizer this test process was built with (`make sanitize`), found at run time from the
/// sanitizer runtime's own entry point, which the instrumented binary exports.
///
/// Cost tests bound their time (linear work must not turn quadratic); a sanitizer makes every
/// memory access slower, so a bound set for a plain debug build is scaled by ``slowdown``. What a
/// test checks stays the same: a quadratic blow-up is orders of magnitude past any of these
/// factors.
public enum Sanitizer: Sendable {
    case address
    case thread

    /// The sanitizer in this process, if any.
    public static let active: Sanitizer? = {
        if isLinked("__asan_init") { return .address }
        if isLinked("__tsan_init") { return .thread }
        return nil
    }()

    /// How many times slower than a plain debug build: about 2–4× under AddressSanitizer,
    /// 5–15× under ThreadSanitizer (the runtimes' documented ranges), taken at the top.
    public static var slowdown: Int {
        switch active {
        case nil: 1
        case .address: 4
        case .thread: 15
        }
    }

    private static func isLinked(_ symbol: String) -> Bool {
        // RTLD_DEFAULT (the executable and every library loaded with it), a macro Swift cannot
        // import: a null handle in glibc, -2 on Darwin.
        #if canImport(Darwin)
        let everything = UnsafeMutableRawPointer(bitPattern: -2)
        #else
        let everything: UnsafeMutableRawPointer? = nil
        #endif
        return dlsym(everything, symbol) != nil
    }
}

extension Duration {
    /// This bound, scaled for the sanitizer the tests run under (unchanged without one).
    public var scaledForSanitizers: Duration { self * Sanitizer.slowdown }
}
