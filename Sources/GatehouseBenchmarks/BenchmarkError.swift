/// A workload that could not be built, or that does not do what it is meant to measure (a
/// signed request that does not verify measures a refusal, not a verification).
package struct BenchmarkError: Error, CustomStringConvertible {
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
