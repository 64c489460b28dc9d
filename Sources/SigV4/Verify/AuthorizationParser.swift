import GatehouseCrypto

/// What a request claims about its signature, parsed from the `Authorization` header or the
/// presigned query, before any cryptography.
///
/// Parts are byte ranges into one source string (the `Authorization` value, or for a presigned
/// request the decoded credential, signed headers and signature joined by newlines): parsing
/// allocates almost nothing, and strings are made only when a message or an identity needs them.
final class ParsedAuthorization: Sendable {
    // A class: parsed once, then passed through the verifier and into the identity by reference,
    // instead of copying (and retaining) a dozen fields at every step.
    let source: String
    let algorithm: SigningAlgorithm
    let accessKeyId: String
    /// The credential scope after the access key id (`date/region/service/aws4_request`).
    let scope: Range<Int>
    let scopeDate: Range<Int>
    /// The scope's region (SigV4); empty for SigV4a.
    let scopeRegion: Range<Int>
    let scopeService: Range<Int>
    let signedHeaders: Range<Int>
    let signedHeaderNames: [Range<Int>]
    let signature: Range<Int>
    /// The date text for the string to sign (always the basic form).
    let amzDate: String
    let date: AmzDate
    /// Set for presigned requests.
    let presignExpires: Int?
    let sessionToken: String?
    /// SigV4a's region set.
    let regionSet: String?

    init(
        source: String,
        algorithm: SigningAlgorithm,
        accessKeyId: String,
        scope: Range<Int>,
        scopeDate: Range<Int>,
        scopeRegion: Range<Int>,
        scopeService: Range<Int>,
        signedHeaders: Range<Int>,
        signedHeaderNames: [Range<Int>],
        signature: Range<Int>,
        amzDate: String,
        date: AmzDate,
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?
    ) {
        self.source = source
        self.algorithm = algorithm
        self.accessKeyId = accessKeyId
        self.scope = scope
        self.scopeDate = scopeDate
        self.scopeRegion = scopeRegion
        self.scopeService = scopeService
        self.signedHeaders = signedHeaders
        self.signedHeaderNames = signedHeaderNames
        self.signature = signature
        self.amzDate = amzDate
        self.date = date
        self.presignExpires = presignExpires
        self.sessionToken = sessionToken
        self.regionSet = regionSet
    }

    var isPresigned: Bool { presignExpires != nil }

    @inline(__always)
    func withSource<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { source.withUTF8Bytes(body) }

    func string(_ range: Range<Int>) -> String { withSource { ByteText.string($0, range) } }

    var scopeString: String { string(scope) }
    var scopeDateString: String { string(scopeDate) }
    var signatureString: String { string(signature) }
    var signedHeaderNameStrings: [String] {
        withSource { bytes in signedHeaderNames.map { ByteText.string(bytes, $0) } }
    }

    /// `true` when SignedHeaders names `name` (compared ignoring ASCII case).
    func signs(_ name: String) -> Bool {
        let length = name.utf8.count
        guard signedHeaderNames.contains(where: { $0.count == length }) else { return false }
        return withSource { source in
            name.withUTF8Bytes { candidate in
                for range in signedHeaderNames
                where ByteText.equalsIgnoringASCIICase(UnsafeBufferPointer(rebasing: source[range]), candidate) {
                    return true
                }
                return false
            }
        }
    }

    /// `true` when SignedHeaders names the lowercase `literal` (names in the list are lowercase,
    /// so this is byte equality, and no string is lent per name).
    func signs(literal: StaticString) -> Bool {
        withSource { source in
            for range in signedHeaderNames where ByteText.equals(source, range, literal) { return true }
            return false
        }
    }

    /// `true` when the bytes at `range` equal `text` exactly.
    func part(_ range: Range<Int>, equals text: String) -> Bool {
        withSource { source in
            text.withUTF8Bytes { candidate in
                guard candidate.count == range.count else { return false }
                for offset in 0..<range.count where source[range.lowerBound + offset] != candidate[offset] {
                    return false
                }
                return true
            }
        }
    }
}

/// Parses `Authorization` headers and presigned queries. Every failure names what is missing or
/// malformed, as AWS's `IncompleteSignatureException` messages do, but never echoes the
/// signature or a token.
enum AuthorizationParser {
    /// Limits on what a parser will look at.
    static let maxAuthorizationLength = 8 * 1024

    static func parse(_ request: SigV4Request) -> Result<ParsedAuthorization, SigV4Failure> {
        let found = DateAndAuthorization(request.headers)
        let authorization = found.authorization
        let authorizationCount = found.authorizationCount
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
            return parseHeader(authorization, dates: found)
        }
        return parseQuery(request)
    }

    // MARK: Authorization header

    /// Parses `ALGORITHM Credential=…, SignedHeaders=…, Signature=…` on its UTF-8 bytes.
    private static func parseHeader(
        _ value: String,
        dates: DateAndAuthorization
    ) -> Result<ParsedAuthorization, SigV4Failure> {
        guard value.utf8.count <= maxAuthorizationLength else {
            return .failure(
                SigV4Failure(
                    .requestTooLarge,
                    "The Authorization header is longer than \(maxAuthorizationLength) bytes."
                )
            )
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
                    return .failure(
                        SigV4Failure(
                            .unsupportedAlgorithm,
                            "Unsupported AWS 'algorithm': '\(printable(name.prefix(40)))'."
                        )
                    )
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
                partEnd = ByteSearch.firstIndex(of: UInt8(ascii: ","), in: bytes, from: partEnd, to: whole.upperBound)
                let part = ByteText.trimmed(bytes, partStart..<partEnd)
                partStart = partEnd + 1
                position += 1
                if part.isEmpty { continue }
                var equals = part.lowerBound
                equals = ByteSearch.firstIndex(of: UInt8(ascii: "="), in: bytes, from: equals, to: part.upperBound)
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
            let dateResult = requestDate(dates)
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
                source: value,
                bytes: bytes,
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
    }

    /// The request's time: `X-Amz-Date` (basic ISO 8601), else `Date` (an HTTP-date, which the
    /// string to sign still writes in the basic form).
    private static func requestDate(_ found: DateAndAuthorization) -> Result<(String, AmzDate), SigV4Failure> {
        if found.amzDateCount > 1 {
            return .failure(SigV4Failure(.incompleteSignature, "Only one X-Amz-Date header may be sent."))
        }
        if let text = found.amzDate {
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
        if let text = found.date {
            guard let date = AmzDate(httpDate: text) ?? AmzDate(amzFormat: text) else {
                return .failure(
                    SigV4Failure(
                        .invalidDate,
                        "Invalid Date header '\(printable(text.prefix(40)))': expected an IMF-fixdate HTTP-date."
                    )
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

    /// The headers the parser reads, found in one pass over the names: lengths first (most
    /// names have none of these lengths), then the bytes.
    struct DateAndAuthorization {
        var authorization: String? = nil
        var authorizationCount = 0
        /// The first `X-Amz-Date`, and how many there are.
        var amzDate: String? = nil
        var amzDateCount = 0
        /// The first `Date`.
        var date: String? = nil

        init(_ headers: [SigV4Request.Header]) {
            for index in headers.indices {
                let name = headers[index].name
                switch name.utf8.count {
                case 13 where name.equalsLowercaseASCII("authorization"):
                    authorization = headers[index].value
                    authorizationCount += 1
                case 10 where name.equalsLowercaseASCII("x-amz-date"):
                    if amzDate == nil { amzDate = headers[index].value }
                    amzDateCount += 1
                case 4 where date == nil && name.equalsLowercaseASCII("date"):
                    date = headers[index].value
                default:
                    break
                }
            }
        }
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
                return .failure(
                    SigV4Failure(
                        .incompleteSignature,
                        "The query parameter '\(rawKey)' is not correctly percent-encoded."
                    )
                )
            }
            let key = String(rawKey)
            guard values[key] == nil else {
                return .failure(
                    SigV4Failure(.incompleteSignature, "The query parameter '\(key)' appears more than once.")
                )
            }
            values[key] = value
        }
        let required = [
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders",
            "X-Amz-Expires",
        ]
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
        let credential = values["X-Amz-Credential"]!
        let signedHeaders = values["X-Amz-SignedHeaders"]!
        let source = credential + "\n" + signedHeaders + "\n" + values["X-Amz-Signature"]!
        let credentialEnd = credential.utf8.count
        let signedHeadersEnd = credentialEnd + 1 + signedHeaders.utf8.count
        return source.withUTF8Bytes { bytes in
            assemble(
                source: source,
                bytes: bytes,
                algorithm: algorithm,
                credential: 0..<credentialEnd,
                signedHeaders: (credentialEnd + 1)..<signedHeadersEnd,
                signature: (signedHeadersEnd + 1)..<bytes.count,
                date: (dateText, date),
                presignExpires: expires,
                sessionToken: values["X-Amz-Security-Token"],
                regionSet: values["X-Amz-Region-Set"]
            )
        }
    }

    // MARK: Shared

    private static func assemble(
        source: String,
        bytes: UnsafeBufferPointer<UInt8>,
        algorithm: SigningAlgorithm,
        credential: Range<Int>,
        signedHeaders: Range<Int>,
        signature: Range<Int>,
        date: (String, AmzDate),
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?
    ) -> Result<ParsedAuthorization, SigV4Failure> {
        // Credential: AKID/date/region/service/aws4_request (SigV4a: no region).
        let expectedParts = algorithm.isAsymmetric ? 4 : 5
        var parts: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
        var count = 0
        var start = credential.lowerBound
        var wellFormed = true
        while true {
            let index = ByteSearch.firstIndex(of: UInt8(ascii: "/"), in: bytes, from: start, to: credential.upperBound)
            guard index > start, count < expectedParts else {
                wellFormed = false
                break
            }
            switch count {
            case 0: parts.0 = start..<index
            case 1: parts.1 = start..<index
            case 2: parts.2 = start..<index
            case 3: parts.3 = start..<index
            default: parts.4 = start..<index
            }
            count += 1
            start = index + 1
            if index == credential.upperBound { break }
        }
        let last = algorithm.isAsymmetric ? parts.3 : parts.4
        guard wellFormed, count == expectedParts, ByteText.equals(bytes, last, "aws4_request") else {
            let shape =
                algorithm.isAsymmetric
                ? "<your-access-key-id>/<date>/<aws-service>/aws4_request"
                : "<your-access-key-id>/<date>/<aws-region>/<aws-service>/aws4_request"
            return .failure(SigV4Failure(.incompleteSignature, "Credential should be of the form \(shape)."))
        }
        let accessKeyId = ByteText.string(bytes, parts.0)
        guard parts.1.count == 8 else {
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "Credential scope date '\(printable(ByteText.string(bytes, parts.1).prefix(16)))' is not YYYYMMDD.",
                    accessKeyId: accessKeyId
                )
            )
        }

        // SignedHeaders: lowercase tokens separated by `;`.
        var names: [Range<Int>] = []
        names.reserveCapacity(8)
        var nameStart = signedHeaders.lowerBound
        var namesValid = !signedHeaders.isEmpty
        if namesValid {
            while true {
                let index = ByteSearch.firstIndex(
                    of: UInt8(ascii: ";"),
                    in: bytes,
                    from: nameStart,
                    to: signedHeaders.upperBound
                )
                guard index > nameStart else {
                    namesValid = false
                    break
                }
                names.append(nameStart..<index)
                nameStart = index + 1
                if index == signedHeaders.upperBound { break }
            }
            for position in signedHeaders where !isSignedHeadersByte(bytes[position]) {
                namesValid = false
                break
            }
        }
        guard namesValid else {
            return .failure(
                SigV4Failure(
                    .incompleteSignature,
                    "SignedHeaders must be a non-empty ';'-separated list of lowercase header names, got '\(printable(ByteText.string(bytes, signedHeaders).prefix(64)))'.",
                    accessKeyId: accessKeyId
                )
            )
        }
        return .success(
            ParsedAuthorization(
                source: source,
                algorithm: algorithm,
                accessKeyId: accessKeyId,
                scope: parts.1.lowerBound..<credential.upperBound,
                scopeDate: parts.1,
                scopeRegion: algorithm.isAsymmetric ? parts.1.upperBound..<parts.1.upperBound : parts.2,
                scopeService: algorithm.isAsymmetric ? parts.2 : parts.3,
                signedHeaders: signedHeaders,
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

    /// A byte of a SignedHeaders list: `;`, or an HTTP token byte that is not an uppercase
    /// letter. Two 64-bit masks, as ``RawHTTPRequest/isTokenByte(_:)`` (whose masks these are,
    /// with `;` added and `A`–`Z` removed).
    @inline(__always)
    static func isSignedHeadersByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x0BFF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return (0x57FF_FFFF_C000_0000 as UInt64) >> UInt64(byte - 64) & 1 == 1 }
        return false
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
                        if matches && (end - start == k.count || q[start + k.count] == UInt8(ascii: "=")) {
                            return true
                        }
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
