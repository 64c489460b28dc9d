public import GatehouseCore
import GatehouseCrypto

/// Signs (or re-computes, to verify) the signature chain of an `aws-chunked` body
/// (reference/sigv4.md §3).
///
/// Each chunk's signature covers the previous signature and the chunk's hash, starting from the
/// request's own signature (the seed), so chunks cannot be reordered, dropped or replaced. The
/// final zero-length chunk ends the chain; an optional trailer signature chains off it.
public struct ChunkSigner: Sendable {
    enum Key: Sendable {
        case hmac(HMACSHA256Key)
        case ecdsa(P256PrivateKey?, P256PublicKey)
    }

    let key: Key
    let algorithm: SigningAlgorithm
    let amzDate: String
    let scope: String
    /// The last signature in the chain (the seed before any chunk).
    public private(set) var previousSignature: String

    init(key: Key, algorithm: SigningAlgorithm, amzDate: String, scope: String, seed: String) {
        self.key = key
        self.algorithm = algorithm
        self.amzDate = amzDate
        self.scope = scope
        self.previousSignature = seed
    }

    private var payloadAlgorithm: String { algorithm.name + "-PAYLOAD" }
    private var trailerAlgorithm: String { algorithm.name + "-TRAILER" }

    /// The string to sign of the next chunk, whose data hashes to `chunkDigest` (a streamed
    /// chunk is hashed as its bytes arrive, so the chain takes the digest, not the bytes).
    func chunkStringToSign(_ chunkDigest: SHA256Digest) -> [UInt8] {
        Array(
            "\(payloadAlgorithm)\n\(amzDate)\n\(scope)\n\(previousSignature)\n\(SHA256.emptyDigest.hex)\n\(chunkDigest.hex)"
                .utf8
        )
    }

    /// The string to sign of the trailer: the trailing headers canonicalized like request
    /// headers (`name:value\n`, sorted by name).
    func trailerStringToSign(_ trailers: [SigV4Request.Header]) -> [UInt8] {
        Array(
            "\(trailerAlgorithm)\n\(amzDate)\n\(scope)\n\(previousSignature)\n\(SHA256.hash(Self.canonicalTrailer(trailers)).hex)"
                .utf8
        )
    }

    static func canonicalTrailer(_ trailers: [SigV4Request.Header]) -> [UInt8] {
        let sorted = trailers.map { ($0.name.lowercased(), $0.value) }.sorted {
            $0.0.utf8.lexicographicallyPrecedes($1.0.utf8)
        }
        var out = ByteWriter(capacity: 256)
        for (name, value) in sorted {
            out.append(name)
            out.append(UInt8(ascii: ":"))
            unsafe value.withUTF8Bytes { unsafe CanonicalHeaders.appendNormalizedValue($0, to: &out) }
            out.append(UInt8(ascii: "\n"))
        }
        return out.array
    }

    /// Signs the next chunk (an empty chunk ends the body) and advances the chain.
    public mutating func signChunk(_ chunk: [UInt8]) throws(SigV4Error) -> String {
        let signature = try sign(chunkStringToSign(SHA256.hash(chunk)))
        previousSignature = signature
        return signature
    }

    /// Signs the trailing headers; call after the final, empty chunk.
    public mutating func signTrailer(_ trailers: [SigV4Request.Header]) throws(SigV4Error) -> String {
        let signature = try sign(trailerStringToSign(trailers))
        previousSignature = signature
        return signature
    }

    private func sign(_ stringToSign: [UInt8]) throws(SigV4Error) -> String {
        switch key {
        case .hmac(let key):
            return key.authenticationCode(for: stringToSign).hex
        case .ecdsa(let privateKey?, _):
            do {
                return Hex.encode(try privateKey.signature(for: stringToSign))
            } catch {
                throw SigV4Error(.cryptoFailure, "ECDSA chunk signing failed: \(error)")
            }
        case .ecdsa(nil, _):
            throw SigV4Error(.cryptoFailure, "a verifying chunk chain cannot sign")
        }
    }

    /// Checks a presented chunk signature for a chunk whose data hashes to `digest` and, when it
    /// is valid, advances the chain. The chain continues from the signature without
    /// aws-c-auth's `*` padding.
    mutating func verifyChunk(digest: SHA256Digest, signature: String) -> Bool {
        let signature = Self.unpadded(signature)
        let ok = verify(chunkStringToSign(digest), signature: signature)
        if ok { previousSignature = signature }
        return ok
    }

    mutating func verifyTrailer(_ trailers: [SigV4Request.Header], signature: String) -> Bool {
        let signature = Self.unpadded(signature)
        let ok = verify(trailerStringToSign(trailers), signature: signature)
        if ok { previousSignature = signature }
        return ok
    }

    /// aws-c-auth pads SigV4a chunk signatures to 144 characters with `*`.
    static func unpadded(_ signature: String) -> String {
        var trimmed = Substring(signature)
        while trimmed.last == "*" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    private func verify(_ stringToSign: [UInt8], signature: String) -> Bool {
        switch key {
        case .hmac(let key):
            guard signature.utf8.count == 64, let provided = Hex.decodeLowercase(signature) else { return false }
            return ConstantTime.equals(key.authenticationCode(for: stringToSign).bytes, provided)
        case .ecdsa(_, let publicKey):
            guard signature.utf8.count <= 160, let der = Hex.decodeLowercase(signature) else { return false }
            return publicKey.isValidSignature(der, for: stringToSign)
        }
    }
}

extension SigV4Signer {
    /// A chunk signer seeded with a signed request's signature (header signing only).
    public func chunkSigner(for signed: SignedRequest, at date: AmzDate) throws(SigV4Error) -> ChunkSigner {
        let scope = CanonicalRequest.scope(
            algorithm: configuration.algorithm,
            scopeDate: date.scopeDate,
            region: configuration.region,
            service: configuration.service
        )
        let key: ChunkSigner.Key
        if let privateKey = asymmetricSigningKey {
            key = .ecdsa(privateKey, privateKey.publicKey)
        } else {
            key = .hmac(cachedSigningKey(scopeDate: date.scopeDate))
        }
        return ChunkSigner(
            key: key,
            algorithm: configuration.algorithm,
            amzDate: date.amzFormat,
            scope: scope,
            seed: signed.signature
        )
    }

    /// Signs a request whose body is sent `aws-chunked` with signed chunks: sets the streaming
    /// headers (`Content-Encoding`, `X-Amz-Decoded-Content-Length`, `Content-Length`,
    /// `X-Amz-Content-Sha256`, `X-Amz-Trailer`), signs the request, then encodes and signs the body.
    public func signChunked(
        _ request: SigV4Request,
        chunkSize: Int = 64 * 1024,
        trailers: [SigV4Request.Header] = [],
        at date: AmzDate
    ) throws(SigV4Error) -> SignedRequest {
        guard chunkSize >= 1, chunkSize <= 16 * 1024 * 1024 else {
            throw SigV4Error(.invalidChunk, "the chunk size must be 1 byte to 16 MiB, not \(chunkSize)")
        }
        guard case .header = configuration.location else {
            throw SigV4Error(.invalidChunk, "chunked payload signing needs header signing, not a presigned URL")
        }
        let body = request.body
        var request = request
        let signatureLength = configuration.algorithm.isAsymmetric ? 144 : 64
        let marker = "STREAMING-\(configuration.algorithm.name)-PAYLOAD" + (trailers.isEmpty ? "" : "-TRAILER")
        for name in [
            "content-encoding", "x-amz-decoded-content-length", "content-length", "x-amz-content-sha256",
            "x-amz-trailer",
        ] {
            request.removeHeaders(named: name)
        }
        request.appendHeader("Content-Encoding", "aws-chunked")
        request.appendHeader("X-Amz-Decoded-Content-Length", String(body.count))
        request.appendHeader(
            "Content-Length",
            String(
                AWSChunkedEncoding.encodedLength(
                    bodyLength: body.count,
                    chunkSize: chunkSize,
                    signatureLength: signatureLength,
                    trailers: trailers
                )
            )
        )
        request.appendHeader("X-Amz-Content-Sha256", marker)
        if !trailers.isEmpty {
            request.appendHeader("X-Amz-Trailer", trailers.map { $0.name.lowercased() }.joined(separator: ","))
        }
        var signed = try sign(request, at: date)
        var chunkSigner = try chunkSigner(for: signed, at: date)
        signed.request.payload = .bytes(
            try AWSChunkedEncoding.encode(
                body,
                chunkSize: chunkSize,
                signer: &chunkSigner,
                trailers: trailers,
                padTo: signatureLength
            )
        )
        return signed
    }
}

extension SigV4Verifier {
    /// A chain verifier for the `aws-chunked` body of a request this verifier accepted. Internal:
    /// callers get a streaming body checked through ``SigV4PendingPayload``, which also checks
    /// the declared length and trailers.
    func chunkVerifier(
        for identity: SigV4Identity,
        credential: SigV4StoredCredential
    ) throws(SigV4Error) -> ChunkSigner {
        let key: ChunkSigner.Key
        if identity.algorithm.isAsymmetric {
            key = .ecdsa(nil, try asymmetricPublicKey(for: credential))
        } else {
            key = .hmac(signingKey(for: credential, scopeDate: identity.signingDate.scopeDate))
        }
        return ChunkSigner(
            key: key,
            algorithm: identity.algorithm,
            amzDate: identity.signingDate.amzFormat,
            scope: identity.scope,
            seed: identity.signature
        )
    }
}
