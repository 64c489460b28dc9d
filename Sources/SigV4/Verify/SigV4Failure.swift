/// Why a request's signature was not accepted, with the answer API Gateway gives.
///
/// Equality compares only ``code``. ``message`` follows AWS's wording; it never contains a
/// secret, a session token or the request's signature.
public struct SigV4Failure: Error, Hashable, CustomStringConvertible {
    /// The precise reason. A closed-but-growing set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name (`SignatureDoesNotMatch`, …), used in JSON output and tests.
        public let name: String
        /// API Gateway's `x-amzn-ErrorType`.
        public let errorType: String
        /// The HTTP status API Gateway answers with.
        public let httpStatus: Int

        private init(_ name: String, _ errorType: String, _ httpStatus: Int = 403) {
            self.name = name
            self.errorType = errorType
            self.httpStatus = httpStatus
        }

        public var description: String { name }
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        public static let missingAuthenticationToken = Code(
            "MissingAuthenticationToken",
            "MissingAuthenticationTokenException"
        )
        public static let incompleteSignature = Code("IncompleteSignature", "IncompleteSignatureException")
        public static let unsupportedAlgorithm = Code("UnsupportedAlgorithm", "IncompleteSignatureException")
        public static let invalidDate = Code("InvalidDate", "IncompleteSignatureException")
        public static let credentialDateMismatch = Code("CredentialDateMismatch", "InvalidSignatureException")
        public static let invalidRegion = Code("InvalidRegion", "InvalidSignatureException")
        public static let invalidService = Code("InvalidService", "InvalidSignatureException")
        public static let signatureExpired = Code("SignatureExpired", "InvalidSignatureException")
        public static let signatureNotYetCurrent = Code("SignatureNotYetCurrent", "InvalidSignatureException")
        public static let requestExpired = Code("RequestExpired", "AccessDeniedException")
        public static let invalidExpires = Code("InvalidExpires", "AuthorizationQueryParametersError")
        public static let hostNotSigned = Code("HostNotSigned", "InvalidSignatureException")
        public static let unsignedHeader = Code("UnsignedHeader", "InvalidSignatureException")
        public static let signedHeaderMissing = Code("SignedHeaderMissing", "InvalidSignatureException")
        public static let unrecognizedClient = Code("UnrecognizedClient", "UnrecognizedClientException")
        public static let invalidToken = Code("InvalidToken", "UnrecognizedClientException")
        public static let expiredToken = Code("ExpiredToken", "ExpiredTokenException")
        public static let payloadHashMismatch = Code("PayloadHashMismatch", "InvalidSignatureException")
        public static let signatureDoesNotMatch = Code("SignatureDoesNotMatch", "InvalidSignatureException")
        public static let requestTooLarge = Code("RequestTooLarge", "IncompleteSignatureException")
        /// A streaming (`aws-chunked`) body that does not keep its request's promise: framing,
        /// decoded length, trailers or checksum — or that has not been verified at all.
        public static let invalidPayload = Code("InvalidPayload", "InvalidSignatureException")
        /// The credential store failed; the request is denied (fail closed).
        public static let credentialStoreUnavailable = Code("CredentialStoreUnavailable", "InternalFailure", 500)

        /// Every code, for documentation and exhaustive tests.
        public static let all: [Code] = [
            .missingAuthenticationToken, .incompleteSignature, .unsupportedAlgorithm, .invalidDate,
            .credentialDateMismatch, .invalidRegion, .invalidService, .signatureExpired, .signatureNotYetCurrent,
            .requestExpired, .invalidExpires, .hostNotSigned, .unsignedHeader, .signedHeaderMissing,
            .unrecognizedClient, .invalidToken, .expiredToken, .payloadHashMismatch, .signatureDoesNotMatch,
            .requestTooLarge, .invalidPayload, .credentialStoreUnavailable,
        ]
    }

    public let code: Code
    /// AWS's message for this condition.
    public let message: String
    /// The access key id the request claimed, once it was parsed.
    public var accessKeyId: String?
    /// The canonical request the verifier computed (only when the verifier is configured to
    /// include it, as AWS does for `SignatureDoesNotMatch`).
    public var canonicalRequest: String?
    /// The string to sign the verifier computed (same condition).
    public var stringToSign: String?

    public init(_ code: Code, _ message: String, accessKeyId: String? = nil) {
        self.code = code
        self.message = message
        self.accessKeyId = accessKeyId
    }

    public var description: String { "\(code.name): \(message)" }

    /// The message with the computed canonical request and string to sign appended, in AWS's
    /// format, when they were recorded.
    public var detailedMessage: String {
        guard let canonicalRequest, let stringToSign else { return message }
        return message
            + "\n\nThe Canonical String for this request should have been\n'\(canonicalRequest)'\n\nThe String-to-Sign should have been\n'\(stringToSign)'\n"
    }

    public static func == (lhs: SigV4Failure, rhs: SigV4Failure) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
