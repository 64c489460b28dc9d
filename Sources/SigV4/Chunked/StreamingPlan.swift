import GatehouseCrypto

/// What a streaming request's signed headers promise about its body, read before the
/// signature is checked (cheap, and a malformed promise is refused at once).
struct StreamingPlan: Sendable {
    let marker: String
    /// The algorithm of the chunk signatures; `nil` for unsigned chunks.
    let chunkAlgorithm: SigningAlgorithm?
    let decodedLength: Int
    let trailerNames: [String]

    /// The plan for `marker` (an S3 payload marker other than `UNSIGNED-PAYLOAD`), or the reason
    /// the request cannot be verified.
    static func make(
        marker: String,
        head: borrowing RequestHead,
        algorithm: SigningAlgorithm
    ) -> Result<StreamingPlan, SigV4Failure> {
        func refuse(_ message: String) -> Result<StreamingPlan, SigV4Failure> {
            .failure(SigV4Failure(.invalidPayload, message))
        }
        let chunkAlgorithm: SigningAlgorithm?
        let hasTrailer: Bool
        switch marker {
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": (chunkAlgorithm, hasTrailer) = (.sigV4, false)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (.sigV4, true)
        case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD": (chunkAlgorithm, hasTrailer) = (.sigV4a, false)
        case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (.sigV4a, true)
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": (chunkAlgorithm, hasTrailer) = (nil, true)
        default:
            return refuse("The payload `\(marker)` cannot be verified here (event streams are not supported).")
        }
        if let chunkAlgorithm, chunkAlgorithm != algorithm {
            return refuse("The payload marker `\(marker)` does not match the request's algorithm \(algorithm.name).")
        }
        let lengths = values(head, "x-amz-decoded-content-length")
        guard lengths.count == 1, let text = lengths.first, !text.isEmpty, text.utf8.count <= 12,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(text)
        else {
            return refuse(
                "A streaming payload needs one x-amz-decoded-content-length header with a decimal byte count."
            )
        }
        let declared = values(head, "x-amz-trailer")
        let names = declared.flatMap { $0.split(separator: ",") }.map {
            String(Substring($0).trimmingSpaces()).lowercased()
        }
        if hasTrailer {
            guard !names.isEmpty, !names.contains(""), Set(names).count == names.count else {
                return refuse("The payload `\(marker)` needs an x-amz-trailer header naming each trailing header once.")
            }
        } else if !declared.isEmpty {
            return refuse("The payload `\(marker)` has no trailer, but the request sends x-amz-trailer.")
        }
        // A checksum this verifier cannot compute is refused before any byte of the body is
        // read (a streamed body would otherwise reach an integration first).
        for name in names where PayloadChecksum.isChecksum(name) && !PayloadChecksum.names.contains(name) {
            return refuse(
                "The checksum trailer `\(RawHTTPRequest.printable(Array(name.utf8.prefix(64))))` is not one this verifier computes (\(PayloadChecksum.names.joined(separator: ", ")))."
            )
        }
        return .success(
            StreamingPlan(marker: marker, chunkAlgorithm: chunkAlgorithm, decodedLength: length, trailerNames: names)
        )
    }

    private static func values(_ head: borrowing RequestHead, _ name: StaticString) -> [String] {
        var out: [String] = []
        for index in unsafe 0..<head.fields.count
        where unsafe ByteText.equals(head.name(index), 0..<head.name(index).count, name) {
            unsafe out.append(String(decoding: head.value(index), as: UTF8.self).trimmingASCIIWhitespace())
        }
        return out
    }
}
