/// The timing loop: batches of iterations until the time is up, measured with a monotonic clock,
/// in several rounds whose median is reported.
package enum BenchmarkRunner {
    /// Operations per second: the median round, and the slowest and fastest.
    package struct Result {
        package var median: Double
        package var minimum: Double
        package var maximum: Double
    }

    /// Each benchmark for `seconds` in all, as `rounds` rounds taken in turn across the list
    /// (round 1 of each, then round 2 of each, …), in the list's order.
    ///
    /// A shared machine changes speed from one second to the next; taken in turn, a slow spell
    /// falls on every benchmark alike, so same-run ratios (an operation against its crypto floor)
    /// compare like with like.
    package static func measureInterleaved(
        _ benchmarks: [Benchmark],
        seconds: Double,
        rounds: Int
    ) async -> [(String, Result)] {
        let perRound = seconds / Double(rounds)
        var samples = [[Double]](repeating: [], count: benchmarks.count)
        for round in 0..<rounds {
            for index in benchmarks.indices {
                samples[index].append(await measureOnce(seconds: perRound, warmUp: round == 0, benchmarks[index]))
            }
        }
        return benchmarks.indices.map { index in
            let sorted = samples[index].sorted()
            return (
                benchmarks[index].name,
                Result(median: sorted[sorted.count / 2], minimum: sorted[0], maximum: sorted[sorted.count - 1])
            )
        }
    }

    /// One round: operations per second over `seconds`, after a warm-up that also sizes the batch
    /// of iterations between clock reads.
    private static func measureOnce(seconds: Double, warmUp: Bool, _ benchmark: Benchmark) async -> Double {
        let clock = ContinuousClock()
        // Warm-up: a tenth of the time in the first round, at least a few iterations; every later
        // round warms up briefly.
        let warmupEnd = clock.now.advanced(
            by: .milliseconds(warmUp ? max(50, Int(seconds * 200)) : max(10, Int(seconds * 50)))
        )
        var batch = 1
        while clock.now < warmupEnd {
            await benchmark.run(iterations: batch)
            batch = min(batch * 2, 1 << 16)
        }
        let start = clock.now
        let end = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        var iterations = 0
        var now = start
        while now < end {
            await benchmark.run(iterations: batch)
            iterations += batch
            now = clock.now
        }
        let elapsed = now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(iterations) / elapsedSeconds
    }
}
