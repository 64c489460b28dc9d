import Authorizers
import GatehouseCore
import Logging

/// Where a Lambda ARN's function runs: a local command given as `--function NAME=COMMAND`, else
/// the Lambda Invoke API at `--lambda-endpoint`. Runners are made once per name and reused.
struct FunctionDirectory: Sendable {
    let commands: [String: any AuthorizerFunction]
    let lambdaEndpoint: String?
    let transport: (any HTTPTransport)?

    init(
        functions: [String: String],
        lambdaEndpoint: String?,
        transport: (any HTTPTransport)?,
        region: String
    ) {
        var commands: [String: any AuthorizerFunction] = [:]
        for (name, command) in functions {
            commands[name] = LocalCommandFunction(
                arguments: ["/bin/sh", "-c", command],
                environment: LocalCommandFunction.lambdaEnvironment(functionName: name, region: region)
            )
        }
        self.commands = commands
        self.lambdaEndpoint = lambdaEndpoint
        self.transport = transport
    }

    /// The function a name reaches, or `nil` when neither a command nor an endpoint serves it.
    func function(named name: String) -> (any AuthorizerFunction)? {
        if let command = commands[name] { return command }
        guard let lambdaEndpoint, let transport else { return nil }
        return try? LambdaInvokeFunction(endpoint: lambdaEndpoint, functionName: name, transport: transport)
    }

    /// The function name in an integration or authorizer URI: the Lambda ARN's name after
    /// `function:` (a version or alias dropped), or a bare name.
    /// `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fnArn}/invocations`.
    static func functionName(fromURI uri: String) -> String? {
        var arn = uri
        if let range = uri.firstRange(of: "/functions/") {
            arn = String(uri[range.upperBound...])
            if let end = arn.firstRange(of: "/invocations") { arn = String(arn[..<end.lowerBound]) }
        }
        if let range = arn.firstRange(of: ":function:") {
            let rest = arn[range.upperBound...]
            let name = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            return name.isEmpty ? nil : name
        }
        return arn.isEmpty || arn.contains(":") || arn.contains("/") ? nil : arn
    }
}
