/// The canonical query line (reference/sigv4.md §1.3).
///
/// Split on `&`, each piece at its first `=` (a bare key gets an empty value), percent-decode
/// then re-encode key and value, keep repeats, sort by encoded key then encoded value, bytewise.
/// `+` is a literal plus (encoded `%2B`), as aws-c-auth reads it; a malformed `%` escape is an
/// error, never guessed at.
enum CanonicalQuery {
    /// An already-encoded pair to add (the `X-Amz-*` parameters of a presigned request).
    struct Pair {
        var key: [UInt8]
        var value: [UInt8]
    }

    /// Decoded keys to leave out (`X-Amz-Signature` when verifying a presigned request).
    struct Exclusions: OptionSet {
        let rawValue: UInt8
        static let signature = Exclusions(rawValue: 1)
        static let securityToken = Exclusions(rawValue: 2)
    }

    private static let signatureKey = Array("X-Amz-Signature".utf8)
    private static let tokenKey = Array("X-Amz-Security-Token".utf8)

    static func append(
        rawQuery: String,
        adding extra: [Pair] = [],
        excluding exclusions: Exclusions = [],
        to out: inout [UInt8]
    ) throws(SigV4Error) {
        var query = rawQuery
        if query.isEmpty && extra.isEmpty { return }
        // All encoded keys and values live in one scratch buffer; entries index into it.
        var scratch: [UInt8] = []
        scratch.reserveCapacity(query.utf8.count * 2 + extra.count * 64)
        var entries: [(keyStart: Int, keyEnd: Int, valueEnd: Int)] = []
        var decoded: [UInt8] = []
        var failure: SigV4Error? = nil
        query.withUTF8 { raw in
            let bytes = UnsafeRawBufferPointer(raw)
            var start = 0
            var index = 0
            while index <= bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: "&") {
                    if index > start {
                        let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                        var equals = piece.count
                        for position in 0..<piece.count where piece[position] == UInt8(ascii: "=") {
                            equals = position
                            break
                        }
                        let keyStart = scratch.count
                        decoded.removeAll(keepingCapacity: true)
                        guard PercentEncoding.appendDecoded(UnsafeRawBufferPointer(rebasing: piece[0..<equals]), to: &decoded) else {
                            failure = SigV4Error(
                                .malformedPercentEncoding,
                                "the query parameter `\(RawHTTPRequest.printable(piece))` has a `%` not followed by two hex digits"
                            )
                            return
                        }
                        if (exclusions.contains(.signature) && decoded == signatureKey)
                            || (exclusions.contains(.securityToken) && decoded == tokenKey)
                        {
                            start = index + 1
                            index += 1
                            continue
                        }
                        decoded.withUnsafeBytes { PercentEncoding.append($0, keepSlash: false, to: &scratch) }
                        let keyEnd = scratch.count
                        if equals < piece.count {
                            decoded.removeAll(keepingCapacity: true)
                            let value = UnsafeRawBufferPointer(rebasing: piece[(equals + 1)...])
                            guard PercentEncoding.appendDecoded(value, to: &decoded) else {
                                failure = SigV4Error(
                                    .malformedPercentEncoding,
                                    "the query parameter `\(RawHTTPRequest.printable(piece))` has a `%` not followed by two hex digits"
                                )
                                return
                            }
                            decoded.withUnsafeBytes { PercentEncoding.append($0, keepSlash: false, to: &scratch) }
                        }
                        entries.append((keyStart, keyEnd, scratch.count))
                    }
                    start = index + 1
                }
                index += 1
            }
        }
        if let failure { throw failure }
        for pair in extra {
            let keyStart = scratch.count
            scratch.append(contentsOf: pair.key)
            let keyEnd = scratch.count
            scratch.append(contentsOf: pair.value)
            entries.append((keyStart, keyEnd, scratch.count))
        }
        scratch.withUnsafeBufferPointer { buffer in
            entries.sort { a, b in
                let order = compare(buffer, a.keyStart..<a.keyEnd, b.keyStart..<b.keyEnd)
                if order != 0 { return order < 0 }
                return compare(buffer, a.keyEnd..<a.valueEnd, b.keyEnd..<b.valueEnd) < 0
            }
            for (position, entry) in entries.enumerated() {
                if position > 0 { out.append(UInt8(ascii: "&")) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[entry.keyStart..<entry.keyEnd]))
                out.append(UInt8(ascii: "="))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[entry.keyEnd..<entry.valueEnd]))
            }
        }
    }

    @inline(__always)
    private static func compare(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Int {
        let length = min(a.count, b.count)
        var offset = 0
        while offset < length {
            let x = buffer[a.lowerBound + offset]
            let y = buffer[b.lowerBound + offset]
            if x != y { return x < y ? -1 : 1 }
            offset += 1
        }
        return a.count - b.count
    }
}
