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
    /// Too many invocations already wait for this function (Lambda's `TooManyRequestsException`):
    /// refused at once instead of queued without bound.
    case throttled(String)

    public var description: String {
        switch self {
        case .raised(let message): return "the function failed: \(message)"
        case .timedOut(let limit): return "the function did not answer within \(limit)"
        case .crashed(let reason): return "the function crashed: \(reason)"
        case .outputTooLarge(let limit): return "the function's output passed \(limit) bytes"
        case .transport(let reason): return "the function could not be invoked: \(reason)"
        case .throttled(let reason): return "the function is throttled: \(reason)"
        }
    }
}
