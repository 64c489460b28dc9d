/// AWS's answers, one constructor each. Texts and bytes are reference/gateway.md's recordings;
/// where the reference marks one unverified, the doc comment says what was chosen.
extension AccessDenial {
    /// 403 `{"message":"Missing Authentication Token"}`: an unsigned request to an `AWS_IAM`
    /// method, or no resource or method matched (API Gateway answers 403, not 404, there).
    public static func missingAuthenticationToken(reason: String) -> AccessDenial {
        AccessDenial(
            .missingAuthenticationToken,
            status: 403,
            errorType: "MissingAuthenticationTokenException",
            message: "Missing Authentication Token",
            reason: reason
        )
    }

    /// 401 `{"message":"Unauthorized"}` (26 bytes): an identity source missing or empty, a token
    /// refused, or a Lambda authorizer that failed with the exact message `Unauthorized`. REST and
    /// HTTP APIs answer the same bytes; an HTTP API's JWT authorizer adds `www-authenticate`.
    public static func unauthorized(api: API = .rest, headers: [Header] = [], reason: String) -> AccessDenial {
        AccessDenial(
            .unauthorized,
            status: 401,
            errorType: "UnauthorizedException",
            message: "Unauthorized",
            headers: headers,
            reason: reason
        )
    }

    /// 403 `{"message":"Forbidden"}`: an HTTP API authorizer's `isAuthorized: false`, or an
    /// HTTP API's policy refusal (HTTP APIs do not word policy denials).
    public static func forbidden(reason: String) -> AccessDenial {
        AccessDenial(
            .accessDenied,
            status: 403,
            errorType: "AccessDeniedException",
            message: "Forbidden",
            reason: reason
        )
    }

    /// A Lambda authorizer that failed, timed out or answered something unusable: REST 500
    /// `{"message":null}` (16 bytes, recorded); HTTP APIs 500 `{"message":"Internal Server
    /// Error"}` (the reference records only the status; a choice).
    public static func authorizerConfigurationError(api: API = .rest, reason: String) -> AccessDenial {
        AccessDenial(
            .authorizerConfigurationError,
            status: 500,
            errorType: "AuthorizerConfigurationException",
            message: api == .rest ? nil : "Internal Server Error",
            reason: reason
        )
    }

    /// An authorizer that could not be reached: 500, `AuthorizerFailureException` (unverified,
    /// LocalStack's guess). Its body is unrecorded; Gatehouse answers `{"message":null}` like the
    /// recorded configuration error (a choice).
    public static func authorizerFailure(reason: String) -> AccessDenial {
        AccessDenial(
            .authorizerFailure,
            status: 500,
            errorType: "AuthorizerFailureException",
            message: nil,
            reason: reason
        )
    }

    /// 403 `{"message":"Forbidden"}` (23 bytes), `ForbiddenException`: an API key missing,
    /// unknown, disabled or not in a plan for the stage.
    public static func invalidAPIKey(reason: String) -> AccessDenial {
        AccessDenial(.invalidAPIKey, status: 403, errorType: "ForbiddenException", message: "Forbidden", reason: reason)
    }

    /// 429 `{"message":"Too Many Requests"}`, `TooManyRequestsException`: throttled at any level.
    public static func throttled(reason: String) -> AccessDenial {
        AccessDenial(
            .throttled,
            status: 429,
            errorType: "TooManyRequestsException",
            message: "Too Many Requests",
            reason: reason
        )
    }

    /// 429 `{"message":"Limit Exceeded"}`, `LimitExceededException`: the key's quota is used up.
    public static func quotaExceeded(reason: String) -> AccessDenial {
        AccessDenial(
            .quotaExceeded,
            status: 429,
            errorType: "LimitExceededException",
            message: "Limit Exceeded",
            reason: reason
        )
    }

    /// 413 `{"message":"Request Too Long"}`, `RequestTooLargeException`: a payload over the
    /// limit (10 MB). The error type is unverified (LocalStack's guess), the text a choice.
    public static func requestTooLarge(reason: String) -> AccessDenial {
        AccessDenial(
            .requestTooLarge,
            status: 413,
            errorType: "RequestTooLargeException",
            message: "Request Too Long",
            reason: reason
        )
    }

    /// 414 `{"message":"Request-URI Too Long"}`: a Lambda authorizer's method ARN over 1,600
    /// bytes. AWS records the status only; the type it is customized under (REQUEST_TOO_LARGE)
    /// and the error type are choices.
    public static func uriTooLong(reason: String) -> AccessDenial {
        AccessDenial(
            .requestTooLarge,
            status: 414,
            errorType: "RequestURITooLongException",
            message: "Request-URI Too Long",
            reason: reason
        )
    }
}
