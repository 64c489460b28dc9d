import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch memory for the per-request buffers (the request head, canonical writers, a parsed
/// signature's bytes) straight from `malloc`.
///
/// `UnsafeMutablePointer.allocate` asks the Swift runtime for "default" alignment, which on
/// Linux it serves with `posix_memalign`: measurably slower than `malloc` for the five or so
/// small blocks a signature needs. `malloc`'s 16-byte alignment suits every type stored here.
enum Scratch {
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        guard let pointer = unsafe malloc(max(byteCount, 1)) else {
            fatalError("out of memory allocating \(byteCount) bytes")
        }
        return unsafe pointer
    }

    static func release(_ pointer: UnsafeMutableRawPointer) { unsafe free(pointer) }
}
