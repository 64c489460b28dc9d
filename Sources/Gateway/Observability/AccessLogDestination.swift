#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the access log's lines go: standard output (the default), a file (appended to), nowhere,
/// or a closure (tests, or an embedding program's own log pipeline).
public struct AccessLogDestination: Sendable {
    enum Kind: Sendable {
        case standardOutput
        case file(String)
        case discard
        case handler(@Sendable (String) -> Void)
    }

    let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// One line per request on standard output.
    public static let standardOutput = AccessLogDestination(.standardOutput)
    /// No access log.
    public static let discard = AccessLogDestination(.discard)

    /// Lines appended to the file at `path` (created `0600` if absent).
    public static func file(_ path: String) -> AccessLogDestination { AccessLogDestination(.file(path)) }

    /// Each line (without its newline) handed to `handler`.
    public static func handler(_ handler: @escaping @Sendable (String) -> Void) -> AccessLogDestination {
        AccessLogDestination(.handler(handler))
    }
}

/// Writes access-log lines: one `write(2)` per line on a descriptor opened with `O_APPEND`, so
/// lines from concurrent requests do not interleave.
final class AccessLogWriter: Sendable {
    private let destination: AccessLogDestination.Kind
    private let descriptor: Int32

    init(_ destination: AccessLogDestination) throws(GatewayStartError) {
        self.destination = destination.kind
        switch destination.kind {
        case .standardOutput: descriptor = 1
        case .file(let path):
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw GatewayStartError("cannot open the access log `\(path)`: errno \(errno)")
            }
            descriptor = fd
        case .discard, .handler: descriptor = -1
        }
    }

    deinit {
        if case .file = destination, descriptor >= 0 { close(descriptor) }
    }

    func append(_ line: String) {
        switch destination {
        case .discard: return
        case .handler(let handler): handler(line)
        case .standardOutput, .file:
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 {
                        if written < 0 && errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// Why the gateway could not start: `serve` prints it and exits non-zero, never half-serving.
public struct GatewayStartError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
