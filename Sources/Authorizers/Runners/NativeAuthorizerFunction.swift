/// A Swift authorizer: existing code as a closure from the event to the response.
public struct NativeAuthorizerFunction: AuthorizerFunction {
    private let body: @Sendable ([UInt8]) async throws -> [UInt8]

    public init(_ body: @escaping @Sendable ([UInt8]) async throws -> [UInt8]) {
        self.body = body
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        do {
            return try await body(event)
        } catch let failure as FunctionFailure {
            throw failure
        } catch {
            throw .raised("\(error)")
        }
    }
}
