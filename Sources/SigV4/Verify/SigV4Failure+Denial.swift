public import GatehouseCore

extension SigV4Failure.Code {
    /// The gateway response type a REST API customizes this failure under, from its
    /// `x-amzn-ErrorType`: signature problems (incomplete, invalid, an unknown key or token, bad
    /// presign parameters) are INVALID_SIGNATURE, an expired session token EXPIRED_TOKEN, an
    /// expired presigned URL ACCESS_DENIED, an unsigned request MISSING_AUTHENTICATION_TOKEN,
    /// and a failed credential store DEFAULT_5XX. AWS documents the type only for the last
    /// three kinds; the rest are choices (IncompleteSignatureException has no type of its own).
    public var responseType: GatewayResponseType {
        switch errorType {
        case "MissingAuthenticationTokenException": return .missingAuthenticationToken
        case "IncompleteSignatureException", "InvalidSignatureException", "AuthorizationQueryParametersError",
            "UnrecognizedClientException":
            return .invalidSignature
        case "ExpiredTokenException": return .expiredToken
        case "AccessDeniedException": return .accessDenied
        default: return .fallback(forStatus: httpStatus)
        }
    }
}

extension SigV4Failure {
    /// The answer API Gateway gives: this code's status and `x-amzn-ErrorType`, and
    /// `{"message":…}` holding AWS's message (with the canonical request and string to sign
    /// when the verifier recorded them, as AWS appends them). The log reason names the code, the
    /// message and the access key id — never a secret, token or signature (the message holds
    /// none).
    public var denial: AccessDenial {
        AccessDenial(
            code.responseType,
            status: code.httpStatus,
            errorType: code.errorType,
            message: detailedMessage,
            reason: "signature refused (\(code.name))"
                + (accessKeyId.map { " for access key \($0)" } ?? "") + ": \(message)"
        )
    }
}
