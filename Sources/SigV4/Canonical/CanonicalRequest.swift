import GatehouseCrypto

/// Builds the canonical request and the string to sign (reference/sigv4.md §1, §2), shared by the
/// signer and the verifier so both read a request in exactly one way.
enum CanonicalRequest {
    /// The encoding rules of one service.
    struct Rules {
        var normalizePath: Bool
        var doubleURIEncode: Bool
    }

    /// Writes the six lines into `out` (no trailing newline). Returns the first signed header name
    /// the request lacks, if any; the caller decides whether that is an error.
    static func build(
        _ request: SigV4Request,
        rules: Rules,
        extraQuery: [CanonicalQuery.Pair] = [],
        excluding exclusions: CanonicalQuery.Exclusions = [],
        signedHeaderNames: [String],
        signedHeadersLine: String,
        payloadHash: String,
        into out: inout [UInt8]
    ) throws(SigV4Error) -> String? {
        var method = request.method
        method.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\n"))
        CanonicalURI.append(path: request.path, normalize: rules.normalizePath, encode: rules.doubleURIEncode, to: &out)
        out.append(UInt8(ascii: "\n"))
        try CanonicalQuery.append(rawQuery: request.query, adding: extraQuery, excluding: exclusions, to: &out)
        out.append(UInt8(ascii: "\n"))
        let missing = CanonicalHeaders.append(names: signedHeaderNames, from: request, to: &out)
        out.append(UInt8(ascii: "\n"))
        var signed = signedHeadersLine
        signed.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\n"))
        var payload = payloadHash
        payload.withUTF8 { out.append(contentsOf: $0) }
        return missing
    }

    /// `ALGORITHM\nAMZDATE\nSCOPE\nhex(SHA-256(canonical request))`.
    static func stringToSign(
        algorithm: SigningAlgorithm,
        amzDate: String,
        scope: String,
        canonicalRequest: [UInt8],
        into out: inout [UInt8]
    ) {
        var algorithmName = algorithm.name
        algorithmName.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\n"))
        var date = amzDate
        date.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\n"))
        var scope = scope
        scope.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\n"))
        Hex.append(SHA256.hash(canonicalRequest), to: &out)
    }

    /// `date/region/service/aws4_request` (SigV4) or `date/service/aws4_request` (SigV4a).
    static func scope(algorithm: SigningAlgorithm, scopeDate: String, region: String, service: String) -> String {
        algorithm.isAsymmetric
            ? "\(scopeDate)/\(service)/aws4_request" : "\(scopeDate)/\(region)/\(service)/aws4_request"
    }
}
