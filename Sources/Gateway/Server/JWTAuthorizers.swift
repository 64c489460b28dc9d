import AccessLayer
import Authorizers
import GatehouseCore
import GatewayConfig
import HTTPTypes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the `JWTAuthorization` of every `jwt` authorizer of the APIs served, once at start:
/// one per API and authorizer (each owns its key cache), verifying `iss` against the configured
/// issuer and `aud`/`client_id` against its audiences. Keys come from `overrides` (issuer → a
/// local JWKS file, read now, or an http(s) JWKS URL) or else from the issuer's OIDC discovery
/// (`{issuer}/.well-known/openid-configuration` → `jwks_uri`), done at the first token and
/// retried while it fails, so an issuer unreachable at start does not stop the gateway; its
/// tokens are refused (401) until it answers.
///
/// Throws ``GatewayStartError`` for a JWKS file that cannot be read or holds no usable key, a
/// JWKS URL that is not trusted, an authorizer without an issuer, and an identity source other
/// than a header.
func buildJWTAuthorizers(
    _ served: [ServedAPI],
    overrides: [String: String],
    transport: any HTTPTransport
) throws -> [String: JWTAuthorization] {
    var files: [String: JWKSet] = [:]
    var out: [String: JWTAuthorization] = [:]
    for api in served {
        for authorizer in api.definition.authorizers where authorizer.kind == .jwt {
            let place = "API `\(api.definition.name)` (\(api.id)), authorizer `\(authorizer.name)`"
            guard let issuer = authorizer.issuer, !issuer.isEmpty else {
                throw GatewayStartError("\(place): a jwt authorizer needs `jwtConfiguration.issuer`")
            }
            let header = try identityHeader(authorizer.identitySource, place: place)
            let keys: any JWTKeySource
            if let source = overrides[issuer] {
                if source.hasPrefix("https://") || source.hasPrefix("http://") {
                    do {
                        keys = try RemoteJWKS(url: source, transport: transport)
                    } catch {
                        throw GatewayStartError("\(place): the JWKS of `\(issuer)`: \(error.message)")
                    }
                } else if let loaded = files[source] {
                    keys = loaded
                } else {
                    let loaded = try loadJWKSFile(source, issuer: issuer)
                    files[source] = loaded
                    keys = loaded
                }
            } else {
                keys = DiscoveredJWKS(issuer: issuer, transport: transport)
            }
            var settings = JWTVerifier.Configuration()
            settings.issuers = [issuer]
            settings.audiences = authorizer.audience
            out[AccessCheck.jwtKey(api: api.id, name: authorizer.name)] = JWTAuthorization(
                name: authorizer.name,
                verifier: JWTVerifier(configuration: settings),
                keys: keys,
                identityHeader: header
            )
        }
    }
    return out
}

/// The header a JWT authorizer reads its token from: `$request.header.X` (HTTP APIs) or
/// `method.request.header.X` (REST); none configured means `Authorization`.
private func identityHeader(_ sources: [String], place: String) throws -> HTTPField.Name {
    guard let source = sources.first else { return .authorization }
    for prefix in ["$request.header.", "method.request.header."] where source.hasPrefix(prefix) {
        if let name = HTTPField.Name(String(source.dropFirst(prefix.count))) { return name }
    }
    throw GatewayStartError(
        "\(place): identity source `\(source)`: a jwt authorizer reads its token from one header "
            + "(`$request.header.Authorization`)"
    )
}

/// A JWKS file given for `issuer`, read whole (at most ``JWKSet/maxBytes``) and parsed; an
/// unreadable file, or one without a usable key, stops the start naming the file.
func loadJWKSFile(_ path: String, issuer: String) throws -> JWKSet {
    let what = "the JWKS file `\(path)` given for issuer `\(issuer)`"
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        throw GatewayStartError("\(what) cannot be read: \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while bytes.count <= JWKSet.maxBytes {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw GatewayStartError("\(what) cannot be read: \(String(cString: strerror(errno)))")
        }
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    guard bytes.count <= JWKSet.maxBytes else {
        throw GatewayStartError("\(what) is larger than \(JWKSet.maxBytes) bytes")
    }
    let set: JWKSet
    do {
        set = try JWKSet.parse(bytes)
    } catch {
        throw GatewayStartError("\(what) is not a key set: \(error.message)")
    }
    guard !set.keys.isEmpty else {
        throw GatewayStartError("\(what) holds no usable key (\(set.skipped.joined(separator: "; ")))")
    }
    return set
}

/// An issuer's keys found through OIDC discovery at the first token that needs them, then
/// served by the ``RemoteJWKS`` discovered (its cache, refetch on an unknown `kid`, staleness
/// bound). A failed discovery is tried again at most once per ``retryInterval``; meanwhile
/// tokens are refused, never let through.
actor DiscoveredJWKS: JWTKeySource {
    let issuer: String
    private let transport: any HTTPTransport
    private var remote: RemoteJWKS?
    private var lastAttempt: MonotonicInstant?
    private var lastError: JWTKeyError?

    static let retryInterval: Duration = .seconds(30)

    init(issuer: String, transport: any HTTPTransport) {
        self.issuer = issuer
        self.transport = transport
    }

    func keys(for keyID: String?, now: ClockReading, timeout: Duration) async throws(JWTKeyError) -> JWKSet {
        if let remote { return try await remote.keys(for: keyID, now: now, timeout: timeout) }
        if let lastAttempt, let lastError, now.monotonic - lastAttempt < Self.retryInterval {
            throw lastError
        }
        lastAttempt = now.monotonic
        do {
            let found = try await RemoteJWKS.discover(issuer: issuer, transport: transport)
            remote = found
            lastError = nil
            return try await found.keys(for: keyID, now: now, timeout: timeout)
        } catch {
            lastError = error
            throw error
        }
    }
}
