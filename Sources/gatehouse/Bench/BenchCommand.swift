import ArgumentParser
import Foundation
import GatehouseCrypto
import SigV4

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Gatehouse's hot paths on one core.",
        discussion: """
            Each benchmark runs single-threaded for --seconds after a short warm-up. Build in \
            release mode first (`make bench` does, and runs bench/peers.py for the peers on the \
            same work in the same run).

            Workload (reference/sigv4.md §9): GET \
            https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/123?limit=10&sort=asc with \
            Host, Accept and X-Request-Id, empty body.

            Examples:
              gatehouse bench
              gatehouse bench --filter sigv4. --seconds 5
              gatehouse bench --json > bench.json
            """
    )

    @Flag(help: "Print {\"name\": {\"ops_per_s\": N, \"ns_per_op\": N}} instead of a table.")
    var json = false

    @Option(help: "Only benchmarks whose name starts with this.")
    var filter: String?

    @Option(help: "Seconds per benchmark.")
    var seconds: Double = 2

    func run() throws {
        guard seconds > 0, seconds <= 600 else { throw CLIError("--seconds must be in (0, 600]") }
        let benchmarks = try SigV4Benchmarks.all()
        var results: [(String, Double)] = []
        for (name, body) in benchmarks where filter.map({ name.hasPrefix($0) }) ?? true {
            let opsPerSecond = Runner.measure(seconds: seconds, body)
            results.append((name, opsPerSecond))
            if !json {
                print(
                    name.padding(toLength: 28, withPad: " ", startingAt: 0)
                        + String(format: "%14.0f ops/s %10.1f ns/op", opsPerSecond, 1e9 / opsPerSecond)
                )
            }
        }
        if json {
            var object: [String: Any] = [:]
            for (name, ops) in results {
                object[name] = ["ops_per_s": ops.rounded(), "ns_per_op": (1e10 / ops).rounded() / 10]
            }
            print(JSONLines.pretty(object))
        }
    }
}

/// A timing loop: batches of iterations until the time is up, measured with a monotonic clock.
enum Runner {
    static func measure(seconds: Double, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        // Warm-up: a tenth of the time, at least a few iterations.
        let warmupEnd = clock.now.advanced(by: .milliseconds(Int(seconds * 100)))
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
