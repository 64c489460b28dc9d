import ArgumentParser
import Foundation
import GatehouseCrypto
import SigV4

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Gatehouse's hot paths on one core.",
        discussion: """
            Each benchmark runs single-threaded for --seconds after a short warm-up, in --rounds \
            rounds whose median is reported. Rounds are interleaved across the benchmarks (round 1 \
            of each, then round 2 of each, …): a shared machine changes speed from one second to \
            the next, and this way a slow spell falls on every benchmark alike, so same-run ratios \
            (jwt.verify.es256 against its floor crypto.p256.verify) compare like with like. Build \
            in release mode first (`make bench` does, and runs bench/peers.py for the peers on the \
            same work in the same run).

            SigV4 workload (reference/sigv4.md §9): GET \
            https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/123?limit=10&sort=asc with \
            Host, Accept and X-Request-Id, empty body.

            Policy workloads (reference/iam.md §9): policy.eval.small decides execute-api:Invoke \
            against one identity policy of 10 statements (3 with conditions); policy.eval.large \
            decides over 1,000 policies × 10 statements across 50 services (256 rotating \
            requests); policy.compile.1000 compiles those 1,000 loaded policies into an indexed set, \
            and policy.parse.1000 parses and validates them from JSON.

            JWT workloads: jwt.verify.rs256, jwt.verify.es256 and jwt.verify.hs256 verify one token each \
            (issuer, audience, exp/iat checked) against cached keys; crypto.rsa2048.verify and \
            crypto.p256.verify are the bare OpenSSL verifications of the same signing input; \
            authorizer.cache.hit is a TOKEN authorizer answering from its result cache (identity \
            header, cache key, lookup, and the judgement the entry remembers for the method ARN of \
            its context-free policy); authorizer.cache.hit.conditional is the same with an \
            IpAddress condition in the policy, so each hit builds the condition context and \
            evaluates the policy.

            Examples:
              gatehouse bench
              gatehouse bench --filter sigv4. --seconds 5
              gatehouse bench --filter policy.
              gatehouse bench --filter jwt.verify.es256 --filter crypto.p256.verify --rounds 10
              gatehouse bench --json > bench.json
              valgrind --tool=callgrind gatehouse bench --filter sigv4.verify.cached --iterations 20000
            """
    )

    @Flag(help: "Print {\"name\": {\"ops_per_s\": N, \"ns_per_op\": N}} instead of a table.")
    var json = false

    @Option(
        help:
            "Only the benchmark with this name, or else those whose name starts with this; repeat to measure several side by side."
    )
    var filter: [String] = []

    @Option(
        help: "Seconds per benchmark, split evenly over the rounds. \(OptionRange.benchSeconds.help)",
        transform: OptionRange.benchSeconds.parse
    )
    var seconds: Double = 2

    @Option(
        help:
            "Rounds per benchmark; the median is reported (shared machines are noisy). \(OptionRange.rounds.help)",
        transform: OptionRange.rounds.parse
    )
    var rounds: Int = 5

    @Option(
        name: .customLong("export-workload"),
        help: "Write the JWT workload (tokens, public keys, the clock) to DIR/jwt.json for bench/peers.py."
    )
    var exportWorkload: String?

    @Option(
        help:
            "Run exactly N iterations of each benchmark instead of timing (for instruction counts: run under callgrind with N and 2N and subtract). \(OptionRange.iterations.help)",
        transform: OptionRange.iterations.parse
    )
    var iterations: Int?

    /// A benchmark named exactly by a `--filter` is selected alone by it (`authorizer.cache.hit`
    /// without `authorizer.cache.hit.conditional`); otherwise a filter is a prefix.
    private func selects(_ name: String, among benchmarks: [(String, () -> Void)]) -> Bool {
        guard !filter.isEmpty else { return true }
        return filter.contains { filter in
            benchmarks.contains(where: { $0.0 == filter }) ? name == filter : name.hasPrefix(filter)
        }
    }

    /// Every benchmark's name, for the error that lists them (builds every workload: only on
    /// that error path).
    private static func allNames() throws -> [String] {
        try (SigV4Benchmarks.all() + PolicyBenchmarks.all() + JWTBenchmarks.all(exportTo: nil)).map(\.0)
    }

    func run() throws {
        guard seconds > 0, seconds <= 600 else { throw CLIError("--seconds must be in (0, 600]") }
        guard (1...100).contains(rounds) else { throw CLIError("--rounds must be 1 to 100") }
        // Build only the workloads the filter can select: set-up (RSA key generation above all)
        // is randomized, and would blur callgrind's N-versus-2N difference.
        let groups: [([String], () throws -> [(String, () -> Void)])] = [
            (["sigv4", "crypto.sha", "crypto.hmac"], { try SigV4Benchmarks.all() }),
            (["policy."], { try PolicyBenchmarks.all() }),
            (
                ["jwt.", "crypto.rsa", "crypto.p256", "authorizer."],
                { try JWTBenchmarks.all(exportTo: exportWorkload) }
            ),
        ]
        var benchmarks: [(String, () -> Void)] = []
        for (prefixes, make) in groups
        where filter.isEmpty || exportWorkload != nil
            || prefixes.contains(where: { prefix in filter.contains { prefix.hasPrefix($0) || $0.hasPrefix(prefix) } })
        {
            benchmarks += try make()
        }
        guard filter.isEmpty || benchmarks.contains(where: { selects($0.0, among: benchmarks) }) else {
            let all = try Self.allNames()
            throw CLIError(
                "--filter \(filter.joined(separator: ", ")): no benchmark has that name or prefix; the benchmarks are \(all.joined(separator: ", "))"
            )
        }
        if let iterations {
            guard iterations >= 0 else { throw CLIError("--iterations must be 0 or more") }
            for (name, body) in benchmarks where selects(name, among: benchmarks) {
                for _ in 0..<iterations { body() }
                if !json { print("\(name): \(iterations) iterations") }
            }
            return
        }
        let selected = benchmarks.filter { selects($0.0, among: benchmarks) }
        if !json && selected.count > 1 {
            let total = Int((seconds * 1.1 * Double(selected.count)).rounded(.up))
            printError("\(selected.count) benchmarks × \(rounds) interleaved rounds, about \(total) s…")
        }
        let results = Runner.measureInterleaved(selected, seconds: seconds, rounds: rounds)
        if !json {
            for (name, result) in results {
                print(
                    name.padding(toLength: 34, withPad: " ", startingAt: 0)
                        + String(
                            format: "%14.0f ops/s %10.1f ns/op   (rounds %.0f–%.0f)",
                            result.median,
                            1e9 / result.median,
                            result.minimum,
                            result.maximum
                        )
                )
            }
        }
        if json {
            var object: [String: Any] = [:]
            for (name, result) in results {
                object[name] = [
                    "ops_per_s": result.median.rounded(), "ns_per_op": (1e10 / result.median).rounded() / 10,
                    "ops_per_s_min": result.minimum.rounded(), "ops_per_s_max": result.maximum.rounded(),
                    "rounds": rounds,
                ]
            }
            print(JSONLines.pretty(object))
        }
    }
}

/// A timing loop: batches of iterations until the time is up, measured with a monotonic clock, in
/// several rounds whose median is reported.
enum Runner {
    struct Result {
        var median: Double
        var minimum: Double
        var maximum: Double
    }

    /// Each benchmark for `seconds` in all, as `rounds` rounds taken in turn across the list
    /// (see the command's discussion for why), in the list's order.
    static func measureInterleaved(
        _ benchmarks: [(String, () -> Void)],
        seconds: Double,
        rounds: Int
    ) -> [(String, Result)] {
        let perRound = seconds / Double(rounds)
        var samples = [[Double]](repeating: [], count: benchmarks.count)
        for round in 0..<rounds {
            for index in benchmarks.indices {
                samples[index].append(measureOnce(seconds: perRound, warmUp: round == 0, benchmarks[index].1))
            }
        }
        return benchmarks.indices.map { index in
            let sorted = samples[index].sorted()
            return (
                benchmarks[index].0,
                Result(median: sorted[sorted.count / 2], minimum: sorted[0], maximum: sorted[sorted.count - 1])
            )
        }
    }

    private static func measureOnce(seconds: Double, warmUp: Bool, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        // Warm-up: a tenth of the time, at least a few iterations.
        // Every round warms up briefly, which also sizes the batch between clock reads.
        let warmupEnd = clock.now.advanced(
            by: .milliseconds(warmUp ? max(50, Int(seconds * 200)) : max(10, Int(seconds * 50)))
        )
        var batch = 1
        while clock.now < warmupEnd {
            for _ in 0..<batch { body() }
            batch = min(batch * 2, 1 << 16)
        }
        let start = clock.now
        let end = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        var iterations = 0
        var now = start
        while now < end {
            for _ in 0..<batch { body() }
            iterations += batch
            now = clock.now
        }
        let elapsed = now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(iterations) / elapsedSeconds
    }
}

/// Keeps the optimizer from deleting benchmark work.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
