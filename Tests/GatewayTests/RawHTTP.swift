import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends bytes exactly as written over a fresh loopback connection and reads the answer until
/// the server closes it (the request asks for `Connection: close`): for request targets an HTTP
/// client library would refuse or normalise (`..`, `%zz`). Bounded: 64 KiB, 10 s.
enum RawHTTP {
    struct Failure: Error { let step: String }

    static func exchange(port: Int, _ request: String) throws -> String {
        let connection = try RawConnection(port: port)
        defer { connection.hangUp() }
        try connection.write(request)
        return String(decoding: connection.readToEnd(limit: 64 * 1024), as: UTF8.self)
    }

    /// `GET target` with `Connection: close`.
    static func get(port: Int, _ target: String) throws -> String {
        try exchange(port: port, "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
    }
}

/// A loopback TCP connection driven byte by byte (bounded: every read waits at most 10 s).
final class RawConnection: Sendable {
    let fd: Int32

    /// Runs blocking socket work on a thread of its own: not the test pool, and not the timed
    /// tests' shared executor, whose tests spend their time waiting and would wait behind a
    /// blocked read.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "raw connection"
            thread.start()
        }
    }

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTP.Failure(step: "socket") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw RawHTTP.Failure(step: "connect")
        }
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw RawHTTP.Failure(step: "send") }
            sent += count
        }
    }

    /// Reads until the end of a response head.
    func readHead() throws -> String {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while received.count < 64 * 1024 {
            guard recv(fd, &byte, 1, 0) == 1 else { throw RawHTTP.Failure(step: "recv") }
            received.append(byte)
            if received.count >= 4, received.suffix(4).elementsEqual("\r\n\r\n".utf8) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Everything the server sends until it closes the connection (or `limit` bytes).
    func readToEnd(limit: Int) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }

    /// Whether the server closes the connection (end of stream or reset) within 10 s, with
    /// nothing sent before.
    func closedByServer() throws -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, 0)
        if count == 0 { return true }
        if count < 0 { return errno == ECONNRESET }
        return false
    }

    func hangUp() {
        close(fd)
    }
}
