/// The one way the gateway bounds an outbound call in time: the call and a timer race as child
/// tasks of one group, the first to finish decides, and the other is cancelled (an HTTP exchange
/// with its connection).
///
/// Used instead of AsyncHTTPClient's own `execute(_:timeout:)` deadline: under AddressSanitizer
/// that deadline did not fire at all in GatewayIntegrationTests' 504 test (a 300 ms integration
/// timeout, a 3 s backend: the backend's 200 came back after 4 s), while this race — the same one
/// the Authorizers' transport already used — answers on time. One contract for both callers:
/// ``AsyncHTTPTransport`` (keys, introspection, Lambda Invoke) and the HTTP integrations.
enum Deadline {
    /// The timer won: `limit` passed before the call finished.
    struct Passed: Error, Equatable {
        let limit: Duration
    }

    /// `operation`'s result, or ``Passed`` once `limit` has elapsed first. Errors the operation
    /// throws are rethrown as they are; a cancelled caller cancels both.
    static func race<Value: Sendable>(
        _ limit: Duration,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw Passed(limit: limit)
            }
            return value
        }
    }
}
