import GatehouseCrypto

/// Builds the canonical request and the string to sign (reference/sigv4.md §1, §2), shared by the
/// signer and the verifier so both read a request in exactly one way.
enum CanonicalRequest {
    /// The encoding rules of one service.
    struct Rules {
        var normalizePath: Bool
        var doubleURIEncode: Bool
    }

    /// The signed headers: the signer's sorted field indices (one per name), whose SignedHeaders
    /// line is written from the head, or the ranges of a parsed `Authorization`. `@unsafe`: the
    /// signer's indices are borrowed memory, valid only while the caller keeps it.
    @unsafe enum SignedHeaders {
        case fields(UnsafeBufferPointer<Int>)
        /// The verifier's: the list as the client sent it, with the fields each name matched
        /// when the verifier found them (``SignedFields``).
        case parsed(ParsedAuthorization, SignedFields?)
    }

    /// Writes the six lines into `out` (no trailing newline). Returns where in `out` the
    /// SignedHeaders line went, so a signer reads it from there instead of keeping a copy.
    @discardableResult
    static func build(
        _ head: borrowing RequestHead,
        rules: Rules,
        extraQuery: [CanonicalQuery.Pair] = [],
        excluding exclusions: CanonicalQuery.Exclusions = [],
        signedHeaders: SignedHeaders,
        payloadHash: String,
        into out: inout ByteWriter
    ) throws(SigV4Error) -> Range<Int> {
        unsafe out.append(head.methodBytes)
        out.append(UInt8(ascii: "\n"))
        unsafe CanonicalURI.append(
            path: head.pathBytes,
            normalize: rules.normalizePath,
            encode: rules.doubleURIEncode,
            to: &out
        )
        out.append(UInt8(ascii: "\n"))
        unsafe try CanonicalQuery.append(rawQuery: head.queryBytes, adding: extraQuery, excluding: exclusions, to: &out)
        out.append(UInt8(ascii: "\n"))
        let lineStart: Int
        switch unsafe signedHeaders {
        case .fields(let indices):
            for position in 0..<indices.count {
                let entry = unsafe indices[position]
                if entry >= 0 {
                    head.appendCanonicalHeader(field: entry, to: &out)
                } else {
                    unsafe head.appendCanonicalHeader(named: head.name(~entry), to: &out)
                }
            }
            out.append(UInt8(ascii: "\n"))
            lineStart = out.count
            unsafe CanonicalHeaders.appendSignedHeadersLine(head, indices, to: &out)
        case .parsed(let parsed, let fields):
            lineStart = unsafe parsed.withSource { source in
                if let names = parsed.signedNames, let fields {
                    for position in 0..<names.count {
                        if !fields.isRepeated(position) {
                            head.appendCanonicalHeader(field: fields.first(position), to: &out)
                        } else {
                            unsafe head.appendCanonicalHeader(named: names.name(position, in: source), to: &out)
                        }
                    }
                } else {
                    parsed.forEachSignedHeaderName { range in
                        unsafe head.appendCanonicalHeader(named: UnsafeBufferPointer(rebasing: source[range]), to: &out)
                        return true
                    }
                }
                out.append(UInt8(ascii: "\n"))
                let start = out.count
                unsafe out.append(UnsafeBufferPointer(rebasing: source[parsed.signedHeaders]))
                return start
            }
        }
        let line = lineStart..<out.count
        out.append(UInt8(ascii: "\n"))
        out.append(payloadHash)
        return line
    }

    /// `ALGORITHM\nAMZDATE\nSCOPE\nhex(SHA-256(canonical request))`, from the canonical
    /// request's digest (hashed first, so a caller may write both into one buffer).
    static func stringToSign(
        algorithm: SigningAlgorithm,
        amzDate: UnsafeBufferPointer<UInt8>,
        scope: UnsafeBufferPointer<UInt8>,
        canonicalDigest: SHA256Digest,
        into out: inout ByteWriter
    ) {
        out.append(algorithm.nameLiteral)
        out.append(UInt8(ascii: "\n"))
        unsafe out.append(amzDate)
        out.append(UInt8(ascii: "\n"))
        unsafe out.append(scope)
        out.append(UInt8(ascii: "\n"))
        unsafe canonicalDigest.withUnsafeBytes { unsafe out.appendLowercaseHex($0) }
    }

    /// `date/region/service/aws4_request` (SigV4) or `date/service/aws4_request` (SigV4a).
    static func scope(algorithm: SigningAlgorithm, scopeDate: String, region: String, service: String) -> String {
        var out = ByteWriter(capacity: 128)
        out.append(scopeDate)
        out.append(UInt8(ascii: "/"))
        if !algorithm.isAsymmetric {
            out.append(region)
            out.append(UInt8(ascii: "/"))
        }
        out.append(service)
        out.append("/aws4_request")
        return out.string
    }
}
