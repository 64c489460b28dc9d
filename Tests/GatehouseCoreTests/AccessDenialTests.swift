import GatehouseCore
import Testing

/// Every answer AccessDenial can give, pinned to reference/gateway.md's bytes.
@Suite struct AccessDenialTests {
    /// One row: the denial, then the gateway response type, status, `x-amzn-ErrorType` and body
    /// it must carry.
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let denial: AccessDenial
        let type: String
        let status: Int
        let errorType: String
        let body: String
        var testDescription: String { name }
    }

    static let arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/pets"
    static let caller = "arn:aws:sts::123456789012:assumed-role/dev/session"

    static let rows: [Row] = [
        Row(
            name: "missing authentication token",
            denial: .missingAuthenticationToken(reason: "r"),
            type: "MISSING_AUTHENTICATION_TOKEN",
            status: 403,
            errorType: "MissingAuthenticationTokenException",
            body: #"{"message":"Missing Authentication Token"}"#
        ),
        Row(
            name: "unauthorized (REST)",
            denial: .unauthorized(api: .rest, reason: "r"),
            type: "UNAUTHORIZED",
            status: 401,
            errorType: "UnauthorizedException",
            body: #"{"message":"Unauthorized"}"#
        ),
        Row(
            name: "unauthorized (HTTP API)",
            denial: .unauthorized(api: .http, reason: "r"),
            type: "UNAUTHORIZED",
            status: 401,
            errorType: "UnauthorizedException",
            body: #"{"message":"Unauthorized"}"#
        ),
        Row(
            name: "forbidden (HTTP API isAuthorized false)",
            denial: .forbidden(reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"message":"Forbidden"}"#
        ),
        Row(
            name: "authorizer configuration error (REST)",
            denial: .authorizerConfigurationError(api: .rest, reason: "r"),
            type: "AUTHORIZER_CONFIGURATION_ERROR",
            status: 500,
            errorType: "AuthorizerConfigurationException",
            body: #"{"message":null}"#
        ),
        Row(
            name: "authorizer configuration error (HTTP API)",
            denial: .authorizerConfigurationError(api: .http, reason: "r"),
            type: "AUTHORIZER_CONFIGURATION_ERROR",
            status: 500,
            errorType: "AuthorizerConfigurationException",
            body: #"{"message":"Internal Server Error"}"#
        ),
        Row(
            name: "authorizer failure",
            denial: .authorizerFailure(reason: "r"),
            type: "AUTHORIZER_FAILURE",
            status: 500,
            errorType: "AuthorizerFailureException",
            body: #"{"message":null}"#
        ),
        Row(
            name: "invalid API key",
            denial: .invalidAPIKey(reason: "r"),
            type: "INVALID_API_KEY",
            status: 403,
            errorType: "ForbiddenException",
            body: #"{"message":"Forbidden"}"#
        ),
        Row(
            name: "throttled",
            denial: .throttled(reason: "r"),
            type: "THROTTLED",
            status: 429,
            errorType: "TooManyRequestsException",
            body: #"{"message":"Too Many Requests"}"#
        ),
        Row(
            name: "quota exceeded",
            denial: .quotaExceeded(reason: "r"),
            type: "QUOTA_EXCEEDED",
            status: 429,
            errorType: "LimitExceededException",
            body: #"{"message":"Limit Exceeded"}"#
        ),
        Row(
            name: "request too large",
            denial: .requestTooLarge(reason: "r"),
            type: "REQUEST_TOO_LARGE",
            status: 413,
            errorType: "RequestTooLargeException",
            body: #"{"message":"Request Too Long"}"#
        ),
        Row(
            name: "method ARN too long",
            denial: .uriTooLong(reason: "r"),
            type: "REQUEST_TOO_LARGE",
            status: 414,
            errorType: "RequestURITooLongException",
            body: #"{"message":"Request-URI Too Long"}"#
        ),
        Row(
            name: "authorizer policy, explicit deny",
            denial: .policyDenied(.explicitDeny, by: .authorizer, caller: nil, resource: arn, reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}"#
        ),
        Row(
            name: "authorizer policy, implicit deny",
            denial: .policyDenied(.implicitDeny, by: .authorizer, caller: nil, resource: arn, reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"Message":"User is not authorized to access this resource"}"#
        ),
        Row(
            name: "resource policy, implicit deny (anonymous)",
            denial: .policyDenied(
                .implicitDeny,
                by: .resource,
                caller: nil,
                resource: "arn:aws:execute-api:us-east-1:000000009489:609x52qn26/dev/GET/weather",
                reason: "r"
            ),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9489:609x52qn26/dev/GET/weather because no resource-based policy allows the execute-api:Invoke action"}"#
        ),
        Row(
            name: "resource policy, explicit deny",
            denial: .policyDenied(.explicitDeny, by: .resource, caller: caller, resource: arn, reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User: arn:aws:sts::123456789012:assumed-role/dev/session is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abcdef123/test/GET/pets with an explicit deny in a resource-based policy"}"#
        ),
        Row(
            name: "identity policy, implicit deny (recorded form)",
            denial: .policyDenied(
                .implicitDeny,
                by: .identity,
                caller:
                    "arn:aws:sts::989972760655:assumed-role/spacefinder-api-developme-CognitoIdentityPoolAuthS-DODIL6BLNZUT/CognitoIdentityCredentials",
                resource: "arn:aws:execute-api:us-east-1:989972760655:qyt4c7jmsd/development/POST/locations",
                reason: "r"
            ),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User: arn:aws:sts::989972760655:assumed-role/spacefinder-api-developme-CognitoIdentityPoolAuthS-DODIL6BLNZUT/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0655:qyt4c7jmsd/development/POST/locations"}"#
        ),
        Row(
            name: "identity policy, explicit deny",
            denial: .policyDenied(.explicitDeny, by: .identity, caller: caller, resource: arn, reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body:
                #"{"Message":"User: arn:aws:sts::123456789012:assumed-role/dev/session is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abcdef123/test/GET/pets with an explicit deny in an identity-based policy"}"#
        ),
        Row(
            name: "any policy on an HTTP API",
            denial: .policyDenied(.explicitDeny, by: .identity, caller: caller, resource: arn, api: .http, reason: "r"),
            type: "ACCESS_DENIED",
            status: 403,
            errorType: "AccessDeniedException",
            body: #"{"message":"Forbidden"}"#
        ),
    ]

    @Test(arguments: rows)
    func answersAWSBytes(_ row: Row) {
        #expect(row.denial.responseType.name == row.type)
        #expect(row.denial.status == row.status)
        #expect(row.denial.errorType == row.errorType)
        #expect(row.denial.body == row.body)
        #expect(row.denial.bodyBytes == Array(row.body.utf8))
        #expect(row.denial.reason == "r")
        // The body never carries the log reason.
        #expect(!row.denial.body.contains("\"r\""))
    }

    /// The recorded sizes: 26 bytes for Unauthorized, 16 for the configuration error, 42 for
    /// Missing Authentication Token, 23 for Forbidden, and the 158-byte older resource-policy
    /// capture's text (without the newer suffix) as the identity-policy wording.
    @Test func recordedSizes() {
        #expect(AccessDenial.unauthorized(reason: "").bodyBytes.count == 26)
        #expect(AccessDenial.authorizerConfigurationError(reason: "").bodyBytes.count == 16)
        #expect(AccessDenial.missingAuthenticationToken(reason: "").bodyBytes.count == 42)
        #expect(AccessDenial.invalidAPIKey(reason: "").bodyBytes.count == 23)
        let older = AccessDenial.policyDenied(
            .implicitDeny,
            by: .identity,
            caller: nil,
            resource: "arn:aws:execute-api:us-west-2:111111117089:u1hp5d8r0b/api/GET/prod",
            reason: ""
        )
        #expect(older.bodyBytes.count == 158)
    }

    @Test(arguments: [
        (
            "arn:aws:execute-api:us-east-1:123456789012:api/s/GET/",
            "arn:aws:execute-api:us-east-1:********9012:api/s/GET/"
        ),
        ("arn:aws:execute-api:us-east-1:12:api/s/GET/", "arn:aws:execute-api:us-east-1:********12:api/s/GET/"),
        ("arn:aws:apigateway:us-east-1::/restapis/a", "arn:aws:apigateway:us-east-1::/restapis/a"),
        ("arn:aws:execute-api:r:123456789012:a/s/GET/x:y:z", "arn:aws:execute-api:r:********9012:a/s/GET/x:y:z"),
        ("not an arn", "not an arn"),
        ("arn:aws:too:few", "arn:aws:too:few"),
    ])
    func masksTheAccount(_ arn: String, _ shown: String) {
        #expect(AccessDenial.maskingAccount(arn) == shown)
    }

    /// User input reaches policy bodies (the request path is in the method ARN): every character
    /// JSON must escape is escaped, and nothing else (`/` stays, as AWS writes it).
    @Test(arguments: [
        ("a\"b", #"a\"b"#), ("a\\b", #"a\\b"#), ("a\nb", #"a\nb"#), ("a\u{1}b", #"a\u0001b"#),
        ("a\u{1F}b", #"a\u001fb"#), ("a\tb", #"a\tb"#), ("a/b", "a/b"), ("é€😀", "é€😀"), ("a\u{7F}b", "a\u{7F}b"),
    ])
    func escapesUserInput(_ path: String, _ escaped: String) {
        let denial = AccessDenial.policyDenied(.implicitDeny, by: .identity, caller: nil, resource: path, reason: "")
        #expect(denial.body.hasSuffix("on resource: \(escaped)\"}"))
        #expect(denial.message?.hasSuffix(path) == true)
    }

    /// Every byte below 0x20 is escaped (a sweep, not a sample).
    @Test func escapesEveryControlCharacter() {
        for value in 0..<0x20 {
            let text = String(Unicode.Scalar(UInt8(value)))
            let body = AccessDenial(.default4XX, status: 400, errorType: "E", message: text, reason: "").body
            #expect(!body.utf8.contains(where: { $0 < 0x20 }), "\(value)")
            #expect(body.hasPrefix(#"{"message":"\"#), "\(value)")
        }
    }

    @Test func equalityIgnoresTheReason() {
        #expect(AccessDenial.throttled(reason: "a") == AccessDenial.throttled(reason: "b"))
        #expect(AccessDenial.throttled(reason: "a") != AccessDenial.quotaExceeded(reason: "a"))
        #expect(Set([AccessDenial.throttled(reason: "a"), .throttled(reason: "b")]).count == 1)
    }

    @Test func redactsSecretsFromTheReason() {
        let denial = AccessDenial.authorizerConfigurationError(reason: "function said: bad token abc.def (abc)")
            .redactingReason(["abc", "abc.def", ""])
        #expect(denial.reason == "function said: bad token <redacted> (<redacted>)")
        #expect(denial.body == #"{"message":null}"#)
        #expect(!denial.description.contains("abc"))
    }

    @Test func responseTypesAreAWSs21InOrder() {
        let names = GatewayResponseType.all.map(\.name)
        #expect(names.count == 21 && Set(names).count == 21)
        #expect(names == names.sorted())
        for type in GatewayResponseType.all {
            #expect(GatewayResponseType(named: type.name) == type)
            #expect((type.defaultStatus == nil) == type.isDefault)
        }
        #expect(GatewayResponseType(named: "access_denied") == nil)
        #expect(GatewayResponseType.fallback(forStatus: 403) == .default4XX)
        #expect(GatewayResponseType.fallback(forStatus: 502) == .default5XX)
    }
}
