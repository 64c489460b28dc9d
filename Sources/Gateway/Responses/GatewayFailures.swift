import GatehouseCore

/// The gateway's own refusals and integration failures that GatehouseCore's ``AccessDenial``
/// catalogue does not hold, with the bodies reference/gateway.md gives ("Integration failures
/// (REST)"). Every one is a value mapped to a response in one place (``GatewayResponseRenderer``).
enum GatewayFailures {
    /// The 36-byte body AWS sends for integration failures: note the space after the colon,
    /// unlike the gateway-response template's compact form (recorded).
    static let internalServerErrorBody = #"{"message": "Internal server error"}"#

    /// A request target with a dot segment or a broken percent-escape: 400 before routing.
    /// AWS's front door (CloudFront or the regional load balancer) refuses these itself with a
    /// bare 400; the body here is the gateway template's, a choice.
    static func badRequest(reason: String) -> AccessDenial {
        AccessDenial(
            .default4XX,
            status: 400,
            errorType: "BadRequestException",
            message: "Bad Request",
            reason: reason
        )
    }

    /// An unknown or missing stage, or no API at the address: 403 `{"message":"Forbidden"}`
    /// (23 bytes), `ForbiddenException` (recorded), not Missing Authentication Token. Customised
    /// through DEFAULT_4XX, as no other type names it.
    static func unknownStage(reason: String) -> AccessDenial {
        AccessDenial(.default4XX, status: 403, errorType: "ForbiddenException", message: "Forbidden", reason: reason)
    }

    /// Malformed Lambda proxy output, or a function error: 502 `{"message": "Internal server error"}`,
    /// no `x-amzn-ErrorType` (recorded).
    static func badLambdaOutput(reason: String) -> AccessDenial {
        AccessDenial(
            .integrationFailure,
            status: 502,
            errorType: "",
            message: "Internal server error",
            body: internalServerErrorBody,
            reason: reason
        )
    }

    /// A backend that refuses the connection, or an endpoint that cannot be used: 500
    /// `{"message": "Internal server error"}`, `InternalServerErrorException` (recorded for an
    /// invalid endpoint; LocalStack's handlers for a refused connection).
    static func integrationUnreachable(reason: String) -> AccessDenial {
        AccessDenial(
            .integrationFailure,
            status: 500,
            errorType: "InternalServerErrorException",
            message: "Internal server error",
            body: internalServerErrorBody,
            reason: reason
        )
    }

    /// A network failure after connecting (reset, garbage): 500
    /// `{"message":"Network error communicating with endpoint"}` (LocalStack's handlers).
    static func integrationNetworkError(reason: String) -> AccessDenial {
        AccessDenial(
            .integrationFailure,
            status: 500,
            errorType: "InternalServerErrorException",
            message: "Network error communicating with endpoint",
            reason: reason
        )
    }

    /// The integration's timeout (29 s by default) passed: 504 `{"message":"Endpoint request timed out"}`.
    static func integrationTimeout(reason: String) -> AccessDenial {
        AccessDenial(
            .integrationTimeout,
            status: 504,
            errorType: "InternalServerErrorException",
            message: "Endpoint request timed out",
            reason: reason
        )
    }

    /// A method whose configuration cannot be served (no integration, an unknown function):
    /// 500 `{"message": "Internal server error"}` as AWS answers a broken integration.
    static func configuration(reason: String) -> AccessDenial {
        AccessDenial(
            .apiConfigurationError,
            status: 500,
            errorType: "InternalServerErrorException",
            message: "Internal server error",
            body: internalServerErrorBody,
            reason: reason
        )
    }

    /// Whether a failure keeps its recorded bytes whatever the API's gateway responses say:
    /// the 500 and 502 integration answers do (recorded, reference/gateway.md).
    static func ignoresCustomization(_ denial: AccessDenial) -> Bool {
        denial.body == internalServerErrorBody
    }
}
