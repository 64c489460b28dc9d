import GatehouseCrypto

/// The canonical headers and signed-headers lines (reference/sigv4.md §1.4).
enum CanonicalHeaders {
    /// Headers a signer never signs: hop-by-hop headers and what proxies and HTTP stacks rewrite
    /// (botocore's list plus the WebSocket handshake headers aws-c-auth skips).
    static let unsignable: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    static func isSignable(_ lowercasedName: String) -> Bool {
        // Lengths first: most names are no unsignable name's length, and a `Set` would hash each.
        switch lowercasedName.utf8.count {
        case 2, 6, 7, 8, 10, 13, 15, 17, 18, 19: break
        default: return !lowercasedName.hasPrefix("sec-websocket-")
        }
        return !unsignable.contains(lowercasedName) && !lowercasedName.hasPrefix("sec-websocket-")
    }

    /// The names a signer signs for `request`: every header but the unsignable ones, lowercased,
    /// sorted by byte, once each. Names already in lower case (the usual spelling on HTTP/2 and
    /// from most clients) are kept as they are, not copied.
    static func namesToSign(_ request: SigV4Request) -> [String] {
        var names: [String] = []
        names.reserveCapacity(request.headers.count)
        for header in request.headers {
            let name = lowercased(header.name)
            if isSignable(name) { names.append(name) }
        }
        names.sortFew(by: bytesPrecede)
        // Repeats are adjacent now; keep the first of each, in place.
        var kept = 0
        for index in names.indices where kept == 0 || names[kept - 1] != names[index] {
            if kept != index { names.swapAt(kept, index) }
            kept += 1
        }
        names.removeLast(names.count - kept)
        return names
    }

    /// The name in lower case: itself when it already is, ASCII folded byte by byte, and
    /// anything else lowercased the Unicode way.
    private static func lowercased(_ name: String) -> String {
        name.withUTF8Bytes { bytes -> String in
            var upper = false
            for byte in bytes {
                if byte >= 0x80 { return name.lowercased() }
                if byte &- UInt8(ascii: "A") < 26 { upper = true }
            }
            guard upper else { return name }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for index in bytes.indices {
                    let byte = bytes[index]
                    out[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                }
                return bytes.count
            }
        }
    }

    /// UTF-8 byte order (what SigV4 sorts by), compared with `memcmp`'s semantics.
    private static func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
        lhs.withUTF8Bytes { a in
            rhs.withUTF8Bytes { b in
                let common = min(a.count, b.count)
                var index = 0
                while index < common {
                    if a[index] != b[index] { return a[index] < b[index] }
                    index += 1
                }
                return a.count < b.count
            }
        }
    }

    /// Appends `name:value\n` for one lowercase `name`: the values of every header with that name
    /// in arrival order, trimmed, inner whitespace runs collapsed, joined with `,`. Returns `false`
    /// when the request has no such header (the line is still written, with an empty value).
    static func appendHeader(
        named name: UnsafeBufferPointer<UInt8>,
        from request: SigV4Request,
        to out: inout ByteWriter
    ) -> Bool {
        out.append(name)
        out.append(UInt8(ascii: ":"))
        var found = false
        request.headers.withUnsafeBufferPointer { headers in
            for index in headers.indices {
                guard headers[index].name.utf8.count == name.count,
                    headers[index].name.withUTF8Bytes({ equalsLowercased($0, name) })
                else { continue }
                if found { out.append(UInt8(ascii: ",")) }
                found = true
                headers[index].value.withUTF8Bytes { appendNormalizedValue($0, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\n"))
        return found
    }

    /// `candidate` equals the lowercase `name` ignoring ASCII case.
    @inline(__always)
    static func equalsLowercased(_ candidate: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard candidate.count == name.count else { return false }
        for index in 0..<candidate.count {
            var byte = candidate[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != name[index] { return false }
        }
        return true
    }

    /// Trims ASCII whitespace and collapses inner runs to one space. Non-ASCII whitespace (NBSP,
    /// U+2003) stays, as aws-c-auth keeps it.
    @inline(__always)
    static func appendNormalizedValue(_ value: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) {
        // Fast paths: most values have no space or control byte at all (checked eight bytes at a
        // time), or else no tab, CR or LF, no edge spaces and no double spaces, and are copied in
        // one piece.
        if ByteSearch.hasNoSpaceOrControl(value) {
            out.append(value)
            return
        }
        var clean = value.isEmpty || (value[0] != 0x20 && value[value.count - 1] != 0x20)
        if clean {
            var previousSpace = false
            for byte in value {
                if byte == 0x09 || byte == 0x0d || byte == 0x0a || (byte == 0x20 && previousSpace) {
                    clean = false
                    break
                }
                previousSpace = byte == 0x20
            }
        }
        if clean {
            out.append(value)
            return
        }
        var pendingSpace = false
        var started = false
        for byte in value {
            if byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a {
                if started { pendingSpace = true }
            } else {
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                started = true
                out.append(byte)
            }
        }
    }

    /// `a;b;c`.
    static func signedHeadersLine(_ names: [String]) -> String {
        ByteWriter.string { out in
            for (index, name) in names.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ";")) }
                out.append(name)
            }
        }
    }
}
