import Hummingbird
import NIOCore

/// Reads a request body on a task the gateway owns and hands it on to the integration's client,
/// so the gateway decides when the body stops being read — and can wait for that — instead of
/// AsyncHTTPClient's upload.
///
/// Why: Hummingbird reads the rest of a request's body itself once the responder has answered,
/// on the same iterator of the connection's inbound stream. When the client's upload read that
/// iterator directly, an answer that came before the whole body (a backend answering early, the
/// integration timeout) left the upload suspended in `next()` while Hummingbird called `next()`
/// too — and NIO traps on a second concurrent reader: an attacker's review brought the gateway
/// down with one request announcing a body it never sent. Every path out of
/// ``HTTPIntegration/forward(_:request:body:exchange:maxPayloadBytes:)`` now calls ``stop()``
/// first, or the response body's writer calls it when it is done.
///
/// The body is passed on as it arrives (streamed, not collected first), counted against the
/// payload limit (past it the stream fails with ``LimitedBody/TooLarge``: 413). What the backend
/// has not read yet waits here, up to that limit (API Gateway holds a whole request, up to the
/// same 10 MB, before its integration sees it).
final class RequestBodyPump: Sendable {
    let stream: AsyncThrowingStream<ByteBuffer, any Error>
    private let task: Task<Void, Never>

    init(_ body: RequestBody, limit: Int) {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        self.stream = stream
        task = Task {
            do {
                for try await buffer in LimitedBody(base: body, limit: limit) {
                    continuation.yield(buffer)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Stops reading (a read in progress is cancelled) and returns once the pump no longer
    /// touches the request body, so Hummingbird can read or discard the rest.
    func stop() async {
        task.cancel()
        await task.value
    }
}
