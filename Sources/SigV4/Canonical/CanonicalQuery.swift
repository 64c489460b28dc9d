import GatehouseCrypto

/// The canonical query line (reference/sigv4.md §1.3).
///
/// Split on `&`, each piece at its first `=` (a bare key gets an empty value), percent-decode
/// then re-encode key and value, keep repeats, sort by encoded key then encoded value, bytewise.
/// `+` is a literal plus (encoded `%2B`), as aws-c-auth reads it; a malformed `%` escape is an
/// error, never guessed at.
///
/// A query whose pieces are all unreserved bytes is already canonical text: it is sorted as byte
/// ranges of the raw query without decoding or copying (the common case for API calls).
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

    private struct Entry {
        var keyStart: Int
        var keyEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    static func append(
        rawQuery bytes: UnsafeBufferPointer<UInt8>,
        adding extra: [Pair] = [],
        excluding exclusions: Exclusions = [],
        to out: inout ByteWriter
    ) throws(SigV4Error) {
        if bytes.isEmpty && extra.isEmpty { return }
        if unsafe extra.isEmpty && exclusions.isEmpty && appendIfCanonical(bytes, to: &out) { return }
        unsafe try appendTranscoded(rawQuery: bytes, adding: extra, excluding: exclusions, to: &out)
    }

    /// Writes a query whose pieces are all canonical text already; `false` (nothing written)
    /// when a piece needs transcoding.
    ///
    /// One pass checks the bytes and, on the way, whether the query is its own canonical form:
    /// every piece `key=value` (one `=`, none empty) and in order — as SDKs that sort their
    /// parameters send it. Then it is copied whole; otherwise its pieces are sorted as ranges.
    static func appendIfCanonical(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var start = 0
        var previousKey = 0..<0
        var previousValue = 0..<0
        var hasPrevious = false
        var inOrder = true
        while true {
            // One piece: a tight scan over the unreserved bytes (a mask test each), stopping
            // only at `=`, `&` or a byte that needs encoding — the bookkeeping of the pieces
            // stays out of the per-byte loop.
            var index = start
            var equals = -1
            while index < count {
                let byte = unsafe base[index]
                if PercentEncoding.staysUnencoded(byte, keepSlash: false) {
                    index &+= 1
                } else if byte == UInt8(ascii: "=") {
                    // A second `=` belongs to the value and is written `%3D`: transcoding.
                    guard equals < 0 else { return false }
                    equals = index
                    index &+= 1
                } else if byte == UInt8(ascii: "&") {
                    break
                } else {
                    return false
                }
            }
            if index == start || equals < 0 {
                inOrder = false  // an empty piece (dropped) or a bare key (written `key=`)
            } else if inOrder {
                let key = start..<equals
                let value = (equals + 1)..<index
                if hasPrevious {
                    let order = unsafe compare(bytes, previousKey, key)
                    if unsafe order > 0 || (order == 0 && compare(bytes, previousValue, value) > 0) { inOrder = false }
                }
                previousKey = key
                previousValue = value
                hasPrevious = true
            }
            guard index < count else { break }
            start = index &+ 1
        }
        if inOrder {
            unsafe out.append(bytes)
            return true
        }
        return unsafe appendSortedRanges(bytes, to: &out)
    }

    /// Writes a query whose pieces are all canonical text, sorted as ranges of `bytes` (the
    /// caller checked every byte); `false` if a piece is not canonical text after all.
    private static func appendSortedRanges(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) -> Bool {
        // At most one piece per `&`, plus one: the entries live on the stack for any usual
        // query (no array to allocate and free per request).
        var pieces = 1
        var ampersand = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "&"), in: bytes, from: 0, to: bytes.count)
        while ampersand < bytes.count {
            pieces += 1
            ampersand = unsafe ByteSearch.firstIndex(
                of: UInt8(ascii: "&"),
                in: bytes,
                from: ampersand + 1,
                to: bytes.count
            )
        }
        return unsafe withUnsafeTemporaryAllocation(of: Entry.self, capacity: pieces) { storage -> Bool in
            var count = 0
            var start = 0
            while start <= bytes.count {
                // From one `&` to the next with the same word-at-a-time search that counted them.
                let index = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "&"), in: bytes, from: start, to: bytes.count)
                defer { start = index + 1 }
                guard index > start else { continue }
                let equals = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "="), in: bytes, from: start, to: index)
                let key = start..<equals
                let value = equals < index ? (equals + 1)..<index : index..<index
                guard unsafe PercentEncoding.isCanonicalQueryText(UnsafeBufferPointer(rebasing: bytes[key])),
                    unsafe PercentEncoding.isCanonicalQueryText(UnsafeBufferPointer(rebasing: bytes[value]))
                else { return false }
                unsafe storage.initializeElement(
                    at: count,
                    to: Entry(
                        keyStart: key.lowerBound,
                        keyEnd: key.upperBound,
                        valueStart: value.lowerBound,
                        valueEnd: value.upperBound
                    )
                )
                count += 1
            }
            unsafe writeSorted(UnsafeMutableBufferPointer(rebasing: storage[..<count]), in: bytes, to: &out)
            return true
        }
    }

    private static func writeSorted(
        _ entries: UnsafeMutableBufferPointer<Entry>,
        in buffer: UnsafeBufferPointer<UInt8>,
        to out: inout ByteWriter
    ) {
        func precedes(_ a: Entry, _ b: Entry) -> Bool {
            let order = unsafe compare(buffer, a.keyStart..<a.keyEnd, b.keyStart..<b.keyEnd)
            if order != 0 { return order < 0 }
            return unsafe compare(buffer, a.valueStart..<a.valueEnd, b.valueStart..<b.valueEnd) < 0
        }
        var entries = unsafe entries
        unsafe entries.sortFew(by: precedes)
        for position in entries.indices {
            let entry = unsafe entries[position]
            if position > 0 { out.append(UInt8(ascii: "&")) }
            unsafe out.append(UnsafeBufferPointer(rebasing: buffer[entry.keyStart..<entry.keyEnd]))
            out.append(UInt8(ascii: "="))
            unsafe out.append(UnsafeBufferPointer(rebasing: buffer[entry.valueStart..<entry.valueEnd]))
        }
    }

    private static let signatureKey = Array("X-Amz-Signature".utf8)
    private static let tokenKey = Array("X-Amz-Security-Token".utf8)

    /// The general path: decode and re-encode every key and value into a scratch buffer.
    static func appendTranscoded(
        rawQuery bytes: UnsafeBufferPointer<UInt8>,
        adding extra: [Pair],
        excluding exclusions: Exclusions,
        to out: inout ByteWriter
    ) throws(SigV4Error) {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(bytes.count * 2 + extra.count * 64)
        var entries: [Entry] = []
        var decoded: [UInt8] = []
        var failure: SigV4Error? = nil
        do {
            let raw = UnsafeRawBufferPointer(bytes)
            var start = 0
            for index in 0...bytes.count where unsafe index == bytes.count || bytes[index] == UInt8(ascii: "&") {
                defer { start = index + 1 }
                guard index > start, failure == nil else { continue }
                let piece = unsafe UnsafeRawBufferPointer(rebasing: raw[start..<index])
                var equals = piece.count
                for position in 0..<piece.count where unsafe piece[position] == UInt8(ascii: "=") {
                    equals = position
                    break
                }
                decoded.removeAll(keepingCapacity: true)
                guard
                    unsafe PercentEncoding.appendDecoded(
                        UnsafeRawBufferPointer(rebasing: piece[0..<equals]),
                        to: &decoded
                    )
                else {
                    failure = unsafe malformed(piece)
                    continue
                }
                if (exclusions.contains(.signature) && decoded == signatureKey)
                    || (exclusions.contains(.securityToken) && decoded == tokenKey)
                {
                    continue
                }
                let keyStart = scratch.count
                PercentEncoding.append(decoded, keepSlash: false, to: &scratch)
                let keyEnd = scratch.count
                if equals < piece.count {
                    decoded.removeAll(keepingCapacity: true)
                    guard
                        unsafe PercentEncoding.appendDecoded(
                            UnsafeRawBufferPointer(rebasing: piece[(equals + 1)...]),
                            to: &decoded
                        )
                    else {
                        failure = unsafe malformed(piece)
                        continue
                    }
                    PercentEncoding.append(decoded, keepSlash: false, to: &scratch)
                }
                entries.append(Entry(keyStart: keyStart, keyEnd: keyEnd, valueStart: keyEnd, valueEnd: scratch.count))
            }
        }
        if let failure { throw failure }
        for pair in extra {
            let keyStart = scratch.count
            scratch.append(contentsOf: pair.key)
            let keyEnd = scratch.count
            scratch.append(contentsOf: pair.value)
            entries.append(Entry(keyStart: keyStart, keyEnd: keyEnd, valueStart: keyEnd, valueEnd: scratch.count))
        }
        unsafe scratch.withUnsafeBufferPointer { buffer in
            unsafe entries.withUnsafeMutableBufferPointer { unsafe writeSorted($0, in: buffer, to: &out) }
        }
    }

    private static func malformed(_ piece: UnsafeRawBufferPointer) -> SigV4Error {
        SigV4Error(
            .malformedPercentEncoding,
            unsafe "the query parameter `\(RawHTTPRequest.printable(piece))` has a `%` not followed by two hex digits"
        )
    }

    @inline(__always)
    private static func compare(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Int {
        let length = min(a.count, b.count)
        var offset = 0
        while offset < length {
            let x = unsafe buffer[a.lowerBound + offset]
            let y = unsafe buffer[b.lowerBound + offset]
            if x != y { return x < y ? -1 : 1 }
            offset += 1
        }
        return a.count - b.count
    }
}
