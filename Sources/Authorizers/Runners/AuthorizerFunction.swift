/// Something that runs an authorizer: a Lambda function behind the Invoke API, a local command,
/// or Swift code. It takes the event's JSON and returns the function's JSON.
public protocol AuthorizerFunction: Sendable {
    func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8]
}

/// Why a function gave no usable answer. Only `raised("Unauthorized")` means 401; everything else
/// is API Gateway's 500.
public enum FunctionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The function ran and failed with this error message (Lambda's `errorMessage`).
    case raised(String)
    case timedOut(Duration)
    /// It could not be started, crashed, or was killed.
    case crashed(String)
    /// Its output passed the size limit.
    case outputTooLarge(Int)
    /// The Invoke API could not be reached or answered an error.
    case transport(String)

    public var description: String {
        switch self {
        case .raised(let message): return "the function failed: \(message)"
        case .timedOut(let limit): return "the function did not answer within \(limit)"
        case .crashed(let reason): return "the function crashed: \(reason)"
        case .outputTooLarge(let limit): return "the function's output passed \(limit) bytes"
        case .transport(let reason): return "the function could not be invoked: \(reason)"
        }
    }
}

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
