import GatehouseCore
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import NIOTLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections the listener holds at once, in all and per client address: past either
/// cap a new connection is closed as soon as it is accepted, before a byte is read. Each open
/// connection costs a file descriptor, and an attacker's review held 300 silent ones open for
/// as long as it liked; at the process's descriptor limit the listener, the integrations' client
/// and the function runner's pipes all fail. The caps keep one address from getting there.
final class ConnectionLimits: Sendable {
    let maxConnections: Int
    let maxPerClient: Int
    private let counts: LockedBox<Counts>

    private struct Counts {
        var total = 0
        var perClient: [String: Int] = [:]
    }

    init(maxConnections: Int, maxPerClient: Int) {
        self.maxConnections = max(1, maxConnections)
        self.maxPerClient = max(1, maxPerClient)
        counts = LockedBox(Counts())
    }

    /// Descriptors kept for everything but client connections: the integrations' pooled
    /// connections (256 per backend), function runs' pipes, the state store, the access log.
    static let reservedDescriptors = 512

    /// Limits that fit this process: its open-file limit is raised to the hard limit first (as
    /// nginx's `worker_rlimit_nofile` does), then `maxConnections` is lowered, with a notice, to
    /// what that leaves after ``reservedDescriptors`` — at the descriptor limit the listener, the
    /// integrations and the function runner fail for every client (an attacker's pass made the
    /// gateway unreachable with 250 connections under `ulimit -n 200`).
    static func fitted(maxConnections: Int, maxPerClient: Int, logger: Logger) -> ConnectionLimits {
        var budget = maxConnections
        if let descriptors = raisedDescriptorLimit() {
            let available = max(1, descriptors - reservedDescriptors)
            if available < maxConnections {
                budget = available
                logger.notice(
                    "the open-file limit is \(descriptors): at most \(available) connections at once, not \(maxConnections) (raise `ulimit -n` for more)"
                )
            }
        }
        return ConnectionLimits(maxConnections: budget, maxPerClient: min(maxPerClient, budget))
    }

    /// The soft open-file limit after raising it to the hard one (`nil`: unlimited or unknown).
    private static func raisedDescriptorLimit() -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        // RLIM_INFINITY is all ones (a macro Swift imports as -1): anything past Int.max is no limit.
        guard limit.rlim_cur < rlim_t(Int.max) else { return nil }
        return Int(limit.rlim_cur)
    }

    /// Takes a place for a connection from `client`, or answers `false` when a cap is reached.
    func admit(_ client: String) -> Bool {
        counts.withLock { counts in
            let taken = counts.perClient[client, default: 0]
            guard counts.total < maxConnections, taken < maxPerClient else { return false }
            counts.total += 1
            counts.perClient[client] = taken + 1
            return true
        }
    }

    /// Gives the place of a closed connection back.
    func leave(_ client: String) {
        counts.withLock { counts in
            counts.total -= 1
            let taken = counts.perClient[client, default: 1] - 1
            counts.perClient[client] = taken > 0 ? taken : nil
        }
    }
}

/// The listener's child channel with admission and, over TLS, a handshake deadline in front of
/// Hummingbird's own (``base``), which is set up as it would be without them.
struct GuardedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limits: ConnectionLimits
    /// Over TLS: how long a connection may take to complete its handshake (`nil` for plain HTTP,
    /// whose silent connections the HTTP/1 idle timeout closes).
    let handshakeTimeout: TimeAmount?
    /// A connection on which no byte moves either way for this long (to twice this) is closed.
    let silencePeriod: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let client = channel.remoteAddress?.ipAddress.map(ClientKey.of) ?? "-"
        let admitted = limits.admit(client)
        if admitted {
            let limits = self.limits
            channel.closeFuture.whenComplete { _ in limits.leave(client) }
        }
        let future = base.setup(channel: channel, logger: logger)
        do {
            let operations = channel.pipeline.syncOperations
            if !admitted {
                // Closed once active; the setup itself goes on as usual, so no accept error
                // reaches the listener.
                try operations.addHandler(CloseOnActive(), position: .first)
                logger.debug("connection from \(client) refused: at the connection cap")
            } else {
                try operations.addHandler(SilenceLimit(period: silencePeriod), position: .first)
                if let handshakeTimeout {
                    let tls = try operations.handler(type: NIOSSLServerHandler.self)
                    try operations.addHandler(HandshakeDeadline(timeout: handshakeTimeout), position: .after(tls))
                }
            }
        } catch {
            channel.close(promise: nil)
        }
        return future
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes the connection as soon as it is active: a connection over the caps.
final class CloseOnActive: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}

/// Closes a TLS connection whose handshake has not completed `timeout` after it became active —
/// one that never sends a ClientHello, or sends it a byte at a time — then steps out of the
/// pipeline once the handshake is done. Sits right after the TLS handler, where its
/// `handshakeCompleted` event arrives.
final class HandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        let completed: Bool
        if case .handshakeCompleted = event as? TLSUserEvent { completed = true } else { completed = false }
        context.fireUserInboundEventTriggered(event)
        if completed {
            timer?.cancel()
            timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}

/// Closes a connection on which no byte has moved in either direction for a whole period —
/// checked once a period, so silence ends it after one to two periods.
///
/// The idle timeouts Hummingbird applies stop short of this: over HTTP/2, once the idle timer
/// has sent GOAWAY and a PING, it waits for the PING's answer without a deadline (an attacker's
/// pass held 20 such connections open past 70 s, and at the caps that locks everyone out); a
/// client that stops reading a response (a zero window, a full receive buffer) moves no byte
/// either, while it holds a backend connection. Nothing the gateway serves legitimately is
/// silent that long: integrations and functions answer within their timeouts (29 s at most),
/// and a response being written or a body being read moves bytes. Sits first in the pipeline,
/// so over TLS it sees the encrypted bytes — activity all the same.
final class SilenceLimit: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let period: TimeAmount
    private var moved = true
    private var timer: RepeatedTask?

    init(period: TimeAmount) {
        self.period = period
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        moved = true
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        moved = true
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            let limit = handler.value
            if limit.moved {
                limit.moved = false
            } else {
                limit.stop()
                channel.close(promise: nil)
            }
        }
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }
}
