import Foundation
import GatehouseBenchmarks
import Testing

/// The suite behind `gatehouse bench`: every workload builds (its set-up checks that the work is
/// what the name says: a signed request that verifies, a policy that allows), runs, and is
/// selected by the rule the CLI documents.
@Suite struct BenchmarkSuiteTests {
    /// The names `bench/peers.py` and the README compare, and the gateway's entry point.
    static let contractNames = [
        "sigv4.sign", "sigv4.verify.cached", "sigv4.verify.cached.http", "sigv4.verify.cached.async",
        "sigv4.verify.uncached", "sigv4a.sign", "sigv4a.verify", "crypto.sha256.289B", "crypto.hmac.142B",
        "crypto.hmac.142B.evp", "policy.eval.small", "policy.eval.large", "policy.compile.1000",
        "policy.parse.1000", "jwt.verify.rs256", "jwt.verify.es256", "jwt.verify.hs256", "crypto.rsa2048.verify",
        "crypto.p256.verify", "authorizer.cache.hit", "authorizer.cache.hit.conditional",
    ]

    @Test func everyBenchmarkBuildsAndRunsWithUniqueNames() async throws {
        let all = try await BenchmarkSuite.benchmarks(filters: [])
        let names = all.map(\.name)
        #expect(Set(names).count == names.count, "duplicate benchmark names: \(names)")
        #expect(Set(names) == Set(Self.contractNames))
        for benchmark in all { await benchmark.run(iterations: 2) }
    }

    @Test func theGatewayEntryPointIsMeasuredAsync() async throws {
        let selected = try await BenchmarkSuite.benchmarks(filters: ["sigv4.verify.cached.async"])
        #expect(selected.map(\.name) == ["sigv4.verify.cached.async"])
        guard case .async = try #require(selected.first).body else {
            Issue.record("sigv4.verify.cached.async does not await the credential store")
            return
        }
    }

    @Test(arguments: [
        // An exact name selects that benchmark alone, never the names it is a prefix of.
        (["authorizer.cache.hit"], ["authorizer.cache.hit"]),
        (["sigv4.verify.cached"], ["sigv4.verify.cached"]),
        (["crypto.hmac.142B"], ["crypto.hmac.142B"]),
        // Anything else is a prefix.
        (["authorizer."], ["authorizer.cache.hit", "authorizer.cache.hit.conditional"]),
        (["sigv4.verify.cached."], ["sigv4.verify.cached.http", "sigv4.verify.cached.async"]),
        (["policy.eval"], ["policy.eval.small", "policy.eval.large"]),
        // Several filters, side by side, in the suite's order.
        (["crypto.sha256.289B", "crypto.hmac.142B"], ["crypto.sha256.289B", "crypto.hmac.142B"]),
        (["jwt.verify.hs256", "crypto.p256"], ["crypto.p256.verify", "jwt.verify.hs256"]),
        // Nothing selected: empty, for the CLI to word.
        (["sigv5."], []),
        (["SIGV4"], []),
    ])
    func filtersSelectByExactNameElsePrefix(filters: [String], expected: [String]) async throws {
        #expect(try await BenchmarkSuite.benchmarks(filters: filters).map(\.name) == expected)
    }

    @Test func theTokenWorkloadIsExportedForThePeers() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatehouse-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Exported whatever the filters select.
        _ = try await BenchmarkSuite.benchmarks(filters: ["sigv4.sign"], exportTo: directory)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/jwt.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["rs256", "es256", "hs256", "now"])
        #expect(object["now"] as? Int == 1_768_471_200)
    }

    @Test func roundsReportMedianBetweenSlowestAndFastest() async throws {
        var count = 0
        let results = await BenchmarkRunner.measureInterleaved(
            [Benchmark("count") { count += 1 }, Benchmark.awaiting("yield") { await Task.yield() }],
            seconds: 0.06,
            rounds: 3
        )
        #expect(results.map(\.0) == ["count", "yield"])
        for (_, result) in results {
            #expect(result.minimum > 0)
            #expect(result.minimum <= result.median && result.median <= result.maximum)
        }
        #expect(count > 0)
    }
}
