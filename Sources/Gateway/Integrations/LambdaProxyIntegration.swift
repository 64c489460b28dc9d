import Authorizers
import GatehouseCore
import GatehouseCrypto
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore

/// AWS_PROXY: the request as a Lambda proxy event — payload 1.0 for REST APIs, 2.0 for HTTP
/// APIs (or as the integration's `payloadFormatVersion` says) — through the function runners,
/// and the function's answer read as API Gateway reads it (reference/gateway.md, "Lambda proxy,
/// payload 1.0" and "2.0"). Malformed output or a function error → 502 with AWS's body; the
/// integration timeout → 504.
struct LambdaProxyIntegration {
    let functions: FunctionDirectory
    let region: String
    let accountID: String

    func invoke(
        _ integration: Integration,
        route: Route,
        api: ServedAPI,
        stage: ServedAPI.ServedStage,
        body: [UInt8],
        exchange: inout Exchange
    ) async -> GatewayResponder.Reply {
        let uri = StageVariables.substitute(integration.uri ?? "", exchange.stageVariables)
        guard let name = FunctionDirectory.functionName(fromURI: uri), let function = functions.function(named: name)
        else {
            return .denial(GatewayFailures.configuration(reason: "no function serves `\(uri)`"))
        }
        let version = integration.payloadFormatVersion ?? (api.definition.kind == .http ? "2.0" : "1.0")
        let event =
            version == "2.0"
            ? LambdaProxyEvent.version2(
                exchange: exchange,
                route: route,
                body: body,
                region: region,
                accountID: accountID
            )
            : LambdaProxyEvent.version1(
                exchange: exchange,
                deploymentID: stage.deployment.id,
                binaryMediaTypes: api.definition.binaryMediaTypes,
                body: body,
                region: region,
                accountID: accountID
            )
        let started = ContinuousClock.now
        let output: [UInt8]
        do {
            output = try await function.invoke(
                Array(JSONWriter.text(event).utf8),
                timeout: .milliseconds(integration.timeoutInMillis)
            )
        } catch {
            exchange.integrationLatency = ContinuousClock.now - started
            if case .timedOut = error {
                return .denial(GatewayFailures.integrationTimeout(reason: "function `\(name)`: \(error)"))
            }
            return .denial(GatewayFailures.badLambdaOutput(reason: "function `\(name)`: \(error)"))
        }
        exchange.integrationLatency = ContinuousClock.now - started
        let parsed =
            version == "2.0"
            ? LambdaProxyOutput.parseVersion2(output) : LambdaProxyOutput.parseVersion1(output)
        switch parsed {
        case .failure(let problem):
            return .denial(GatewayFailures.badLambdaOutput(reason: "function `\(name)`: \(problem.message)"))
        case .success(var result):
            var headers = HTTPFields()
            for (headerName, value) in result.headers {
                if let field = HTTPField.Name(headerName) { headers.append(HTTPField(name: field, value: value)) }
            }
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
            // HTTP APIs decode every base64 answer; REST APIs only a binary media type, asked for
            // by the client's Accept or named by the answer's Content-Type (recorded: no match,
            // the base64 text is the body).
            let binary = api.definition.binaryMediaTypes
            if result.isBase64Encoded,
                version == "2.0" || BinaryMediaTypes.accepts(exchange.header("Accept"), binary)
                    || BinaryMediaTypes.matches(headers[.contentType], binary)
            {
                guard let decoded = Base64.decode(String(decoding: result.body, as: UTF8.self)) else {
                    return .denial(
                        GatewayFailures.badLambdaOutput(
                            reason: "function `\(name)`: isBase64Encoded, but the body is not base64"
                        )
                    )
                }
                result.body = decoded
            }
            headers[.contentLength] = String(result.body.count)
            return .response(
                Response(
                    status: HTTPResponse.Status(code: result.status),
                    headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.body))
                )
            )
        }
    }
}
