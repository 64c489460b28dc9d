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
        for header in request.headers where header.name.equalsIgnoringASCIICase("authorization") {
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

    /// Parses `ALGORITHM Credential=…, SignedHeaders=…, Signature=…` on its UTF-8 bytes.
    private static func parseHeader(_ value: String, request: SigV4Request) -> Result<ParsedAuthorization, SigV4Failure> {
        guard value.utf8.count <= maxAuthorizationLength else {
            return .failure(SigV4Failure(.requestTooLarge, "The Authorization header is longer than \(maxAuthorizationLength) bytes."))
        }
        return value.withUTF8Bytes { bytes -> Result<ParsedAuthorization, SigV4Failure> in
            let whole = ByteText.trimmed(bytes, 0..<bytes.count)
            var algorithmEnd = whole.lowerBound
            while algorithmEnd < whole.upperBound && bytes[algorithmEnd] != UInt8(ascii: " ") { algorithmEnd += 1 }
            let algorithmRange = whole.lowerBound..<algorithmEnd
            let algorithm: SigningAlgorithm
            if ByteText.equals(bytes, algorithmRange, "AWS4-HMAC-SHA256") {
                algorithm = .sigV4
            } else if ByteText.equals(bytes, algorithmRange, "AWS4-ECDSA-P256-SHA256") {
                algorithm = .sigV4a
            } else {
                let name = ByteText.string(bytes, algorithmRange)
                if name.hasPrefix("AWS4-") || name == "AWS" {
                    return .failure(SigV4Failure(.unsupportedAlgorithm, "Unsupported AWS 'algorithm': '\(printable(name.prefix(40)))'."))
                }
                return .failure(
                    SigV4Failure(
                        .incompleteSignature,
                        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                    )
                )
            }
            var credential: Range<Int>? = nil
            var signedHeaders: Range<Int>? = nil
            var signature: Range<Int>? = nil
            var partStart = algorithmEnd
            var position = 0
            while partStart < whole.upperBound {
                var partEnd = partStart
                while partEnd < whole.upperBound && bytes[partEnd] != UInt8(ascii: ",") { partEnd += 1 }
                let part = ByteText.trimmed(bytes, partStart..<partEnd)
                partStart = partEnd + 1
                position += 1
                if part.isEmpty { continue }
                var equals = part.lowerBound
                while equals < part.upperBound && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                // The part is not echoed: it may hold the signature.
                guard equals < part.upperBound else {
                    return .failure(
                        SigV4Failure(
                            .incompleteSignature,
                            "Parameter \(position) of the Authorization header is not a valid key=value pair (missing equal-sign)."
                        )
                    )
                }
                let key = part.lowerBound..<equals
                let partValue = (equals + 1)..<part.upperBound
                if ByteText.equals(bytes, key, "Credential") {
                    guard credential == nil else { return .failure(duplicate("Credential")) }
                    credential = partValue
                } else if ByteText.equals(bytes, key, "SignedHeaders") {
                    guard signedHeaders == nil else { return .failure(duplicate("SignedHeaders")) }
                    signedHeaders = partValue
                } else if ByteText.equals(bytes, key, "Signature") {
                    guard signature == nil else { return .failure(duplicate("Signature")) }
                    signature = partValue
                } else {
                    return .failure(
                        SigV4Failure(
                            .incompleteSignature,
                            "'\(printable(ByteText.string(bytes, key).prefix(32)))' is not a known Authorization header parameter."
                        )
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
                credential: ByteText.string(bytes, credential!),
                signedHeaders: ByteText.string(bytes, signedHeaders!),
                signature: ByteText.string(bytes, signature!),
                date: date,
                presignExpires: nil,
                sessionToken: nil,
                regionSet: nil
            )
        }
    }

    /// The request's time: `X-Amz-Date` (basic ISO 8601), else `Date` (an HTTP-date, which the
    /// string to sign still writes in the basic form).
    private static func requestDate(_ request: SigV4Request) -> Result<(String, AmzDate), SigV4Failure> {
        if request.count(of: "x-amz-date") > 1 {
            return .failure(SigV4Failure(.incompleteSignature, "Only one X-Amz-Date header may be sent."))
        }
        if let text = request.firstValue(of: "x-amz-date") {
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
            credential: values["X-Amz-Credential"]!,
            signedHeaders: values["X-Amz-SignedHeaders"]!,
            signature: values["X-Amz-Signature"]!,
            date: (dateText, date),
            presignExpires: expires,
            sessionToken: values["X-Amz-Security-Token"],
            regionSet: values["X-Amz-Region-Set"]
        )
    }

    // MARK: Shared

    private static func assemble(
        algorithm: SigningAlgorithm,
        credential: String,
        signedHeaders: String,
        signature: String,
        date: (String, AmzDate),
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?
    ) -> Result<ParsedAuthorization, SigV4Failure> {
        // Credential: AKID/date/region/service/aws4_request (SigV4a: no region).
        let expectedParts = algorithm.isAsymmetric ? 4 : 5
        let scopeParts: [Range<Int>]? = credential.withUTF8Bytes { bytes in
            var parts: [Range<Int>] = []
            parts.reserveCapacity(5)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                guard index > start, parts.count < expectedParts else { return nil }
                parts.append(start..<index)
                start = index + 1
            }
            guard parts.count == expectedParts, ByteText.equals(bytes, parts[expectedParts - 1], "aws4_request") else { return nil }
            return parts
        }
        guard let parts = scopeParts else {
            let shape =
                algorithm.isAsymmetric
                ? "<your-access-key-id>/<date>/<aws-service>/aws4_request"
                : "<your-access-key-id>/<date>/<aws-region>/<aws-service>/aws4_request"
            return .failure(SigV4Failure(.incompleteSignature, "Credential should be of the form \(shape)."))
        }
        let utf8 = credential.utf8
        func slice(_ range: Range<Int>) -> Substring {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
            return credential[lower..<upper]
        }
        let accessKeyId = String(slice(parts[0]))
        let scopeDate = slice(parts[1])
        guard parts[1].count == 8 else {
            return .failure(
                SigV4Failure(.incompleteSignature, "Credential scope date '\(printable(scopeDate.prefix(16)))' is not YYYYMMDD.", accessKeyId: accessKeyId)
            )
        }
        let region: Substring = algorithm.isAsymmetric ? "" : slice(parts[2])
        let service = slice(parts[expectedParts - 2])
        let scope = String(slice(parts[1].lowerBound..<credential.utf8.count))

        // SignedHeaders: lowercase tokens separated by `;`.
        let names: [String]? = signedHeaders.withUTF8Bytes { bytes in
            guard !bytes.isEmpty else { return nil }
            var names: [String] = []
            names.reserveCapacity(8)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ";") {
                guard index > start else { return nil }
                for position in start..<index {
                    let byte = bytes[position]
                    guard RawHTTPRequest.isTokenByte(byte), !(byte >= 0x41 && byte <= 0x5a) else { return nil }
                }
                names.append(ByteText.string(bytes, start..<index))
                start = index + 1
            }
            return names
        }
        guard let names else {
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "SignedHeaders must be a non-empty ';'-separated list of lowercase header names, got '\(printable(signedHeaders.prefix(64)))'.",
                    accessKeyId: accessKeyId
                )
            )
        }
        return .success(
            ParsedAuthorization(
                algorithm: algorithm,
                accessKeyId: accessKeyId,
                scopeDate: scopeDate,
                scopeRegion: region,
                scopeService: service,
                scope: scope,
                signedHeadersLine: signedHeaders,
                signedHeaderNames: names,
                signature: signature,
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
