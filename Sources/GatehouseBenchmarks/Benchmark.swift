/// One measured operation: a name (`sigv4.verify.cached`) and the work of one iteration.
///
/// The work is a closure over a workload built once, before timing starts, so an iteration
/// measures the operation and not its set-up. Most paths are synchronous; the entry points a
/// server awaits (a credential store lookup) are measured through their `async` form, with the
/// cost of the call and its suspension points included.
package struct Benchmark {
    /// One iteration of the work.
    package enum Body {
        case sync(() -> Void)
        case async(() async -> Void)
    }

    package let name: String
    package let body: Body

    package init(_ name: String, _ body: @escaping () -> Void) {
        self.name = name
        self.body = .sync(body)
    }

    /// A benchmark of an `async` operation (a separate name, so a synchronous closure never
    /// resolves to this one).
    package static func awaiting(_ name: String, _ body: @escaping () async -> Void) -> Benchmark {
        Benchmark(name: name, body: .async(body))
    }

    private init(name: String, body: Body) {
        self.name = name
        self.body = body
    }

    /// Runs the work `iterations` times, untimed (for instruction counts under callgrind).
    package func run(iterations: Int) async {
        switch body {
        case .sync(let work):
            for _ in 0..<iterations { work() }
        case .async(let work):
            for _ in 0..<iterations { await work() }
        }
    }
}
