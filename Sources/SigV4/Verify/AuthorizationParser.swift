/// What a request claims about its signature, parsed from the `Authorization` header or the
/// presigned query, before any cryptography.
struct ParsedAuthorization {
    var algorithm: SigningAlgorithm
    var accessKeyId: String
    var scopeDate: Substring
    /// The scope's region (SigV4); empty for SigV4a.
    var scopeRegion: Substring
    var scopeService: Substring
    /// The whole scope after the access key id, for the string to sign.
    var scope: String
    var signedHeadersLine: String
    var signedHeaderNames: [String]
    var signature: String
    /// The date text for the string to sign (always the basic form).
    var amzDate: String
    var date: AmzDate
    /// Set for presigned requests.
    var presignExpires: Int?
    var sessionToken: String?
    /// SigV4a's region set.
    var regionSet: String?

    var isPresigned: Bool { presignExpires != nil }
}

/// Parses `Authorization` headers and presigned queries. Every failure names what is missing or
/// malformed, as AWS's `IncompleteSignatureException` messages do, but never echoes the
/// signature or a token.
enum AuthorizationParser {
    /// Limits on what a parser will look at.
    static let maxAuthorizationLength = 8 * 1024

    static func parse(_ request: SigV4Request) -> Result<ParsedAuthorization, SigV4Failure> {
        var authorization: String? = nil
        var authorizationCount = 0
        for header in request.headers where header.name.utf8.equalsIgnoringASCIICase("authorization".utf8) {
            authorization = header.value
            authorizationCount += 1
        }
        let presigned = queryHasKey(request.query, "X-Amz-Algorithm")
        if authorizationCount == 0 && !presigned {
            return .failure(SigV4Failure(.missingAuthenticationToken, "Missing Authentication Token"))
        }
        if authorizationCount > 1 {
            return .failure(SigV4Failure(.incompleteSignature, "Only one Authorization header may be sent."))
        }
        if let authorization {
            if presigned {
                return .failure(
                    SigV4Failure(
                        .incompleteSignature,
                        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified"
                    )
                )
            }
            return parseHeader(authorization, request: request)
        }
        return parseQuery(request)
    }

    // MARK: Authorization header

    private static func parseHeader(_ value: String, request: SigV4Request) -> Result<ParsedAuthorization, SigV4Failure> {
        guard value.utf8.count <= maxAuthorizationLength else {
            return .failure(SigV4Failure(.requestTooLarge, "The Authorization header is longer than \(maxAuthorizationLength) bytes."))
        }
        let trimmed = value.trimmingASCIIWhitespace()
        let algorithmEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
        let algorithmName = trimmed[..<algorithmEnd]
        guard let algorithm = SigningAlgorithm(name: algorithmName) else {
            if algorithmName.hasPrefix("AWS4-") || algorithmName == "AWS" || algorithmName.hasPrefix("AWS ") {
                return .failure(
                    SigV4Failure(.unsupportedAlgorithm, "Unsupported AWS 'algorithm': '\(printable(algorithmName))'.")
                )
            }
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                )
            )
        }
        var credential: Substring? = nil
        var signedHeaders: Substring? = nil
        var signature: Substring? = nil
        for (position, rawPart) in trimmed[algorithmEnd...].split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let part = rawPart.trimmingSpaces()
            if part.isEmpty { continue }
            // The part is not echoed: it may hold the signature.
            guard let equals = part.firstIndex(of: "=") else {
                return .failure(
                    SigV4Failure(
                        .incompleteSignature,
                        "Parameter \(position + 1) of the Authorization header is not a valid key=value pair (missing equal-sign)."
                    )
                )
            }
            let key = part[..<equals]
            let partValue = part[part.index(after: equals)...]
            switch key {
            case "Credential":
                guard credential == nil else { return .failure(duplicate("Credential")) }
                credential = partValue
            case "SignedHeaders":
                guard signedHeaders == nil else { return .failure(duplicate("SignedHeaders")) }
                signedHeaders = partValue
            case "Signature":
                guard signature == nil else { return .failure(duplicate("Signature")) }
                signature = partValue
            default:
                return .failure(
                    SigV4Failure(.incompleteSignature, "'\(printable(key.prefix(32)))' is not a known Authorization header parameter.")
                )
            }
        }
        var missing: [String] = []
        if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
        if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
        if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
        let dateResult = requestDate(request)
        if case .failure(let failure) = dateResult, failure.code == .incompleteSignature {
            missing.append(failure.message)
        }
        if !missing.isEmpty {
            return .failure(SigV4Failure(.incompleteSignature, missing.joined(separator: " ")))
        }
        let date: (String, AmzDate)
        switch dateResult {
        case .success(let value): date = value
        case .failure(let failure): return .failure(failure)
        }
        return assemble(
            algorithm: algorithm,
            credential: credential!,
            signedHeaders: signedHeaders!,
            signature: signature!,
            date: date,
            presignExpires: nil,
            sessionToken: nil,
            regionSet: nil
        )
    }

    /// The request's time: `X-Amz-Date` (basic ISO 8601), else `Date` (an HTTP-date, which the
    /// string to sign still writes in the basic form).
    private static func requestDate(_ request: SigV4Request) -> Result<(String, AmzDate), SigV4Failure> {
        let amzDates = request.values(of: "x-amz-date")
        if amzDates.count > 1 {
            return .failure(SigV4Failure(.incompleteSignature, "Only one X-Amz-Date header may be sent."))
        }
        if let text = amzDates.first {
            guard let date = AmzDate(amzFormat: text) else {
                return .failure(
                    SigV4Failure(
                        .invalidDate,
                        "Invalid X-Amz-Date '\(printable(text.prefix(40)))': expected the basic ISO 8601 form YYYYMMDD'T'HHMMSS'Z'."
                    )
                )
            }
            return .success((text, date))
        }
        if let text = request.firstValue(of: "date") {
            guard let date = AmzDate(httpDate: text) ?? AmzDate(amzFormat: text) else {
                return .failure(
                    SigV4Failure(.invalidDate, "Invalid Date header '\(printable(text.prefix(40)))': expected an IMF-fixdate HTTP-date.")
                )
            }
            return .success((date.amzFormat, date))
        }
        return .failure(
            SigV4Failure(
                .incompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            )
        )
    }

    // MARK: Presigned query

    private static func parseQuery(_ request: SigV4Request) -> Result<ParsedAuthorization, SigV4Failure> {
        var values: [String: String] = [:]
        for piece in request.query.split(separator: "&") {
            let equals = piece.firstIndex(of: "=") ?? piece.endIndex
            let rawKey = piece[..<equals]
            guard rawKey.hasPrefix("X-Amz-") else { continue }
            let rawValue = equals < piece.endIndex ? piece[piece.index(after: equals)...] : ""
            guard let value = PercentEncoding.decode(String(rawValue)) else {
                return .failure(SigV4Failure(.incompleteSignature, "The query parameter '\(rawKey)' is not correctly percent-encoded."))
            }
            let key = String(rawKey)
            guard values[key] == nil else {
                return .failure(SigV4Failure(.incompleteSignature, "The query parameter '\(key)' appears more than once."))
            }
            values[key] = value
        }
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"]
        guard required.allSatisfy({ values[$0] != nil }) else {
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
                )
            )
        }
        let algorithmName = values["X-Amz-Algorithm"]!
        guard let algorithm = SigningAlgorithm(name: algorithmName) else {
            return .failure(
                SigV4Failure(
                    .unsupportedAlgorithm,
                    "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\" and \"AWS4-ECDSA-P256-SHA256\", not '\(printable(algorithmName.prefix(40)))'."
                )
            )
        }
        let dateText = values["X-Amz-Date"]!
        guard let date = AmzDate(amzFormat: dateText) else {
            return .failure(
                SigV4Failure(
                    .invalidDate,
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '\(printable(dateText.prefix(40)))'."
                )
            )
        }
        let expiresText = values["X-Amz-Expires"]!
        guard !expiresText.isEmpty, expiresText.utf8.count <= 7,
            expiresText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let expires = Int(expiresText), (1...SigningConfiguration.maximumExpiry).contains(expires)
        else {
            return .failure(
                SigV4Failure(
                    .invalidExpires,
                    "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"
                )
            )
        }
        return assemble(
            algorithm: algorithm,
            credential: Substring(values["X-Amz-Credential"]!),
            signedHeaders: Substring(values["X-Amz-SignedHeaders"]!),
            signature: Substring(values["X-Amz-Signature"]!),
            date: (dateText, date),
            presignExpires: expires,
            sessionToken: values["X-Amz-Security-Token"],
            regionSet: values["X-Amz-Region-Set"]
        )
    }

    // MARK: Shared

    private static func assemble(
        algorithm: SigningAlgorithm,
        credential: Substring,
        signedHeaders: Substring,
        signature: Substring,
        date: (String, AmzDate),
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?
    ) -> Result<ParsedAuthorization, SigV4Failure> {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        let expectedParts = algorithm.isAsymmetric ? 4 : 5
        guard parts.count == expectedParts, parts.last == "aws4_request", parts.allSatisfy({ !$0.isEmpty }) else {
            let shape =
                algorithm.isAsymmetric
                ? "<your-access-key-id>/<date>/<aws-service>/aws4_request"
                : "<your-access-key-id>/<date>/<aws-region>/<aws-service>/aws4_request"
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "Credential should be of the form \(shape), got a credential with \(parts.count) parts."
                )
            )
        }
        let accessKeyId = String(parts[0])
        let scopeDate = parts[1]
        guard scopeDate.utf8.count == 8 else {
            return .failure(
                SigV4Failure(.incompleteSignature, "Credential scope date '\(printable(scopeDate.prefix(16)))' is not YYYYMMDD.", accessKeyId: accessKeyId)
            )
        }
        let region: Substring = algorithm.isAsymmetric ? "" : parts[2]
        let service = parts[expectedParts - 2]
        let scopeStart = credential.index(credential.startIndex, offsetBy: accessKeyId.count + 1)
        guard !signedHeaders.isEmpty else {
            return .failure(SigV4Failure(.incompleteSignature, "SignedHeaders must not be empty.", accessKeyId: accessKeyId))
        }
        var names: [String] = []
        for name in signedHeaders.split(separator: ";", omittingEmptySubsequences: false) {
            guard !name.isEmpty, name.utf8.allSatisfy({ RawHTTPRequest.isTokenByte($0) && !($0 >= 0x41 && $0 <= 0x5a) })
            else {
                return .failure(
                    SigV4Failure(
                        .incompleteSignature,
                        "SignedHeaders must be a ';'-separated list of lowercase header names, got '\(printable(signedHeaders.prefix(64)))'.",
                        accessKeyId: accessKeyId
                    )
                )
            }
            names.append(String(name))
        }
        return .success(
            ParsedAuthorization(
                algorithm: algorithm,
                accessKeyId: accessKeyId,
                scopeDate: scopeDate,
                scopeRegion: region,
                scopeService: service,
                scope: String(credential[scopeStart...]),
                signedHeadersLine: String(signedHeaders),
                signedHeaderNames: names,
                signature: String(signature),
                amzDate: date.0,
                date: date.1,
                presignExpires: presignExpires,
                sessionToken: sessionToken,
                regionSet: regionSet
            )
        )
    }

    private static func duplicate(_ name: String) -> SigV4Failure {
        SigV4Failure(.incompleteSignature, "Authorization header has more than one '\(name)' parameter.")
    }

    /// `true` when the raw query has a parameter whose raw key is exactly `key`.
    static func queryHasKey(_ query: String, _ key: String) -> Bool {
        guard !query.isEmpty else { return false }
        var query = query
        var key = key
        return query.withUTF8 { q in
            key.withUTF8 { k in
                var start = 0
                while start < q.count {
                    var end = start
                    while end < q.count && q[end] != UInt8(ascii: "&") { end += 1 }
                    if end - start >= k.count {
                        var matches = true
                        for offset in 0..<k.count where q[start + offset] != k[offset] {
                            matches = false
                            break
                        }
                        if matches && (end - start == k.count || q[start + k.count] == UInt8(ascii: "=")) { return true }
                    }
                    start = end + 1
                }
                return false
            }
        }
    }

    static func printable(_ text: some StringProtocol) -> String {
        RawHTTPRequest.printable(Array(text.utf8))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
