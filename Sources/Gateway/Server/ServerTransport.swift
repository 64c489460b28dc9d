import HummingbirdCore
import HummingbirdHTTP2
import NIOSSL

/// How the listener speaks: plain HTTP/1.1, or TLS with HTTP/2 and HTTP/1.1 offered by ALPN
/// (`h2` first, as API Gateway's edge does). Loaded before anything else starts, so a certificate
/// that cannot be read refuses the start with the file named instead of failing the first
/// handshake.
struct ServerTransport {
    /// Whether requests arrive over TLS: `aws:SecureTransport` and the invoke URLs' scheme.
    let isSecure: Bool
    let builder: HTTPServerBuilder

    /// Plain HTTP/1.1 with keep-alive.
    static let plain = ServerTransport(isSecure: false, builder: .http1())

    /// Both paths or neither (``GatewayStartError`` otherwise); both → TLS from the PEM files.
    static func load(certificatePath: String?, keyPath: String?) throws -> ServerTransport {
        switch (certificatePath, keyPath) {
        case (nil, nil):
            return .plain
        case (let certificatePath?, let keyPath?):
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try certificateChain(certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try privateKey(keyPath))
            )
            return ServerTransport(isSecure: true, builder: try .http2Upgrade(tlsConfiguration: configuration))
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
