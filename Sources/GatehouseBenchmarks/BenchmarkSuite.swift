/// Every benchmark, by family, and the rule that selects them by name.
package enum BenchmarkSuite {
    /// The families and the name prefixes each can produce. Only the families a filter can select
    /// are built: set-up (RSA key parsing above all) is work that would blur callgrind's
    /// N-versus-2N difference, and some of it is randomized.
    private static var families: [(prefixes: [String], make: (String?) async throws -> [Benchmark])] {
        [
            (["sigv4", "crypto.sha", "crypto.hmac"], { _ in try await SigV4Benchmarks.all() }),
            (["policy."], { _ in try PolicyBenchmarks.all() }),
            (["jwt.", "crypto.rsa", "crypto.p256", "authorizer."], { try JWTBenchmarks.all(exportTo: $0) }),
        ]
    }

    /// The benchmarks `filters` select, in the suite's order (all of them when `filters` is
    /// empty); empty when no benchmark has a name a filter selects.
    ///
    /// A filter that is exactly a benchmark's name selects that benchmark alone
    /// (`authorizer.cache.hit` without `authorizer.cache.hit.conditional`); any other filter is
    /// a prefix. With `exportTo`, the token workload is written to `exportTo/jwt.json` for
    /// `bench/peers.py`, whatever the filters select.
    package static func benchmarks(filters: [String], exportTo directory: String? = nil) async throws -> [Benchmark] {
        var built: [Benchmark] = []
        for family in families
        where filters.isEmpty || directory != nil
            || family.prefixes.contains(where: { prefix in
                filters.contains { prefix.hasPrefix($0) || $0.hasPrefix(prefix) }
            })
        {
            built += try await family.make(directory)
        }
        return built.filter { selects($0.name, among: built, filters: filters) }
    }

    /// Every benchmark's name, in the suite's order (builds every workload).
    package static func names() async throws -> [String] {
        try await benchmarks(filters: []).map(\.name)
    }

    private static func selects(_ name: String, among benchmarks: [Benchmark], filters: [String]) -> Bool {
        guard !filters.isEmpty else { return true }
        return filters.contains { filter in
            benchmarks.contains(where: { $0.name == filter }) ? name == filter : name.hasPrefix(filter)
        }
    }
}
