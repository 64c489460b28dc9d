import ArgumentParser
import Foundation
import SigV4

/// Where a request to sign comes from: a URL with curl-style options, or a raw HTTP/1.1 file.
struct RequestInput: ParsableArguments {
    @Argument(help: "The URL to sign (https://host/path?query).")
    var url: String?

    @Option(
        name: [.customShort("X"), .customLong("request")],
        help: "The HTTP method. Default: GET, or POST with a body."
    )
    var method: String?

    @Option(
        name: [.customShort("H"), .customLong("header")],
        help: "A header, `Name: value`; repeatable. Repeated names are all signed."
    )
    var headers: [String] = []

    @Option(
        name: [.customShort("d"), .customLong("data")],
        help: "A body, like curl -d (`@FILE` reads a file, dropping CR/LF; sets a form Content-Type)."
    )
    var data: String?

    @Option(name: .customLong("data-binary"), help: "A body sent exactly (`@FILE` reads a file byte for byte).")
    var dataBinary: String?

    @Option(
        name: .customLong("request-file"),
        help: "A raw HTTP/1.1 request to sign; its target is used exactly as written."
    )
    var requestFile: String?

    @Option(help: "The scheme for URLs made from --request-file.")
    var scheme: String = "https"

    func validate() throws {
        if requestFile != nil && (url != nil || method != nil || !headers.isEmpty || data != nil || dataBinary != nil) {
            throw ValidationError("--request-file replaces the URL, -X, -H, -d and --data-binary: use one or the other")
        }
        if data != nil && dataBinary != nil { throw ValidationError("use -d or --data-binary, not both") }
    }

    /// The request and the URL parts it was made from.
    func load() throws -> (SigV4Request, URLParts) {
        if let requestFile {
            let bytes = try readFile(requestFile, option: "--request-file")
            let request = try RawHTTPRequest.parse(bytes)
            guard let host = request.firstValue(of: "host"), !host.isEmpty else {
                throw CLIError("\(requestFile): the request has no `Host` header")
            }
            let parts = try URLParts("\(scheme)://\(host)/")
            return (request, parts)
        }
        guard let url else {
            throw CLIError("give a URL, or --request-file FILE (see --help)")
        }
        let parts = try URLParts(url)
        var request = SigV4Request(method: "GET", path: parts.path, query: parts.query)
        var body: [UInt8]? = nil
        var formBody = false
        if let data {
            if data.hasPrefix("@") {
                body = try readFile(String(data.dropFirst()), option: "-d", limit: FileLimit.body).filter {
                    $0 != 0x0d && $0 != 0x0a
                }
            } else {
                body = Array(data.utf8)
            }
            formBody = true
        } else if let dataBinary {
            body =
                dataBinary.hasPrefix("@")
                ? try readFile(String(dataBinary.dropFirst()), option: "--data-binary", limit: FileLimit.body)
                : Array(dataBinary.utf8)
            formBody = true
        }
        request.method = method ?? (body == nil ? "GET" : "POST")
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw CLIError("-H `\(header)` is not `Name: value`")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.utf8.allSatisfy({ RawHTTPRequest.isTokenByte($0) }) else {
                throw CLIError("-H `\(header)`: `\(name)` is not a valid header name")
            }
            request.headers.append(
                .init(name, header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            )
        }
        if request.firstValue(of: "host") == nil {
            request.headers.insert(.init("Host", parts.authority), at: 0)
        }
        if let body {
            request.payload = .bytes(body)
            if formBody && request.firstValue(of: "content-type") == nil {
                request.headers.append(.init("Content-Type", "application/x-www-form-urlencoded"))
            }
        }
        return (request, parts)
    }
}

/// How many bytes each kind of input file may hold. `readFile` stops reading one byte past its
/// limit, so a file, pipe or device larger than the limit (or endless: `/dev/zero`, a FIFO, a
/// stdin that never closes while it writes) costs at most the limit in memory and time, and the
/// file is refused before any parser sees it.
enum FileLimit {
    /// A raw HTTP request: its head (64 KiB) and body (64 MiB), as `RawHTTPRequest` accepts them;
    /// also the limit of any file without a stricter one of its own.
    static let request = 64 * 1024 * 1024 + 64 * 1024
    /// A policy document (JSON or YAML) or a `--context-file`: 1 MiB, as the parsers accept.
    static let policy = 1024 * 1024
    /// An authorizer configuration file: 4 MiB.
    static let config = 4 * 1024 * 1024
    /// A `policy simulate --input` file: 256 MiB.
    static let simulate = 256 * 1024 * 1024
    /// A body signed from `-d @FILE` or `--data-binary @FILE`: 5 GiB, S3's largest single upload.
    static let body = 5 * 1024 * 1024 * 1024
}

/// The bytes of a file (`-` for stdin), read in pieces up to `limit`: more is an input error naming
/// the option and the limit, found after reading at most `limit + 1` bytes.
func readFile(_ path: String, option: String, limit: Int = FileLimit.request) throws -> [UInt8] {
    let handle: FileHandle
    if path == "-" {
        handle = FileHandle.standardInput
    } else {
        guard let opened = FileHandle(forReadingAtPath: path) else {
            throw CLIError("\(option): cannot read `\(path)`")
        }
        handle = opened
    }
    defer { if path != "-" { try? handle.close() } }
    var bytes: [UInt8] = []
    while bytes.count <= limit {
        let piece: Data?
        do {
            piece = try handle.read(upToCount: min(limit + 1 - bytes.count, 1 << 20))
        } catch {
            throw CLIError("\(option): cannot read `\(path)`")
        }
        guard let piece, !piece.isEmpty else { return bytes }
        bytes.append(contentsOf: piece)
    }
    throw CLIError("\(option): `\(path)` is larger than \(limit) bytes (the limit)")
}
