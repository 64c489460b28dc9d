import ArgumentParser
import Foundation
import GatehouseBenchmarks

/// `gatehouse bench`: parses the options, runs the GatehouseBenchmarks suite and prints its
/// numbers (the workloads and the timing loop live in that target).
struct BenchCommand: AsyncParsableCommand {
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
            Host, Accept and X-Request-Id, empty body. sigv4.verify.cached verifies it with a \
            synchronous credential lookup; sigv4.verify.cached.http first converts it from \
            swift-http-types' HTTPRequest; sigv4.verify.cached.async is the gateway's entry point: \
            the conversion, then the async verification that awaits the credential store.

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

    func run() async throws {
        guard seconds > 0, seconds <= 600 else { throw CLIError("--seconds must be in (0, 600]") }
        guard (1...100).contains(rounds) else { throw CLIError("--rounds must be 1 to 100") }
        let selected: [Benchmark]
        do {
            // Only the workloads the filters can select are built (see BenchmarkSuite).
            selected = try await BenchmarkSuite.benchmarks(filters: filter, exportTo: exportWorkload)
            guard !selected.isEmpty else {
                let names = try await BenchmarkSuite.names()
                throw CLIError(
                    "--filter \(filter.joined(separator: ", ")): no benchmark has that name or prefix; the benchmarks are \(names.joined(separator: ", "))"
                )
            }
        } catch let error as BenchmarkError {
            throw CLIError("bench: \(error.message)")
        }
        if let iterations {
            guard iterations >= 0 else { throw CLIError("--iterations must be 0 or more") }
            for benchmark in selected {
                await benchmark.run(iterations: iterations)
                if !json { print("\(benchmark.name): \(iterations) iterations") }
            }
            return
        }
        if !json && selected.count > 1 {
            let total = Int((seconds * 1.1 * Double(selected.count)).rounded(.up))
            printError("\(selected.count) benchmarks × \(rounds) interleaved rounds, about \(total) s…")
        }
        let results = await BenchmarkRunner.measureInterleaved(selected, seconds: seconds, rounds: rounds)
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
        } else {
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
    }
}
