import AsyncHTTPClient
import Authorizers
import GatehouseCore
import GatewayConfig
import HTTPTypes
import Hummingbird
import Logging

/// The integrations a method can have, behind one `run`: MOCK, HTTP_PROXY and HTTP over a pooled
/// AsyncHTTPClient, AWS_PROXY through the function runners. AWS (non-proxy service calls) is
/// refused at start-up by configuration notices and answered 500 if reached.
struct Integrations: Sendable {
    let http: HTTPIntegration
    let functions: FunctionDirectory
    let region: String
    let accountID: String
    let maxPayloadBytes: Int
    let logger: Logger

    func run(
        _ integration: Integration,
        request: Request,
        body collected: [UInt8]?,
        route: Route,
        api: ServedAPI,
        stage: ServedAPI.ServedStage,
        exchange: inout Exchange
    ) async throws -> GatewayResponder.Reply {
        switch integration.type {
        case .mock:
            return MockIntegration.respond(integration, exchange: exchange)
        case .httpProxy, .http:
            exchange.tracesResponse = true
            return await http.forward(
                integration,
                request: request,
                body: collected,
                exchange: &exchange,
                maxPayloadBytes: maxPayloadBytes
            )
        case .awsProxy:
            var body: [UInt8] = collected ?? []
            if collected == nil {
                do {
                    var buffer = try await request.body.collect(upTo: maxPayloadBytes)
                    body = buffer.readBytes(length: buffer.readableBytes) ?? []
                } catch {
                    return .denial(.requestTooLarge(reason: "body over \(maxPayloadBytes) bytes"))
                }
            }
            exchange.tracesResponse = true
            let proxy = LambdaProxyIntegration(
                functions: functions,
                region: region,
                accountID: accountID
            )
            // A function run as a local command: its runs are shared out per client.
            return await FunctionCaller.$current.withValue(ClientKey.of(exchange.sourceIP)) {
                await proxy.invoke(
                    integration,
                    route: route,
                    api: api,
                    stage: stage,
                    body: body,
                    exchange: &exchange
                )
            }
        default:
            return .denial(
                GatewayFailures.configuration(reason: "integration type \(integration.type) is not served")
            )
        }
    }
}
