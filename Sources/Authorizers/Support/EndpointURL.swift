import GatehouseCrypto

/// An http(s) URL Gatehouse sends something to — a key set, an OIDC discovery document, a Lambda
/// Invoke endpoint, a token introspection endpoint — parsed (RFC 3986 §3, strictly) so that the
/// rule deciding whether it may be used judges the host that will actually be connected to, never
/// a prefix of the text.
///
/// ``trusted(_:)`` is that rule, and the only one: **https anywhere; plain http only when the host
/// is this machine** — an IPv4 address in `127.0.0.0/8`, the IPv6 address `::1` (in any of its
/// spellings), or the name `localhost` exactly (any letter case; not `foo.localhost`, not
/// `localhost.`). Tokens, client secrets and the keys that decide what is trusted travel over
/// these connections; over plain http anyone on the path reads or replaces them.
///
/// The parser is strict on purpose: a URL that another parser could read differently is refused
/// rather than guessed at. Refused outright, for every scheme:
/// - a user name or password (`http://localhost:x@evil.test/`): the classic way to make the text
///   start like one host and connect to another;
/// - anything but printable ASCII (spaces, control characters, non-ASCII — write an international
///   name in its `xn--` form), backslashes, fragments (`#`);
/// - a host that is empty, percent-encoded, has an empty label or a trailing dot (`localhost.`),
///   or characters outside letters, digits, `-` and `.`;
/// - IPv4 addresses in any spelling but four decimal parts without leading zeros (`2130706433`,
///   `0x7f.1`, `127.1`, `0177.0.0.1` all name 127.0.0.1 to some resolvers and are refused, as is
///   any name whose last label is a number);
/// - IPv6 zone ids (`[fe80::1%25eth0]`: a link-local interface is no endpoint) and `[v1.…]`
///   literals;
/// - a port that is empty, zero, above 65535 or written with leading zeros;
/// - a `%` in the path or query not followed by two hex digits.
///
/// ``description`` is the URL rebuilt from its parts (lowercase scheme and host, the path as
/// given), and it is what a transport sends, so the client library never sees a spelling this
/// parser did not judge.
public struct EndpointURL: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http
        case https
    }

    public enum Host: Sendable, Equatable {
        /// A DNS name, lowercased.
        case name(String)
        case ipv4(UInt32)
        /// Eight 16-bit groups.
        case ipv6([UInt16])
    }

    public let scheme: Scheme
    public let host: Host
    public let port: Int?
    /// The path and query as given (`/` when the URL has none).
    public let pathAndQuery: String

    /// The longest URL read (longer ones are refused, not truncated).
    public static let maxLength = 4096

    /// Whether the host is this machine: `127.0.0.0/8`, `::1` or `localhost`.
    public var isLoopback: Bool {
        switch host {
        case .name(let name): return name == "localhost"
        case .ipv4(let address): return address >> 24 == 127
        case .ipv6(let groups): return groups == [0, 0, 0, 0, 0, 0, 0, 1]
        }
    }

    /// The host as it goes into a URL (`[…]` around IPv6).
    public var hostText: String {
        switch host {
        case .name(let name): return name
        case .ipv4(let address):
            return "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
        case .ipv6(let groups): return "[" + Self.ipv6Text(groups) + "]"
        }
    }

    /// RFC 5952 §4: lowercase hex, no leading zeros, the longest run of two or more zero groups
    /// (the first of equal runs) as `::`.
    static func ipv6Text(_ groups: [UInt16]) -> String {
        var best = (start: -1, length: 0)
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < groups.count && groups[end] == 0 { end += 1 }
            if end - index > best.length && end - index >= 2 { best = (index, end - index) }
            index = end
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return text.joined(separator: ":") }
        let head = text[..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    public var description: String {
        "\(scheme.rawValue)://\(hostText)\(port.map { ":\($0)" } ?? "")\(pathAndQuery)"
    }

    /// The one rule every remote endpoint is judged by (see the type's documentation): parses
    /// `text` and accepts it when it is https, or plain http to this machine.
    public static func trusted(_ text: String) throws(EndpointURLError) -> EndpointURL {
        let url = try parse(text)
        guard url.scheme == .https || url.isLoopback else {
            throw EndpointURLError(
                display: url.description,
                reason:
                    "plain http is used only to this machine (127.0.0.0/8, [::1] or localhost); use https for `\(url.hostText)`"
            )
        }
        return url
    }

    /// Parses an absolute http or https URL; syntax only (``trusted(_:)`` also judges the host).
    public static func parse(_ text: String) throws(EndpointURLError) -> EndpointURL {
        let bytes = Array(text.utf8)
        func fail(_ reason: String) -> EndpointURLError {
            EndpointURLError(display: EndpointURLError.display(bytes), reason: reason)
        }
        guard !bytes.isEmpty else { throw fail("the URL is empty") }
        guard bytes.count <= maxLength else { throw fail("the URL is longer than \(maxLength) bytes") }
        if let bad = bytes.first(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw fail(
                bad >= 0x80
                    ? "a URL is ASCII (write an international name in its `xn--` form)"
                    : "a URL has no spaces or control characters"
            )
        }
        if bytes.contains(UInt8(ascii: "\\")) { throw fail("a URL has no backslashes") }
        if bytes.contains(UInt8(ascii: "#")) { throw fail("an endpoint URL has no fragment (`#…`)") }

        // scheme "://"
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
            bytes[colon...].starts(with: Array("://".utf8))
        else { throw fail("not an absolute http or https URL") }
        let schemeText = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        guard let scheme = Scheme(rawValue: schemeText) else {
            throw fail("the scheme is https (or http to this machine), not `\(schemeText)`")
        }
        let authorityStart = colon + 3
        let authorityEnd =
            bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        let authority = bytes[authorityStart..<authorityEnd]
        if authority.contains(UInt8(ascii: "@")) {
            throw EndpointURLError(
                display: EndpointURLError.display(bytes, redacting: authorityStart..<authorityEnd),
                reason: "a URL must not carry a user name or password (`…@`)"
            )
        }
        guard !authority.isEmpty else { throw fail("the URL has no host") }

        // host [":" port]
        let host: Host
        let portText: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else {
                throw fail("an IPv6 address is not closed with `]`")
            }
            let literal = authority[(authority.startIndex + 1)..<close]
            if literal.contains(UInt8(ascii: "%")) {
                throw fail("an IPv6 zone id names a local interface; it is not used")
            }
            if let first = literal.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
                throw fail("`[v…]` address literals are not used")
            }
            guard let groups = parseIPv6(literal) else {
                throw fail("`\(String(decoding: literal, as: UTF8.self))` is not an IPv6 address")
            }
            host = .ipv6(groups)
            let rest = authority[(close + 1)...]
            if rest.isEmpty {
                portText = nil
            } else {
                guard rest.first == UInt8(ascii: ":") else { throw fail("unexpected text after the IPv6 address") }
                portText = rest.dropFirst()
            }
        } else {
            let hostEnd = authority.firstIndex(of: UInt8(ascii: ":")) ?? authority.endIndex
            host = try parseHost(authority[authority.startIndex..<hostEnd], fail: fail)
            portText = hostEnd == authority.endIndex ? nil : authority[(hostEnd + 1)...]
        }
        var port: Int? = nil
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.first != UInt8(ascii: "0"),
                portText.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let value = Int(String(decoding: portText, as: UTF8.self)), value <= 65_535
            else {
                throw fail("the port is a number from 1 to 65535 (no leading zeros)")
            }
            port = value
        }

        // path-abempty [ "?" query ]: pchar, "/", "?" and well-formed escapes only.
        let path = bytes[authorityEnd...]
        var index = path.startIndex
        while index < path.endIndex {
            let byte = path[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < path.endIndex, Hex.value(of: path[index + 1]) != nil,
                    Hex.value(of: path[index + 2]) != nil
                else {
                    throw fail("a `%` in the path or query is not followed by two hex digits")
                }
                index += 3
                continue
            }
            guard isPathByte(byte) else {
                throw fail("`\(String(decoding: [byte], as: UTF8.self))` is not allowed in a URL's path or query")
            }
            index += 1
        }
        var pathAndQuery = String(decoding: path, as: UTF8.self)
        if !pathAndQuery.hasPrefix("/") { pathAndQuery = "/" + pathAndQuery }
        return EndpointURL(scheme: scheme, host: host, port: port, pathAndQuery: pathAndQuery)
    }

    /// A DNS name (letters, digits, hyphens; labels of 1–63, 253 in all, no trailing dot) or a
    /// dotted-quad IPv4 address. A name whose last label is a number must be the dotted quad.
    private static func parseHost(
        _ text: ArraySlice<UInt8>,
        fail: (String) -> EndpointURLError
    ) throws(EndpointURLError) -> Host {
        guard !text.isEmpty else { throw fail("the URL has no host") }
        if text.contains(UInt8(ascii: "%")) { throw fail("a host is never percent-encoded") }
        if let bad = text.first(where: { !isNameByte($0) }) {
            throw fail("a host has letters, digits, `-` and `.` only, not `\(String(decoding: [bad], as: UTF8.self))`")
        }
        guard text.count <= 253 else { throw fail("the host is longer than 253 characters") }
        if text.last == UInt8(ascii: ".") { throw fail("a host does not end with `.`") }
        let labels = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty else { throw fail("the host has an empty label (`..` or a leading `.`)") }
            guard label.count <= 63 else { throw fail("a host label is longer than 63 characters") }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                throw fail("a host label neither starts nor ends with `-`")
            }
        }
        // WHATWG's "ends in a number": such a host is an IPv4 address to browsers and resolvers
        // (`127.1`, `0x7f.1`, `2130706433`), so only the one unambiguous spelling is read.
        let last = labels[labels.count - 1]
        let lastIsNumber =
            last.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            || (last.count >= 2 && last.first == UInt8(ascii: "0")
                && (last[last.startIndex + 1] | 0x20) == UInt8(ascii: "x"))
        if lastIsNumber {
            guard let address = parseIPv4(text) else {
                throw fail("an IPv4 address is four decimal numbers 0–255 without leading zeros (`127.0.0.1`)")
            }
            return .ipv4(address)
        }
        return .name(String(decoding: text, as: UTF8.self).lowercased())
    }

    /// Exactly four decimal parts, 0–255, no leading zeros.
    static func parseIPv4(_ text: ArraySlice<UInt8>) -> UInt32? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.count == 1 || part.first != UInt8(ascii: "0"),
                part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            var value: UInt32 = 0
            for digit in part { value = value * 10 + UInt32(digit - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            address = address << 8 | value
        }
        return address
    }

    /// RFC 4291 §2.2: eight groups of 1–4 hex digits, one `::` for a run of zero groups, and an
    /// optional dotted-quad IPv4 tail.
    static func parseIPv6(_ text: ArraySlice<UInt8>) -> [UInt16]? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        let bytes = Array(text)
        var head: [UInt8] = bytes
        var tail: [UInt8]? = nil
        for index in 0..<(bytes.count - 1)
        where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: ":") {
            head = Array(bytes[..<index])
            tail = Array(bytes[(index + 2)...])
            break
        }
        func groups(_ part: [UInt8], allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            var out: [UInt16] = []
            for (position, piece) in pieces.enumerated() {
                if allowIPv4Tail, position == pieces.count - 1, piece.contains(UInt8(ascii: ".")) {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4 else { return nil }
                var value: UInt16 = 0
                for digit in piece {
                    guard let nibble = Hex.value(of: digit) else { return nil }
                    value = value << 4 | UInt16(nibble)
                }
                out.append(value)
            }
            return out
        }
        if let tail {
            // Only one `::`.
            if tail.count >= 2, zip(tail, tail.dropFirst()).contains(where: { $0 == 0x3A && $1 == 0x3A }) {
                return nil
            }
            guard let front = groups(head, allowIPv4Tail: false), let back = groups(tail, allowIPv4Tail: true),
                front.count + back.count <= 7
            else { return nil }
            return front + Array(repeating: 0, count: 8 - front.count - back.count) + back
        }
        guard let all = groups(head, allowIPv4Tail: true), all.count == 8 else { return nil }
        return all
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    /// RFC 3986 pchar (unreserved, sub-delims, `:`, `@`) plus `/` and `?`; `%` is checked apart.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        if (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        {
            return true
        }
        return "-._~!$&'()*+,;=:@/?".utf8.contains(byte)
    }
}
