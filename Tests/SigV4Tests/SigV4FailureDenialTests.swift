import GatehouseCore
import SigV4
import Testing

/// Every SigV4 failure code becomes exactly one AccessDenial: its status and error type, the
/// gateway response type it is customized under, and `{"message":…}` with AWS's message.
@Suite struct SigV4FailureDenialTests {
    /// Code name → gateway response type. Every code is listed (the test below checks it).
    static let expectedTypes: [String: String] = [
        "MissingAuthenticationToken": "MISSING_AUTHENTICATION_TOKEN",
        "IncompleteSignature": "INVALID_SIGNATURE",
        "UnsupportedAlgorithm": "INVALID_SIGNATURE",
        "InvalidDate": "INVALID_SIGNATURE",
        "CredentialDateMismatch": "INVALID_SIGNATURE",
        "InvalidRegion": "INVALID_SIGNATURE",
        "InvalidService": "INVALID_SIGNATURE",
        "SignatureExpired": "INVALID_SIGNATURE",
        "SignatureNotYetCurrent": "INVALID_SIGNATURE",
        "RequestExpired": "ACCESS_DENIED",
        "InvalidExpires": "INVALID_SIGNATURE",
        "HostNotSigned": "INVALID_SIGNATURE",
        "UnsignedHeader": "INVALID_SIGNATURE",
        "SignedHeaderMissing": "INVALID_SIGNATURE",
        "UnrecognizedClient": "INVALID_SIGNATURE",
        "InvalidToken": "INVALID_SIGNATURE",
        "ExpiredToken": "EXPIRED_TOKEN",
        "PayloadHashMismatch": "INVALID_SIGNATURE",
        "SignatureDoesNotMatch": "INVALID_SIGNATURE",
        "RequestTooLarge": "INVALID_SIGNATURE",
        "InvalidPayload": "INVALID_SIGNATURE",
        "CredentialStoreUnavailable": "DEFAULT_5XX",
    ]

    @Test func everyCodeHasAnExpectedType() {
        #expect(Set(SigV4Failure.Code.all.map(\.name)) == Set(Self.expectedTypes.keys))
    }

    @Test(arguments: SigV4Failure.Code.all)
    func mapsOnce(_ code: SigV4Failure.Code) {
        let failure = SigV4Failure(code, "The message for \(code.name).", accessKeyId: "AKIDEXAMPLE")
        let denial = failure.denial
        #expect(denial.responseType.name == Self.expectedTypes[code.name])
        #expect(denial.status == code.httpStatus)
        #expect(denial.errorType == code.errorType)
        #expect(denial.message == failure.message)
        #expect(denial.body == #"{"message":"The message for \#(code.name)."}"#)
        #expect(denial.reason.contains(code.name) && denial.reason.contains("AKIDEXAMPLE"))
        #expect(code.responseType == denial.responseType)
    }

    /// The recorded answers, byte for byte.
    @Test func recordedBodies() {
        let unsigned = SigV4Failure(.missingAuthenticationToken, "Missing Authentication Token").denial
        #expect(unsigned.body == #"{"message":"Missing Authentication Token"}"# && unsigned.bodyBytes.count == 42)
        #expect(unsigned.status == 403 && unsigned.errorType == "MissingAuthenticationTokenException")
        let incomplete = SigV4Failure(.incompleteSignature, "Authorization header requires 'Credential' parameter.")
        #expect(
            incomplete.denial.body == #"{"message":"Authorization header requires 'Credential' parameter."}"#
        )
        let expired = SigV4Failure(.expiredToken, "The security token included in the request is expired").denial
        #expect(expired.status == 403 && expired.errorType == "ExpiredTokenException")
        #expect(expired.responseType == .expiredToken)
    }

    /// With the canonical request recorded (`--explain`, or a verifier so configured) the body
    /// carries it as AWS does, its newlines and quotes escaped as JSON.
    @Test func detailedMessageIsEscaped() {
        var failure = SigV4Failure(.signatureDoesNotMatch, "The request signature we calculated does not match.")
        failure.canonicalRequest = "GET\n/\n\nhost:\"h\"\n"
        failure.stringToSign = "AWS4-HMAC-SHA256\n20150830T123600Z"
        let body = failure.denial.body
        #expect(body.hasPrefix(#"{"message":"The request signature we calculated does not match.\n\nThe Canonical"#))
        #expect(body.contains(#"host:\"h\"\n"#))
        #expect(!body.utf8.contains(UInt8(ascii: "\n")))
        // The log reason is the short message only.
        #expect(!failure.denial.reason.contains("Canonical"))
    }
}
