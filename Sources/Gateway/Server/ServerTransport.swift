import HummingbirdCore
import HummingbirdHTTP2
import NIOCore
import NIOSSL

/// How the listener speaks: plain HTTP/1.1, or TLS with HTTP/2 and HTTP/1.1 offered by ALPN
/// (`h2` first, as API Gateway's edge does). Loaded before anything else starts, so a certificate
/// that cannot be read refuses the start with the file named instead of failing the first
/// handshake.
struct ServerTransport {
    /// Whether requests arrive over TLS: `aws:SecureTransport` and the invoke URLs' scheme.
    let isSecure: Bool
    let builder: HTTPServerBuilder

    /// How long a connection may sit without a request (or in the middle of reading one: a
    /// slow head or body) before it is closed: nginx's `client_header_timeout` and
    /// `keepalive_timeout` are of this order. A request in progress — waiting on an integration,
    /// streaming its answer — is never cut by it.
    static let idleTimeout: Duration = .seconds(60)

    /// Plain HTTP/1.1 with keep-alive.
    static func plain(maxHeaderBytes: Int, limits: ConnectionLimits, silencePeriod: TimeAmount) -> ServerTransport {
        let configuration = http1Configuration(maxHeaderBytes: maxHeaderBytes)
        return ServerTransport(
            isSecure: false,
            builder: HTTPServerBuilder { responder in
                GuardedChildChannel(
                    base: HTTP1Channel(responder: responder, configuration: configuration),
                    limits: limits,
                    handshakeTimeout: nil,
                    silencePeriod: silencePeriod
                )
            }
        )
    }

    static func http1Configuration(maxHeaderBytes: Int) -> HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            idleTimeout: .seconds(Int64(idleTimeout.components.seconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes)
        )
    }

    /// Both paths or neither (``GatewayStartError`` otherwise); both → TLS from the PEM files.
    static func load(
        certificatePath: String?,
        keyPath: String?,
        maxHeaderBytes: Int,
        limits: ConnectionLimits,
        handshakeTimeout: Duration,
        silencePeriod: Duration
    ) throws -> ServerTransport {
        let silencePeriod = TimeAmount.nanoseconds(Int64(silencePeriod / .nanoseconds(1)))
        switch (certificatePath, keyPath) {
        case (nil, nil):
            return .plain(maxHeaderBytes: maxHeaderBytes, limits: limits, silencePeriod: silencePeriod)
        case (let certificatePath?, let keyPath?):
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try certificateChain(certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try privateKey(keyPath))
            )
            // TLS 1.2 and 1.3 only, as API Gateway's TLS_1_2 security policy: `aws:SecureTransport`
            // must not be true for a protocol version that is not secure.
            configuration.minimumTLSVersion = .tlsv12
            let http2 = HTTP2UpgradeChannel.Configuration(
                idleTimeout: idleTimeout,
                streamConfiguration: http1Configuration(maxHeaderBytes: maxHeaderBytes)
            )
            // Checked here, so a configuration NIOSSL refuses stops the start, not each accept.
            let tls = configuration
            _ = try NIOSSLContext(configuration: tls)
            return ServerTransport(
                isSecure: true,
                builder: HTTPServerBuilder { responder in
                    GuardedChildChannel(
                        base: try HTTP2UpgradeChannel(
                            tlsConfiguration: tls,
                            configuration: http2,
                            responder: responder
                        ),
                        limits: limits,
                        handshakeTimeout: .nanoseconds(Int64(handshakeTimeout / .nanoseconds(1))),
                        silencePeriod: silencePeriod
                    )
                }
            )
        default:
            throw GatewayStartError("TLS needs both a certificate (--tls-cert) and a key (--tls-key)")
        }
    }

    private static func certificateChain(_ path: String) throws -> [NIOSSLCertificate] {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw GatewayStartError("TLS certificate `\(path)`: not a readable PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else {
            throw GatewayStartError("TLS certificate `\(path)`: no certificate in the file")
        }
        return chain
    }

    /// The key's own error is not quoted: it could carry part of the file.
    private static func privateKey(_ path: String) throws -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw GatewayStartError("TLS key `\(path)`: not a readable PEM private key")
        }
    }
}
