import GatehouseCrypto

/// The canonical headers and signed-headers lines (reference/sigv4.md §1.4).
enum CanonicalHeaders {
    /// Headers a signer never signs: hop-by-hop headers and what proxies and HTTP stacks rewrite
    /// (botocore's list plus the WebSocket handshake headers aws-c-auth skips).
    static let unsignable: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// `false` for a lowercase name a signer leaves out: one of ``unsignable`` or a
    /// `sec-websocket-*` name. Compared as bytes by length, without making a `String` to look
    /// up (``unsignableNamesMatchTheSet`` in the tests keeps the two lists equal).
    static func isSignable(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if unsafe name.count >= 14 && ByteText.equals(name, 0..<14, "sec-websocket-") { return false }
        let whole = 0..<name.count
        switch name.count {
        case 2: return unsafe !ByteText.equals(name, whole, "te")
        case 6: return unsafe !ByteText.equals(name, whole, "expect")
        case 7: return unsafe !ByteText.equals(name, whole, "upgrade") && !ByteText.equals(name, whole, "trailer")
        case 10:
            return unsafe !ByteText.equals(name, whole, "connection") && !ByteText.equals(name, whole, "keep-alive")
                && !ByteText.equals(name, whole, "user-agent")
        case 13: return unsafe !ByteText.equals(name, whole, "authorization")
        case 15: return unsafe !ByteText.equals(name, whole, "x-amzn-trace-id")
        case 17: return unsafe !ByteText.equals(name, whole, "transfer-encoding")
        case 18: return unsafe !ByteText.equals(name, whole, "proxy-authenticate")
        case 19: return unsafe !ByteText.equals(name, whole, "proxy-authorization")
        default: return true
        }
    }

    /// The fields a signer signs, one per name: every field but the unsignable ones, sorted by
    /// name byte for byte, the first of each repeated name kept (canonicalization joins the
    /// repeats' values). Written into `indices`; returns how many. A name sent more than once is
    /// written as `~index` (negative), so that canonicalization looks for the others only then;
    /// ``fieldIndex(_:)`` reads either form.
    static func fieldsToSign(_ head: borrowing RequestHead, into indices: UnsafeMutableBufferPointer<Int>) -> Int {
        var count = 0
        for index in unsafe 0..<head.fields.count where unsafe isSignable(head.name(index)) {
            unsafe indices[count] = index
            count += 1
        }
        var sorted = unsafe UnsafeMutableBufferPointer(rebasing: indices[..<count])
        unsafe sorted.sortFew { unsafe bytesPrecede(head.name($0), head.name($1)) }
        // Repeats are adjacent now; keep the first of each, in place, marked when it repeats.
        var kept = 0
        for position in 0..<count {
            if unsafe kept > 0 && head.field(indices[position], isNamed: head.name(fieldIndex(indices[kept - 1]))) {
                unsafe indices[kept - 1] = unsafe ~fieldIndex(indices[kept - 1])
                continue
            }
            unsafe indices[kept] = unsafe indices[position]
            kept += 1
        }
        return kept
    }

    /// The field index in an entry of ``fieldsToSign(_:into:)``'s list.
    @inline(__always)
    static func fieldIndex(_ entry: Int) -> Int { entry < 0 ? ~entry : entry }

    /// UTF-8 byte order (what SigV4 sorts by), with `memcmp`'s semantics.
    @inline(__always)
    private static func bytesPrecede(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        var index = 0
        while index < common {
            if unsafe a[index] != b[index] { return unsafe a[index] < b[index] }
            index += 1
        }
        return a.count < b.count
    }

    /// Writes `a;b;c` for the sorted `indices`.
    static func appendSignedHeadersLine(
        _ head: borrowing RequestHead,
        _ indices: UnsafeBufferPointer<Int>,
        to out: inout ByteWriter
    ) {
        for position in indices.indices {
            if position > 0 { out.append(UInt8(ascii: ";")) }
            unsafe out.append(head.name(fieldIndex(indices[position])))
        }
    }

    /// Trims ASCII whitespace and collapses inner runs to one space. Non-ASCII whitespace (NBSP,
    /// U+2003) stays, as aws-c-auth keeps it.
    @inline(__always)
    static func appendNormalizedValue(_ value: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) {
        // Fast paths: most values have no space or control byte at all (checked eight bytes at a
        // time), or else no tab, CR or LF, no edge spaces and no double spaces, and are copied in
        // one piece.
        if unsafe ByteSearch.hasNoSpaceOrControl(value) {
            unsafe out.append(value)
            return
        }
        var clean = unsafe value.isEmpty || (value[0] != 0x20 && value[value.count - 1] != 0x20)
        if clean {
            var previousSpace = false
            for position in 0..<value.count {
                let byte = unsafe value[position]
                if byte == 0x09 || byte == 0x0d || byte == 0x0a || (byte == 0x20 && previousSpace) {
                    clean = false
                    break
                }
                previousSpace = byte == 0x20
            }
        }
        if clean {
            unsafe out.append(value)
            return
        }
        var pendingSpace = false
        var started = false
        for position in 0..<value.count {
            let byte = unsafe value[position]
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
}
