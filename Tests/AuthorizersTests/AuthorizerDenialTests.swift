import Authorizers
import GatehouseCore
import Testing

/// Lambda authorizer refusals and token refusals, each mapped once onto AccessDenial with AWS's
/// bytes (reference/gateway.md, "Client-visible errors").
@Suite struct AuthorizerDenialTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let kind: AuthorizerDenial.Kind
        let httpAPI: Bool
        let type: String
        let status: Int
        let errorType: String
        let body: String
        var testDescription: String { "\(kind.rawValue)\(httpAPI ? " (HTTP API)" : "")" }
    }

    static let rows: [Row] = [
        Row(
            kind: .unauthorized,
            httpAPI: false,
            type: "UNAUTHORIZED",
            status: 401,
            errorType: "UnauthorizedException",
            body: #"{"message":"Unauthorized"}"#
        ),
        Row(
            kind: .unauthorized,
            httpAPI: true,
            type: "UNAUTHORIZED",
            status: 401,
            errorType: "UnauthorizedException",
            body: #"{"message":"Unauthorized"}"#
        ),
        Row(
            kind: .explicitDeny,
            httpAPI: false,
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}"#
        ),
        Row(
            kind: .explicitDeny,
            httpAPI: true,
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"message":"Forbidden"}"#
        ),
        Row(
            kind: .implicitDeny,
            httpAPI: false,
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"Message":"User is not authorized to access this resource"}"#
        ),
        Row(
            kind: .implicitDeny,
            httpAPI: true,
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"message":"Forbidden"}"#
        ),
        Row(
            kind: .forbidden,
            httpAPI: true,
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"message":"Forbidden"}"#
        ),
        Row(
            kind: .configurationError,
            httpAPI: false,
            type: "AUTHORIZER_CONFIGURATION_ERROR",
            status: 500,
            errorType: "AuthorizerConfigurationException",
            body: #"{"message":null}"#
        ),
        Row(
            kind: .configurationError,
            httpAPI: true,
            type: "AUTHORIZER_CONFIGURATION_ERROR",
            status: 500,
            errorType: "AuthorizerConfigurationException",
            body: #"{"message":"Internal Server Error"}"#
        ),
        Row(
            kind: .uriTooLong,
            httpAPI: false,
            type: "REQUEST_TOO_LARGE",
            status: 414,
            errorType: "RequestURITooLongException",
            body: #"{"message":"Request-URI Too Long"}"#
        ),
    ]

    @Test func everyKindIsCovered() {
        #expect(Set(Self.rows.map(\.kind)) == Set(AuthorizerDenial.Kind.allCases))
    }

    @Test(arguments: rows)
    func mapsOnce(_ row: Row) {
        let refusal = AuthorizerDenial(row.kind, httpAPI: row.httpAPI, reason: "why")
        let denial = refusal.denial
        #expect(denial.responseType.name == row.type)
        #expect(denial.status == row.status && refusal.status == row.status)
        #expect(denial.errorType == row.errorType && refusal.errorType == row.errorType)
        #expect(denial.body == row.body && refusal.body == row.body)
        #expect(refusal.gatewayResponseType == row.type)
        #expect(denial.reason == "why")
    }

    /// An evaluation's denial hides the request's identity values from its log reason: a
    /// function's error text may quote the token.
    @Test func evaluationDenialRedactsIdentityValues() {
        var evaluation = AuthorizerEvaluation(
            outcome: .failure(AuthorizerDenial(.configurationError, reason: "function raised: bad token s3cr3t-token")),
            cacheKey: nil,
            cacheHit: false
        )
        evaluation.identityValues = ["s3cr3t-token"]
        let denial = evaluation.denial
        #expect(denial?.reason == "function raised: bad token <redacted>")
        #expect(denial?.body == #"{"message":null}"#)
    }

    @Test(arguments: JWTError.Code.all)
    func tokenRefusalsAre401(_ code: JWTError.Code) {
        let error = JWTError(code, "the token does not have a valid audience")
        let rest = error.denial(api: .rest)
        #expect(rest.status == 401 && rest.body == #"{"message":"Unauthorized"}"# && rest.headers.isEmpty)
        #expect(rest.responseType == .unauthorized && rest.errorType == "UnauthorizedException")
        #expect(rest.reason.contains(code.name))
        let http = error.denial(api: .http)
        #expect(http.body == #"{"message":"Unauthorized"}"#)
        #expect(
            http.headers == [
                AccessDenial.Header(
                    name: "www-authenticate",
                    value:
                        #"Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience""#
                )
            ]
        )
    }

    /// A message carrying a claim value cannot break the `www-authenticate` header.
    @Test(arguments: ["a\"b", "a\\b", "a\r\nX-Injected: 1", "é", "a\u{0}b"])
    func headerDescriptionIsSafe(_ issuer: String) {
        let error = JWTError(.wrongIssuer, "the issuer `\(issuer)` is not accepted")
        let value = error.denial(api: .http).headers[0].value
        let description = value.dropFirst(#"Bearer scope="" error="invalid_token" error_description=""#.count)
            .dropLast()
        #expect(!description.contains("\"") && !description.contains("\\"))
        #expect(value.utf8.allSatisfy { (0x20..<0x7F).contains($0) })
    }

    /// JWTError.Code is a struct: codes are compared by name, listed once, and printed by name.
    @Test func codesAreNamed() {
        let names = JWTError.Code.all.map(\.name)
        #expect(Set(names).count == names.count && names.contains("keysUnavailable"))
        #expect(JWTError.Code.expired.description == "expired")
        #expect(JWTError(.expired, "m").description == "expired: m")
        #expect(JWTError(.expired, "a") == JWTError(.expired, "a"))
    }
}
