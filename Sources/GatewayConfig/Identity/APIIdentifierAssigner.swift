/// Gives each API its id: the same id for the same API name every time, and a fresh one, unused by
/// any other name, the first time a name is seen.
///
/// The gateway's store implements this over its data directory, so ids survive restarts; tests use
/// ``InMemoryAPIIdentifierAssigner``. Asynchronous because a shared store (several gateway nodes)
/// answers over the network.
public protocol APIIdentifierAssigner: Sendable {
    /// The id of the API named `name`, assigned now if the name has none yet.
    func identifier(forAPINamed name: String) async throws -> APIIdentifier
}
