/// The canonical URI line (reference/sigv4.md §1.2).
///
/// Input is the path exactly as on the wire. Non-S3 services normalize it (drop `.` and empty
/// segments, let `..` remove the previous one, keep a trailing `/`) and encode it once more
/// (`%20` → `%2520`); S3 does neither.
enum CanonicalURI {
    static func append(path bytes: UnsafeBufferPointer<UInt8>, normalize: Bool, encode: Bool, to out: inout ByteWriter)
    {
        if bytes.isEmpty {
            out.append(UInt8(ascii: "/"))
            return
        }
        if !normalize {
            if unsafe bytes[0] != UInt8(ascii: "/") && encode { out.append(UInt8(ascii: "/")) }
            unsafe appendSegment(bytes, encode: encode, keepSlash: true, to: &out)
            return
        }
        unsafe appendNormalized(bytes, encode: encode, to: &out)
    }

    @inline(__always)
    private static func appendSegment(
        _ bytes: UnsafeBufferPointer<UInt8>,
        encode: Bool,
        keepSlash: Bool,
        to out: inout ByteWriter
    ) {
        if encode {
            unsafe PercentEncoding.append(bytes, keepSlash: keepSlash, to: &out)
        } else {
            unsafe out.append(bytes)
        }
    }

    private static func appendNormalized(_ bytes: UnsafeBufferPointer<UInt8>, encode: Bool, to out: inout ByteWriter) {
        // Fast path: a path with no `.` segments and no `//` is already normalized; one with
        // only unreserved bytes and `/` is also its own encoding, and is copied whole. Both are
        // found in the one pass.
        var needsWork = false
        var clean = true
        var previousSlash = false
        if let base = bytes.baseAddress {
            var index = 0
            while index < bytes.count {
                let byte = unsafe base[index]
                let slash = byte == UInt8(ascii: "/")
                if previousSlash && (slash || byte == UInt8(ascii: ".")) {
                    needsWork = true
                    break
                }
                if !PercentEncoding.staysUnencoded(byte, keepSlash: true) { clean = false }
                previousSlash = slash
                index &+= 1
            }
        }
        if unsafe !needsWork && bytes[0] == UInt8(ascii: "/") {
            if clean {
                unsafe out.append(bytes)
            } else {
                unsafe appendSegment(bytes, encode: encode, keepSlash: true, to: &out)
            }
            return
        }
        // Segment ranges kept after resolving `.`, `..` and empty segments.
        var segments: [Range<Int>] = []
        segments.reserveCapacity(8)
        var start = 0
        let count = bytes.count
        var index = 0
        while index <= count {
            if unsafe index == count || bytes[index] == UInt8(ascii: "/") {
                let length = index - start
                if unsafe length == 0 || (length == 1 && bytes[start] == UInt8(ascii: ".")) {
                    // empty or `.`: dropped
                } else if unsafe length == 2 && bytes[start] == UInt8(ascii: ".")
                    && bytes[start + 1] == UInt8(ascii: ".")
                {
                    if !segments.isEmpty { segments.removeLast() }
                } else {
                    segments.append(start..<index)
                }
                start = index + 1
            }
            index += 1
        }
        out.append(UInt8(ascii: "/"))
        for (position, segment) in segments.enumerated() {
            if position > 0 { out.append(UInt8(ascii: "/")) }
            unsafe appendSegment(
                UnsafeBufferPointer(rebasing: bytes[segment]),
                encode: encode,
                keepSlash: false,
                to: &out
            )
        }
        if unsafe !segments.isEmpty && bytes[count - 1] == UInt8(ascii: "/") {
            out.append(UInt8(ascii: "/"))
        }
    }
}
