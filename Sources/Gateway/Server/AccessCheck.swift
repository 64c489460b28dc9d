import GatehouseCore
import GatewayConfig
import Hummingbird

/// The access step between routing and the integration: the one function the access layer
/// plugs into. It answers a grant (who the caller is, what the authorizer said) or a denial
/// (API Gateway's exact response), failing closed.
///
/// Until the `AccessLayer` module is wired here, methods with authorization `NONE` on APIs
/// without a resource policy are granted; anything else is refused with
/// AUTHORIZER_CONFIGURATION_ERROR (500), never let through.
struct AccessCheck: Sendable {
    enum Outcome: Sendable {
        case granted(AccessGrant)
        case denied(AccessDenial)
    }

    func check(_ request: Request, method: Method, api: ServedAPI, exchange: Exchange) async -> Outcome {
        guard method.authorizationType == .none, api.definition.resourcePolicy == nil else {
            return .denied(
                .authorizerConfigurationError(
                    reason:
                        "authorization \(method.authorizationType) (or a resource policy) needs the access layer, which this build does not wire yet"
                )
            )
        }
        return .granted(.anonymous)
    }
}
