extension SigV4BodyVerifier {
    /// `body` as an asynchronous sequence of payload bytes, verified as it streams: each element
    /// is what ``consume(_:)`` released, and the end of `body` runs ``finish()`` — its bytes
    /// (``SigV4BodyVerifier/Mode/bodyHash``: the whole body) come last, and a failure is thrown
    /// instead, so a consumer forwarding the sequence to an integration aborts it rather than
    /// completing it. Errors of `body` itself pass through.
    ///
    /// Use ``consume(_:)`` and ``finish()`` directly to read the trailing headers or the identity
    /// of a ``SigV4BodyVerifier/Mode/bodyHash`` request.
    public func verifying<Body: AsyncSequence>(_ body: Body) -> SigV4VerifyingBody<Body>
    where Body.Element == [UInt8] {
        SigV4VerifyingBody(base: body, verifier: self)
    }
}

/// A request body verified as it streams (``SigV4BodyVerifier/verifying(_:)``). Independent of
/// any server framework: map a framework's buffers to `[UInt8]` first.
public struct SigV4VerifyingBody<Base: AsyncSequence>: AsyncSequence where Base.Element == [UInt8] {
    public typealias Element = [UInt8]

    let base: Base
    let verifier: SigV4BodyVerifier

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), verifier: verifier)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var verifier: SigV4BodyVerifier
        var ended = false

        public mutating func next() async throws -> [UInt8]? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> [UInt8]? {
            while !ended {
                guard let piece = try await base.next(isolation: actor) else {
                    ended = true
                    let verified = try verifier.finish()
                    return verified.releasedAtEnd.isEmpty ? nil : verified.releasedAtEnd
                }
                let ready = try verifier.consume(piece)
                if !ready.isEmpty { return ready }
            }
            return nil
        }
    }
}
