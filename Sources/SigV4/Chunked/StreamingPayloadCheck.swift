import GatehouseCrypto

/// Everything a streaming payload is checked for, as it arrives: the chunk framing and chain
/// (``AWSChunkedDecoder``), the declared length, then at the end the trailing headers against
/// `x-amz-trailer` and each checksum trailer against the payload (computed as it streams).
struct StreamingPayloadCheck: Sendable {
    let plan: StreamingPlan
    private var decoder: AWSChunkedDecoder
    private var checksums: [PayloadChecksum.Accumulator]

    init(plan: StreamingPlan, chain: ChunkSigner?, limits: AWSChunkedEncoding.Limits) {
        self.plan = plan
        decoder = AWSChunkedDecoder(
            chain: chain,
            trailer: plan.trailerNames.isEmpty ? .none : .required,
            decodedLength: plan.decodedLength,
            limits: limits
        )
        // The plan refused any checksum trailer not in PayloadChecksum.names.
        checksums = plan.trailerNames.compactMap { PayloadChecksum.Accumulator($0) }
    }

    /// Takes the next encoded bytes; appends the payload bytes that are ready to `output`.
    mutating func consume(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) throws(SigV4Failure) {
        let start = output.count
        try decoder.consume(bytes, into: &output)
        guard output.count > start else { return }
        for index in checksums.indices { checksums[index].update(output[start...]) }
    }

    /// The end of the body: the trailing headers, checked.
    mutating func finish() throws(SigV4Failure) -> [SigV4Request.Header] {
        let trailers = try decoder.finish()
        let names = trailers.map(\.name)
        guard Set(names) == Set(plan.trailerNames) else {
            throw SigV4Failure(
                .invalidPayload,
                "The trailing headers (\(SigV4PendingPayload.list(names))) are not the ones x-amz-trailer declares (\(SigV4PendingPayload.list(plan.trailerNames)))."
            )
        }
        for trailer in trailers where PayloadChecksum.isChecksum(trailer.name) {
            guard let checksum = checksums.first(where: { $0.name == trailer.name }) else {
                throw SigV4Failure(
                    .invalidPayload,
                    "The checksum trailer `\(SigV4PendingPayload.printable(trailer.name))` is not one this verifier computes (\(PayloadChecksum.names.joined(separator: ", ")))."
                )
            }
            guard let computed = checksum.finalize(), ConstantTime.equals(computed, trailer.value) else {
                throw SigV4Failure(.invalidPayload, "The \(trailer.name) trailer does not match the payload.")
            }
        }
        return trailers
    }
}
