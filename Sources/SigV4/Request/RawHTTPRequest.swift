/// Parses a raw HTTP/1.1 request (a `--request-file`, a batch line, the conformance suite's
/// `request.txt`) into a ``SigV4Request``.
///
/// The request target is kept exactly as written — it is the wire form, and may contain spaces,
/// so the request line is split at its first and last space. Lines may end in CRLF or LF. A
/// header line starting with a space or tab continues the previous value (obs-fold). After a
/// blank line, the rest is the body, byte for byte.
public enum RawHTTPRequest {
    /// Limits that keep a hostile file from exhausting memory.
    public struct Limits: Sendable {
        public var maxHeaderBytes: Int = 64 * 1024
        public var maxHeaderCount: Int = 256
        public var maxBodyBytes: Int = 64 * 1024 * 1024

        public init() {}
    }

    /// Parses `bytes`.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(SigV4Error) -> SigV4Request {
        var lines: [ArraySlice<UInt8>] = []
        var index = 0
        var bodyStart: Int? = nil
        var lineStart = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var line = bytes[lineStart..<index]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                index += 1
                lineStart = index
                if line.isEmpty && !lines.isEmpty {
                    bodyStart = index
                    break
                }
                if line.isEmpty { continue }  // tolerate leading blank lines
                lines.append(line)
                if lineStart > limits.maxHeaderBytes {
                    throw SigV4Error(.requestTooLarge, "the request head is larger than \(limits.maxHeaderBytes) bytes")
                }
                continue
            }
            index += 1
        }
        if bodyStart == nil && lineStart < bytes.count {
            var line = bytes[lineStart..<bytes.count]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !line.isEmpty { lines.append(line) }
        }
        guard let requestLine = lines.first else {
            throw SigV4Error(
                .malformedRequest,
                "the request is empty: expected a request line such as `GET / HTTP/1.1`"
            )
        }
        guard let firstSpace = requestLine.firstIndex(of: UInt8(ascii: " ")),
            let lastSpace = requestLine.lastIndex(of: UInt8(ascii: " ")),
            firstSpace < lastSpace
        else {
            throw SigV4Error(
                .malformedRequest,
                "line 1: expected `METHOD TARGET HTTP/1.1`, got `\(printable(requestLine))`"
            )
        }
        let method = requestLine[requestLine.startIndex..<firstSpace]
        let target = requestLine[(firstSpace + 1)..<lastSpace]
        let version = requestLine[(lastSpace + 1)...]
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else {
            throw SigV4Error(.malformedRequest, "line 1: the method `\(printable(method))` is not an HTTP token")
        }
        guard version.starts(with: Array("HTTP/".utf8)) else {
            throw SigV4Error(
                .malformedRequest,
                "line 1: expected an HTTP version after the target, got `\(printable(version))`"
            )
        }
        guard let targetString = String(validating: target, as: UTF8.self), !targetString.isEmpty else {
            throw SigV4Error(.malformedRequest, "line 1: the request target is empty or not valid UTF-8")
        }
        var headers: [SigV4Request.Header] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                guard !headers.isEmpty else {
                    throw SigV4Error(
                        .malformedRequest,
                        "line \(lineNumber): a continuation line with no header before it"
                    )
                }
                guard let more = String(validating: line, as: UTF8.self) else {
                    throw SigV4Error(.malformedRequest, "line \(lineNumber): the header value is not valid UTF-8")
                }
                headers[headers.count - 1].value += " " + more.trimmingASCIIWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw SigV4Error(
                    .malformedRequest,
                    "line \(lineNumber): `\(printable(line))` is not a `Name: value` header"
                )
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
                throw SigV4Error(
                    .malformedRequest,
                    "line \(lineNumber): `\(printable(name))` is not a valid header name"
                )
            }
            guard let value = String(validating: line[(colon + 1)...], as: UTF8.self) else {
                throw SigV4Error(
                    .malformedRequest,
                    "line \(lineNumber): the value of header `\(printable(name))` is not valid UTF-8"
                )
            }
            headers.append(SigV4Request.Header(String(decoding: name, as: UTF8.self), value.trimmingASCIIWhitespace()))
            if headers.count > limits.maxHeaderCount {
                throw SigV4Error(.requestTooLarge, "more than \(limits.maxHeaderCount) header lines")
            }
        }
        var body: [UInt8] = []
        if let start = bodyStart, start < bytes.count {
            guard bytes.count - start <= limits.maxBodyBytes else {
                throw SigV4Error(.requestTooLarge, "the body is larger than \(limits.maxBodyBytes) bytes")
            }
            body = Array(bytes[start...])
        }
        return SigV4Request(
            method: String(decoding: method, as: UTF8.self),
            target: targetString,
            headers: headers,
            body: body
        )
    }

    /// Parses a string.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(SigV4Error) -> SigV4Request {
        try parse(Array(text.utf8), limits: limits)
    }

    /// Serializes a request back to HTTP/1.1 text, CRLF line ends, body appended.
    public static func serialize(_ request: SigV4Request, lineEnding: String = "\r\n") -> [UInt8] {
        var out = Array("\(request.method) \(request.target) HTTP/1.1\(lineEnding)".utf8)
        for header in request.headers {
            out += Array("\(header.name): \(header.value)\(lineEnding)".utf8)
        }
        out += Array(lineEnding.utf8)
        out += request.body
        return out
    }

    /// `true` for bytes allowed in an HTTP token (method and header names, RFC 9110 §5.6.2).
    @inline(__always)
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        // Two 64-bit masks (bytes 0–63 and 64–127): no table, no lazy global.
        if byte < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(byte - 64) & 1 == 1 }
        return false
    }

    /// A short, printable rendering of untrusted bytes for error messages.
    static func printable(_ bytes: some Collection<UInt8>) -> String {
        var out = ""
        for byte in bytes.prefix(80) {
            if byte >= 0x20 && byte < 0x7f {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "\\x" + String(byte, radix: 16)
            }
        }
        return bytes.count > 80 ? out + "…" : out
    }
}

extension String {
    /// Trims ASCII space, tab, CR and LF from both ends (and nothing else: SigV4 keeps NBSP).
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !isASCIIWhitespace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isASCIIWhitespace($0) })!
        return String(self[first...last])
    }
}

@inline(__always)
func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
}
