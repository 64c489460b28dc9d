/// Something that runs an authorizer: a Lambda function behind the Invoke API, a local command,
/// or Swift code. It takes the event's JSON and returns the function's JSON.
public protocol AuthorizerFunction: Sendable {
    func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8]
}
