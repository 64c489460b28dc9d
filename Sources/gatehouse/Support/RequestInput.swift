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
                body = try readFile(String(data.dropFirst()), option: "-d").filter { $0 != 0x0d && $0 != 0x0a }
            } else {
                body = Array(data.utf8)
            }
            formBody = true
        } else if let dataBinary {
            body =
                dataBinary.hasPrefix("@")
                ? try readFile(String(dataBinary.dropFirst()), option: "--data-binary") : Array(dataBinary.utf8)
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

func readFile(_ path: String, option: String) throws -> [UInt8] {
    if path == "-" {
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError("\(option): cannot read `\(path)`")
    }
    return Array(data)
}
