import Foundation
import SigV4

/// An http(s) URL split the way a signer needs it: scheme, authority (the Host header), and the
/// path and query in wire form.
struct URLParts {
    var scheme: String
    var host: String
    var port: Int?
    var path: String
    var query: String

    /// `host` or `host:port` when the port is not the scheme's default.
    var authority: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    var target: String { query.isEmpty ? path : path + "?" + query }

    func url(target: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let portPart = port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(hostPart)\(portPart)\(target)"
    }

    init(_ text: String) throws {
        guard let schemeEnd = text.range(of: "://") else {
            throw CLIError("`\(text)` is not an http(s) URL: expected `https://host/path`")
        }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw CLIError("`\(scheme)` URLs are not supported: use http or https")
        }
        var rest = text[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if authority.contains("@") {
            throw CLIError("credentials in the URL (`user@host`) are not supported: use --profile or AWS_* variables")
        }
        var portText: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw CLIError("`\(text)`: unclosed `[` in the host")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                portText = authority[authority.index(after: colon)...]
                authority = authority[..<colon]
            }
            host = String(authority).lowercased()
        }
        guard !host.isEmpty else { throw CLIError("`\(text)` has no host") }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw CLIError("`\(portText)` is not a port number (1–65535)")
            }
            port = value
        }
        let remainder = rest[authorityEnd...]
        let questionMark = remainder.firstIndex(of: "?")
        let rawPath = questionMark.map { remainder[..<$0] } ?? remainder
        path = PercentEncoding.wireForm(rawPath.isEmpty ? "/" : rawPath, query: false)
        query =
            questionMark.map { PercentEncoding.wireForm(remainder[remainder.index(after: $0)...], query: true) } ?? ""
    }
}
