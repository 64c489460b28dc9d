import GatehouseCore
import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses `Authorization` headers and presigned queries. Every failure names what is missing or
/// malformed, as AWS's `IncompleteSignatureException` messages do, but never echoes the
/// signature or a token.
enum AuthorizationParser {
    /// Limits on what a parser will look at.
    static let maxAuthorizationLength = 8 * 1024

    static func parse(
        _ request: borrowing SigV4Request,
        head: borrowing RequestHead,
        memo: AuthorizationMemo? = nil
    ) throws(SigV4Failure) -> ParsedAuthorization {
        let found = DateAndAuthorization(head)
        let authorization = found.authorization
        let authorizationCount = found.authorizationCount
        let presigned = unsafe queryHasKey(head.queryBytes, "X-Amz-Algorithm")
        if authorizationCount == 0 && !presigned {
            throw SigV4Failure(.missingAuthenticationToken, "Missing Authentication Token")
        }
        if authorizationCount > 1 {
            throw SigV4Failure(.incompleteSignature, "Only one Authorization header may be sent.")
        }
        if let authorization {
            if presigned {
                throw SigV4Failure(
                    .incompleteSignature,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified"
                )
            }
            return unsafe try parseHeader(head.value(authorization), dates: found, head: head, memo: memo)
        }
        return try parseQuery(request)
    }

    // MARK: Authorization header

    /// Parses `ALGORITHM Credential=…, SignedHeaders=…, Signature=…` on its UTF-8 bytes.
    private static func parseHeader(
        _ bytes: UnsafeBufferPointer<UInt8>,
        dates: borrowing DateAndAuthorization,
        head: borrowing RequestHead,
        memo: AuthorizationMemo?
    ) throws(SigV4Failure) -> ParsedAuthorization {
        guard bytes.count <= maxAuthorizationLength else {
            throw SigV4Failure(
                .requestTooLarge,
                "The Authorization header is longer than \(maxAuthorizationLength) bytes."
            )
        }
        let signatureStart = unsafe AuthorizationMemo.signatureStart(bytes)
        if let signatureStart, let template = unsafe memo?.entry(for: bytes, signatureStart: signatureStart) {
            // The value's date is read as for any other: a bad or missing one fails the same way.
            switch try requestDate(dates, head: head) {
            case .field(let index, let parsed):
                return unsafe ParsedAuthorization.make(
                    template: template,
                    value: bytes,
                    amzDate: head.value(index),
                    date: parsed
                )
            case .reformatted(let text, let parsed):
                return unsafe text.withUTF8Bytes {
                    unsafe ParsedAuthorization.make(template: template, value: bytes, amzDate: $0, date: parsed)
                }
            }
        }
        if let common = unsafe commonForm(bytes) {
            return unsafe try finishHeader(
                bytes: bytes,
                algorithm: common.algorithm,
                credential: common.credential,
                signedHeaders: common.signedHeaders,
                signature: common.signature,
                dates: dates,
                head: head,
                rememberable: common.algorithm == .sigV4 && signatureStart == common.signature.lowerBound
            )
        }
        let whole = unsafe ByteText.trimmed(bytes, 0..<bytes.count)
        var algorithmEnd = whole.lowerBound
        while unsafe algorithmEnd < whole.upperBound && bytes[algorithmEnd] != UInt8(ascii: " ") { algorithmEnd += 1 }
        let algorithmRange = whole.lowerBound..<algorithmEnd
        let algorithm: SigningAlgorithm
        if unsafe ByteText.equals(bytes, algorithmRange, "AWS4-HMAC-SHA256") {
            algorithm = .sigV4
        } else if unsafe ByteText.equals(bytes, algorithmRange, "AWS4-ECDSA-P256-SHA256") {
            algorithm = .sigV4a
        } else {
            let name = unsafe ByteText.string(bytes, algorithmRange)
            if name.hasPrefix("AWS4-") || name == "AWS" {
                throw SigV4Failure(
                    .unsupportedAlgorithm,
                    "Unsupported AWS 'algorithm': '\(printable(name.prefix(40)))'."
                )
            }
            throw SigV4Failure(
                .incompleteSignature,
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            )
        }
        var credential: Range<Int>? = nil
        var signedHeaders: Range<Int>? = nil
        var signature: Range<Int>? = nil
        var partStart = algorithmEnd
        var position = 0
        while partStart < whole.upperBound {
            var partEnd = partStart
            partEnd = unsafe ByteSearch.firstIndex(
                of: UInt8(ascii: ","),
                in: bytes,
                from: partEnd,
                to: whole.upperBound
            )
            let part = unsafe ByteText.trimmed(bytes, partStart..<partEnd)
            partStart = partEnd + 1
            position += 1
            if part.isEmpty { continue }
            var equals = part.lowerBound
            equals = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "="), in: bytes, from: equals, to: part.upperBound)
            // The part is not echoed: it may hold the signature.
            guard equals < part.upperBound else {
                throw SigV4Failure(
                    .incompleteSignature,
                    "Parameter \(position) of the Authorization header is not a valid key=value pair (missing equal-sign)."
                )
            }
            let key = part.lowerBound..<equals
            let partValue = (equals + 1)..<part.upperBound
            if unsafe ByteText.equals(bytes, key, "Credential") {
                guard credential == nil else { throw duplicate("Credential") }
                credential = partValue
            } else if unsafe ByteText.equals(bytes, key, "SignedHeaders") {
                guard signedHeaders == nil else { throw duplicate("SignedHeaders") }
                signedHeaders = partValue
            } else if unsafe ByteText.equals(bytes, key, "Signature") {
                guard signature == nil else { throw duplicate("Signature") }
                signature = partValue
            } else {
                throw SigV4Failure(
                    .incompleteSignature,
                    unsafe "'\(printable(ByteText.string(bytes, key).prefix(32)))' is not a known Authorization header parameter."
                )
            }
        }
        return unsafe try finishHeader(
            bytes: bytes,
            algorithm: algorithm,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            dates: dates,
            head: head
        )
    }

    /// The three parts of an `Authorization` value written the way every SDK and `curl` write it:
    /// `ALGORITHM Credential=…, SignedHeaders=…, Signature=…`, no spaces at the edges or before a
    /// comma, no comma inside a part. For such a value these are exactly the ranges the general
    /// parse finds (which trims parts and accepts any order); anything else — and every malformed
    /// header, for its precise message — goes the general way.
    private static func commonForm(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) -> (algorithm: SigningAlgorithm, credential: Range<Int>, signedHeaders: Range<Int>, signature: Range<Int>)? {
        let count = bytes.count
        let algorithm: SigningAlgorithm
        let credentialStart: Int
        if unsafe count > 28 && ByteText.equals(bytes, 0..<28, "AWS4-HMAC-SHA256 Credential=") {
            algorithm = .sigV4
            credentialStart = 28
        } else if unsafe count > 34 && ByteText.equals(bytes, 0..<34, "AWS4-ECDSA-P256-SHA256 Credential=") {
            algorithm = .sigV4a
            credentialStart = 34
        } else {
            return nil
        }
        let credentialEnd = unsafe ByteSearch.firstIndex(
            of: UInt8(ascii: ","),
            in: bytes,
            from: credentialStart,
            to: count
        )
        let headersStart = credentialEnd + 16
        guard headersStart < count, unsafe !ByteText.isSpace(bytes[credentialEnd - 1]),
            unsafe ByteText.equals(bytes, credentialEnd..<headersStart, ", SignedHeaders=")
        else { return nil }
        let headersEnd = unsafe ByteSearch.firstIndex(of: UInt8(ascii: ","), in: bytes, from: headersStart, to: count)
        let signatureStart = headersEnd + 12
        guard signatureStart <= count, unsafe !ByteText.isSpace(bytes[headersEnd - 1]),
            unsafe ByteText.equals(bytes, headersEnd..<signatureStart, ", Signature="),
            unsafe ByteSearch.firstIndex(of: UInt8(ascii: ","), in: bytes, from: signatureStart, to: count) == count,
            unsafe !ByteText.isSpace(bytes[count - 1])
        else { return nil }
        return (algorithm, credentialStart..<credentialEnd, headersStart..<headersEnd, signatureStart..<count)
    }

    /// The checks and assembly after the parts are found: every part there, a request date.
    private static func finishHeader(
        bytes: UnsafeBufferPointer<UInt8>,
        algorithm: SigningAlgorithm,
        credential: Range<Int>?,
        signedHeaders: Range<Int>?,
        signature: Range<Int>?,
        dates: borrowing DateAndAuthorization,
        head: borrowing RequestHead,
        rememberable: Bool = false
    ) throws(SigV4Failure) -> ParsedAuthorization {
        let date: RequestDate?
        var dateFailure: SigV4Failure? = nil
        do { date = try requestDate(dates, head: head) } catch {
            date = nil
            dateFailure = error
        }
        if let credential, let signedHeaders, let signature, let date {
            switch date {
            case .field(let index, let parsed):
                return unsafe try assemble(
                    bytes: bytes,
                    algorithm: algorithm,
                    credential: credential,
                    signedHeaders: signedHeaders,
                    signature: signature,
                    date: (head.value(index), parsed),
                    presignExpires: nil,
                    sessionToken: nil,
                    regionSet: nil,
                    rememberable: rememberable
                )
            case .reformatted(let text, let parsed):
                let assembled: Result<ParsedAuthorization, SigV4Failure> = unsafe text.withUTF8Bytes { dateBytes in
                    Result { () throws(SigV4Failure) in
                        unsafe try assemble(
                            bytes: bytes,
                            algorithm: algorithm,
                            credential: credential,
                            signedHeaders: signedHeaders,
                            signature: signature,
                            date: (dateBytes, parsed),
                            presignExpires: nil,
                            sessionToken: nil,
                            regionSet: nil,
                            rememberable: rememberable
                        )
                    }
                }
                return try assembled.get()
            }
        }
        var missing: [String] = []
        if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
        if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
        if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
        if let dateFailure, dateFailure.code == .incompleteSignature { missing.append(dateFailure.message) }
        if missing.isEmpty, let dateFailure { throw dateFailure }
        throw SigV4Failure(.incompleteSignature, missing.joined(separator: " "))
    }

    /// The request's time: `X-Amz-Date` (basic ISO 8601), else `Date` (an HTTP-date, which the
    /// string to sign still writes in the basic form).
    /// Where the request's time comes from: an `X-Amz-Date` field's own text, or a `Date`
    /// header's time written in the basic form.
    private enum RequestDate {
        case field(Int, AmzDate)
        case reformatted(String, AmzDate)
    }

    /// The request's time: `X-Amz-Date` (basic ISO 8601), else `Date` (an HTTP-date, which the
    /// string to sign still writes in the basic form).
    private static func requestDate(
        _ found: borrowing DateAndAuthorization,
        head: borrowing RequestHead
    ) throws(SigV4Failure) -> RequestDate {
        if found.amzDateCount > 1 {
            throw SigV4Failure(.incompleteSignature, "Only one X-Amz-Date header may be sent.")
        }
        if let index = found.amzDate {
            guard let date = unsafe AmzDate(amzBytes: head.value(index)) else {
                let text = unsafe String(decoding: head.value(index), as: UTF8.self)
                throw SigV4Failure(
                    .invalidDate,
                    "Invalid X-Amz-Date '\(printable(text.prefix(40)))': expected the basic ISO 8601 form YYYYMMDD'T'HHMMSS'Z'."
                )
            }
            return .field(index, date)
        }
        if let index = found.date {
            let text = unsafe String(decoding: head.value(index), as: UTF8.self)
            guard let date = AmzDate(httpDate: text) ?? AmzDate(amzFormat: text) else {
                throw SigV4Failure(
                    .invalidDate,
                    "Invalid Date header '\(printable(text.prefix(40)))': expected an IMF-fixdate HTTP-date."
                )
            }
            return .reformatted(date.amzFormat, date)
        }
        throw SigV4Failure(
            .incompleteSignature,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    }

    /// The headers the parser reads, found in one pass over the head's lowercased names:
    /// lengths first (most names have none of these lengths), then the bytes. Kept as field
    /// indices: the values are read from the head, no string is held.
    struct DateAndAuthorization {
        /// The field index of the first `Authorization`.
        var authorization: Int? = nil
        var authorizationCount = 0
        /// The field index of the first `X-Amz-Date`, and how many there are.
        var amzDate: Int? = nil
        var amzDateCount = 0
        /// The field index of the first `Date`.
        var date: Int? = nil

        init(_ head: borrowing RequestHead) {
            for index in unsafe 0..<head.fields.count {
                let name = unsafe head.name(index)
                switch name.count {
                case 13 where unsafe ByteText.equals(name, 0..<13, "authorization"):
                    if authorization == nil { authorization = index }
                    authorizationCount += 1
                case 10 where unsafe ByteText.equals(name, 0..<10, "x-amz-date"):
                    if amzDate == nil { amzDate = index }
                    amzDateCount += 1
                case 4 where unsafe date == nil && ByteText.equals(name, 0..<4, "date"):
                    date = index
                default:
                    break
                }
            }
        }
    }

    // MARK: Presigned query

    /// The presigning parameters, by their lowercased names (reference/sigv4.md §2).
    static let reservedPresignNames: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
            "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Region-Set",
        ].map { ($0.lowercased(), $0) }
    )

    private static func parseQuery(_ request: borrowing SigV4Request) throws(SigV4Failure) -> ParsedAuthorization {
        // Every key is judged by its decoded name, as the canonical query excludes
        // `X-Amz-Signature` by its decoded name: a reserved name must appear once, spelled
        // exactly. An escaped spelling (`X-Amz-Signatur%65`) or another letter case of one is
        // ambiguous (readers differ on decoding and case), so it is refused, never skipped.
        // `+` is a literal plus here as in the canonical query; no reading of `+` (plus or
        // space) spells a reserved name.
        var values: [String: String] = [:]
        for piece in request.query.split(separator: "&") {
            let equals = piece.firstIndex(of: "=") ?? piece.endIndex
            let rawKey = piece[..<equals]
            guard let key = PercentEncoding.decode(String(rawKey)) else {
                throw SigV4Failure(
                    .incompleteSignature,
                    "The query parameter name '\(printable(rawKey.prefix(64)))' is not correctly percent-encoded."
                )
            }
            guard key.utf8.count >= 10, let reserved = reservedPresignNames[key.lowercased()] else { continue }
            guard rawKey.utf8.elementsEqual(reserved.utf8) else {
                throw SigV4Failure(
                    .incompleteSignature,
                    "The query parameter '\(printable(rawKey.prefix(64)))' is another spelling of '\(reserved)': presigning parameters must be written exactly, without percent-encoding or another letter case."
                )
            }
            guard values[reserved] == nil else {
                throw SigV4Failure(.incompleteSignature, "The query parameter '\(reserved)' appears more than once.")
            }
            let rawValue = equals < piece.endIndex ? piece[piece.index(after: equals)...] : ""
            guard let value = PercentEncoding.decode(String(rawValue)) else {
                throw SigV4Failure(
                    .incompleteSignature,
                    "The query parameter '\(reserved)' is not correctly percent-encoded."
                )
            }
            values[reserved] = value
        }
        let required = [
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders",
            "X-Amz-Expires",
        ]
        guard required.allSatisfy({ values[$0] != nil }) else {
            throw SigV4Failure(
                .incompleteSignature,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
            )
        }
        let algorithmName = values["X-Amz-Algorithm"]!
        guard let algorithm = SigningAlgorithm(name: algorithmName) else {
            throw SigV4Failure(
                .unsupportedAlgorithm,
                "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\" and \"AWS4-ECDSA-P256-SHA256\", not '\(printable(algorithmName.prefix(40)))'."
            )
        }
        let dateText = values["X-Amz-Date"]!
        guard let date = AmzDate(amzFormat: dateText) else {
            throw SigV4Failure(
                .invalidDate,
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '\(printable(dateText.prefix(40)))'."
            )
        }
        let expiresText = values["X-Amz-Expires"]!
        guard !expiresText.isEmpty, expiresText.utf8.count <= 7,
            expiresText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let expires = Int(expiresText), (1...SigningConfiguration.maximumExpiry).contains(expires)
        else {
            throw SigV4Failure(
                .invalidExpires,
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"
            )
        }
        let credential = values["X-Amz-Credential"]!
        let signedHeaders = values["X-Amz-SignedHeaders"]!
        let source = credential + "\n" + signedHeaders + "\n" + values["X-Amz-Signature"]!
        let credentialEnd = credential.utf8.count
        let signedHeadersEnd = credentialEnd + 1 + signedHeaders.utf8.count
        let assembled: Result<ParsedAuthorization, SigV4Failure> = unsafe source.withUTF8Bytes { bytes in
            unsafe dateText.withUTF8Bytes { dateBytes in
                Result { () throws(SigV4Failure) in
                    unsafe try assemble(
                        bytes: bytes,
                        algorithm: algorithm,
                        credential: 0..<credentialEnd,
                        signedHeaders: (credentialEnd + 1)..<signedHeadersEnd,
                        signature: (signedHeadersEnd + 1)..<bytes.count,
                        date: (dateBytes, date),
                        presignExpires: expires,
                        sessionToken: values["X-Amz-Security-Token"],
                        regionSet: values["X-Amz-Region-Set"],
                        rememberable: false
                    )
                }
            }
        }
        return try assembled.get()
    }

    // MARK: Shared

    private static func assemble(
        bytes: UnsafeBufferPointer<UInt8>,
        algorithm: SigningAlgorithm,
        credential: Range<Int>,
        signedHeaders: Range<Int>,
        signature: Range<Int>,
        date: (UnsafeBufferPointer<UInt8>, AmzDate),
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?,
        rememberable: Bool
    ) throws(SigV4Failure) -> ParsedAuthorization {
        // Credential: AKID/date/region/service/aws4_request (SigV4a: no region), its slashes
        // found in one pass; every part must be non-empty.
        let expectedParts = algorithm.isAsymmetric ? 4 : 5
        var parts: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
        var count = 0
        var start = credential.lowerBound
        var wellFormed = true
        let base = bytes.baseAddress!
        while true {
            // `memchr`: the C library's vectorized search, cheaper than a Swift byte loop here.
            let slash = unsafe memchr(base + start, Int32(UInt8(ascii: "/")), credential.upperBound - start)
            let index =
                unsafe slash.map { unsafe UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? credential.upperBound
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
        guard wellFormed, count == expectedParts, unsafe ByteText.equals(bytes, last, "aws4_request") else {
            let shape =
                algorithm.isAsymmetric
                ? "<your-access-key-id>/<date>/<aws-service>/aws4_request"
                : "<your-access-key-id>/<date>/<aws-region>/<aws-service>/aws4_request"
            throw SigV4Failure(.incompleteSignature, "Credential should be of the form \(shape).")
        }
        let accessKeyId = unsafe ByteText.string(bytes, parts.0)
        guard parts.1.count == 8 else {
            throw SigV4Failure(
                .incompleteSignature,
                unsafe "Credential scope date '\(printable(ByteText.string(bytes, parts.1).prefix(16)))' is not YYYYMMDD.",
                accessKeyId: accessKeyId
            )
        }

        // SignedHeaders: lowercase tokens separated by single `;`, none empty — checked in one
        // pass, so later walks over the list need no array.
        // Branch-free: every byte is looked at, and the verdict is one test at the end.
        var valid: UInt64 = signedHeaders.isEmpty ? 0 : 1
        var afterSemicolon: UInt64 = 1
        for position in signedHeaders {
            let byte = unsafe bytes[position]
            let semicolon: UInt64 = byte == UInt8(ascii: ";") ? 1 : 0
            valid &= (isSignedHeadersByte(byte) ? 1 : 0) & ~(semicolon & afterSemicolon)
            afterSemicolon = semicolon
        }
        let namesValid = valid & ~afterSemicolon & 1 == 1
        guard namesValid else {
            throw SigV4Failure(
                .incompleteSignature,
                unsafe "SignedHeaders must be a non-empty ';'-separated list of lowercase header names, got '\(printable(ByteText.string(bytes, signedHeaders).prefix(64)))'.",
                accessKeyId: accessKeyId
            )
        }
        return unsafe ParsedAuthorization.make(
            source: bytes,
            algorithm: algorithm,
            accessKeyId: accessKeyId,
            scope: parts.1.lowerBound..<credential.upperBound,
            scopeDate: parts.1,
            scopeRegion: algorithm.isAsymmetric ? parts.1.upperBound..<parts.1.upperBound : parts.2,
            scopeService: algorithm.isAsymmetric ? parts.2 : parts.3,
            signedHeaders: signedHeaders,
            signature: signature,
            amzDate: date.0,
            date: date.1,
            presignExpires: presignExpires,
            sessionToken: sessionToken,
            regionSet: regionSet,
            rememberable: rememberable
        )
    }

    /// A byte of a SignedHeaders list: `;`, or an HTTP token byte that is not an uppercase
    /// letter. Two 64-bit masks, as ``RawHTTPRequest/isTokenByte(_:)`` (whose masks these are,
    /// with `;` added and `A`–`Z` removed).
    @inline(__always)
    static func isSignedHeadersByte(_ byte: UInt8) -> Bool {
        let mask: UInt64 = byte < 64 ? 0x0BFF_6CFA_0000_0000 : byte < 128 ? 0x57FF_FFFF_C000_0000 : 0
        return mask >> UInt64(byte & 63) & 1 == 1
    }

    private static func duplicate(_ name: String) -> SigV4Failure {
        SigV4Failure(.incompleteSignature, "Authorization header has more than one '\(name)' parameter.")
    }

    /// `true` when the raw query has a parameter whose key, percent-decoded, is exactly `key`:
    /// presence is judged on the same decoded names the canonical query uses
    /// (`X-Amz-Algorith%6D` is `X-Amz-Algorithm`). A key with a malformed escape names nothing
    /// here (the canonical query refuses it).
    static func queryHasKey(_ query: UnsafeBufferPointer<UInt8>, _ key: StaticString) -> Bool {
        let target = unsafe UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        var start = 0
        while start < query.count {
            let end = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "&"), in: query, from: start, to: query.count)
            // Decoding only shortens: a raw key shorter than the name cannot decode to it (most
            // pieces of an ordinary query end here, without a search for their `=`).
            if end - start >= target.count {
                let keyEnd = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "="), in: query, from: start, to: end)
                if unsafe keyEnd - start >= target.count && decodedEquals(query, start..<keyEnd, target) { return true }
            }
            start = end + 1
        }
        return false
    }

    /// `true` when `bytes[range]`, percent-decoded (`+` stays a plus), is exactly `target`.
    static func decodedEquals(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        _ target: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        var index = range.lowerBound
        var matched = 0
        while index < range.upperBound {
            var byte = unsafe bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < range.upperBound, let high = unsafe Hex.value(of: bytes[index + 1]),
                    let low = unsafe Hex.value(of: bytes[index + 2])
                else { return false }
                byte = high << 4 | low
                index += 3
            } else {
                index += 1
            }
            guard matched < target.count, unsafe target[matched] == byte else { return false }
            matched += 1
        }
        return matched == target.count
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
