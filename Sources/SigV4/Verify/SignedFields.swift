import GatehouseCrypto

/// Which of a request's fields each signed name matched, found in the verifier's one pass over
/// the fields: the first field of each name, and the names sent more than once (whose values
/// canonicalization joins). The canonical headers are then written without looking again.
///
/// The indices are plain words on the stack, each read and written alone: as a `SIMD16`, each
/// write of one lane was a narrow store followed by a wide reload, which stalls the core's store
/// forwarding (`perf` put a third of the verifier's precheck on that one reload).
struct SignedFields {
    private var indices: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        .max, .max, .max, .max, .max, .max, .max, .max
    )
    /// Bit `k`: name `k` matched more than one field.
    var repeated: UInt16 = 0

    /// The first field matched by name `position`, or -1 (every position starts unmatched).
    @inline(__always)
    func first(_ position: Int) -> Int {
        unsafe Int(withUnsafeBytes(of: indices) { unsafe $0.load(fromByteOffset: 4 * (position & 15), as: Int32.self) })
    }

    /// Notes that field `index` has name `position`.
    @inline(__always)
    mutating func note(field index: Int, position: Int) {
        if first(position) < 0 {
            unsafe withUnsafeMutableBytes(of: &indices) {
                unsafe $0.storeBytes(
                    of: Int32(truncatingIfNeeded: index),
                    toByteOffset: 4 * (position & 15),
                    as: Int32.self
                )
            }
        } else {
            repeated |= 1 << UInt16(position & 15)
        }
    }

    /// `true` when name `position` matched more than one field.
    @inline(__always)
    func isRepeated(_ position: Int) -> Bool { repeated & (1 << UInt16(position & 15)) != 0 }
}
