import GatehouseCore
import GatewayConfig
import Logging
import NIOConcurrencyHelpers

/// What every request reads: the serving table (swapped whole on reload), the access step, the
/// integrations and the access log. One per application.
final class GatewayState: Sendable {
    private let current: NIOLockedValueBox<ServingTable>
    private let port: NIOLockedValueBox<Int?>
    let clock: any GatehouseClock
    let logger: Logger
    let accessLog: AccessLogger
    let maxPayloadBytes: Int
    let access: AccessCheck
    let integrations: Integrations
    let readiness: NIOLockedValueBox<Bool>
    /// The host invoke URLs name (the bind address).
    let listenHost: String
    /// Whether the listener serves TLS (every request then has `aws:SecureTransport` true).
    let isSecure: Bool

    init(
        table: ServingTable,
        listenHost: String,
        isSecure: Bool,
        clock: any GatehouseClock,
        logger: Logger,
        accessLog: AccessLogger,
        maxPayloadBytes: Int,
        access: AccessCheck,
        integrations: Integrations
    ) {
        current = NIOLockedValueBox(table)
        port = NIOLockedValueBox(nil)
        readiness = NIOLockedValueBox(false)
        self.listenHost = listenHost.contains(":") ? "[\(listenHost)]" : listenHost
        self.isSecure = isSecure
        self.clock = clock
        self.logger = logger
        self.accessLog = accessLog
        self.maxPayloadBytes = maxPayloadBytes
        self.access = access
        self.integrations = integrations
    }

    /// The table requests route on now.
    var table: ServingTable { current.withLockedValue { $0 } }

    /// Replaces the table whole: requests already routed finish on the old one.
    func swap(_ table: ServingTable) { current.withLockedValue { $0 = table } }

    /// The bound port, once the listener runs.
    var boundPort: Int? {
        get { port.withLockedValue { $0 } }
        set { port.withLockedValue { $0 = newValue } }
    }

    var isReady: Bool {
        get { readiness.withLockedValue { $0 } }
        set { readiness.withLockedValue { $0 = newValue } }
    }
}
