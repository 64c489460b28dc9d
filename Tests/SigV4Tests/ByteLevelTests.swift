import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// The verifier's byte-level shortcuts agree with the definitions they stand for.
@Suite("SigV4 byte-level helpers")
struct ByteLevelTests {
    @Test("SignedHeaders bytes: `;` or a token byte that is not an uppercase letter, for all 256")
    func signedHeadersBytes() {
        for value in 0...255 {
            let byte = UInt8(value)
            let expected =
                byte == UInt8(ascii: ";") || (RawHTTPRequest.isTokenByte(byte) && !(byte >= 0x41 && byte <= 0x5A))
            #expect(AuthorizationParser.isSignedHeadersByte(byte) == expected, "byte \(value)")
        }
    }

    @Test("appendIfNoSpaceOrControl equals a scan then a copy, at every length and split", arguments: [1 as UInt64, 2])
    func fusedCheckAndCopy(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let edges: [UInt8] = [0x00, 0x09, 0x0A, 0x20, 0x21, 0x7F, 0x80, 0xFF]
        for _ in 0..<3_000 {
            let total = rng.below(80)
            let line = (0..<total).map { _ in
                rng.below(24) == 0 ? edges[rng.below(edges.count)] : UInt8(0x21 + rng.below(0x5E))
            }
            let checked = total == 0 ? 0 : max(0, total - 1 - rng.below(min(total, 10)))
            let clean = line[..<checked].allSatisfy { $0 > 0x20 }
            var writer = ByteWriter(capacity: 16)
            writer.append("prefix")
            let appended = line.withUnsafeBufferPointer { writer.appendIfNoSpaceOrControl($0, checked: checked) }
            #expect(appended == clean, "length \(total), checked \(checked)")
            #expect(
                Array(writer.bytes) == Array("prefix".utf8) + (clean ? line : []),
                "length \(total), checked \(checked)"
            )
        }
    }

    @Test("Percent-encoding masks keep exactly the unreserved table's bytes (and `/` when asked), for all 256")
    func percentEncodingMasks() {
        for value in 0...255 {
            let byte = UInt8(value)
            let unreserved = PercentEncoding.unreservedTable[value] != 0
            #expect(PercentEncoding.staysUnencoded(byte, keepSlash: false) == unreserved, "byte \(value)")
            #expect(
                PercentEncoding.staysUnencoded(byte, keepSlash: true) == (unreserved || byte == UInt8(ascii: "/")),
                "byte \(value) keeping slashes"
            )
        }
    }

    @Test("Unsignable names by bytes match the set, and every name one byte away is signable")
    func unsignableNamesMatchTheSet() {
        func signable(_ name: String) -> Bool {
            Array(name.utf8).withUnsafeBufferPointer { CanonicalHeaders.isSignable($0) }
        }
        for name in CanonicalHeaders.unsignable {
            #expect(!signable(name), "\(name)")
            var bytes = Array(name.utf8)
            for index in bytes.indices {
                let original = bytes[index]
                bytes[index] = original == UInt8(ascii: "z") ? UInt8(ascii: "y") : original + 1
                #expect(signable(String(decoding: bytes, as: UTF8.self)), "\(String(decoding: bytes, as: UTF8.self))")
                bytes[index] = original
            }
            #expect(signable(name + "x") || name.hasPrefix("sec-websocket-"), "\(name)x")
        }
        for name in ["sec-websocket-", "sec-websocket-key", "sec-websocket-protocol", "sec-websocket-extensions"] {
            #expect(!signable(name), "\(name)")
        }
        for name in [
            "sec-websocket", "sec-websocketx", "host", "x-amz-date", "accept", "content-type", "x-amz-content-sha256",
        ] {
            #expect(signable(name), "\(name)")
        }
    }

    @Test("ByteText.equals matches literals by whole words and tails", arguments: [1 as UInt64, 2])
    func literalEquality(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let literals: [StaticString] = ["", "a", "Credential", "SignedHeaders", "AWS4-HMAC-SHA256", "aws4_request"]
        for _ in 0..<2_000 {
            let literal = literals[rng.below(literals.count)]
            var text = Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            if !text.isEmpty && rng.below(2) == 0 { text[rng.below(text.count)] ^= UInt8(1 << rng.below(8)) }
            if rng.below(4) == 0 { text.append(UInt8(ascii: "x")) }
            let padded = [UInt8](repeating: 0x20, count: 3) + text + [0x2C]
            let expected =
                text == Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            let found = padded.withUnsafeBufferPointer { ByteText.equals($0, 3..<(3 + text.count), literal) }
            #expect(found == expected)
        }
    }

    @Test("keys that differ only in region or service never share a cache entry")
    func keyCacheSeparatesScopes() {
        let cache = SigningKeyCache()
        let secret = Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let fingerprint = SigningKeys.fingerprint(secret)
        let message = Array("string to sign".utf8)
        for (region, service) in [("us-east-1", "execute-api"), ("eu-west-1", "execute-api"), ("us-east-1", "s3")] {
            let cached = cache.signingKey(
                accessKeyId: "AKID",
                secret: secret,
                secretFingerprint: fingerprint,
                scopeDate: "20260115",
                region: region,
                service: service
            )
            let derived = SigningKeys.derive(secret: secret, scopeDate: "20260115", region: region, service: service)
            #expect(cached.authenticationCode(for: message) == derived.authenticationCode(for: message))
        }
        #expect(cache.count == 3)
    }

    @Test(
        "the stack-sorted query equals a sort of the pairs, past the insertion-sort size",
        arguments: [1 as UInt64, 2]
    )
    func querySorting(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<300 {
            let pairs = (0..<rng.below(30)).map { _ in
                (String(UnicodeScalar(UInt8(ascii: "a") + UInt8(rng.below(4)))), String(rng.below(3)))
            }
            let query = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            let expected = pairs.map { "\($0.0)=\($0.1)" }.sorted {
                Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
            }
            .joined(separator: "&")
            var out = ByteWriter(capacity: 64)
            try Array(query.utf8).withUnsafeBufferPointer { bytes throws(SigV4Error) in
                try CanonicalQuery.append(rawQuery: bytes, to: &out)
            }
            let written = out.string
            #expect(written == expected, "\(query)")
        }
    }
    @Test(
        "a query copied whole or sorted as ranges equals its decode-and-re-encode, for random queries",
        arguments: [3 as UInt64, 4, 5]
    )
    func queryFastPathsAgreeWithTranscoding(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        // Bytes that exercise every branch: unreserved ones, separators, a second `=`, bytes that
        // need encoding, escapes (valid and not), keys that are prefixes of each other.
        let alphabet = Array("aab-~._Z09==&&%2B%zz+ /é".utf8)
        for _ in 0..<2_000 {
            let length = rng.below(24)
            let query = (0..<length).map { _ in alphabet[rng.below(alphabet.count)] }
            var fast = ByteWriter(capacity: 64)
            var general = ByteWriter(capacity: 64)
            let fastResult: Result<Void, SigV4Error> = query.withUnsafeBufferPointer { bytes in
                Result { () throws(SigV4Error) in try CanonicalQuery.append(rawQuery: bytes, to: &fast) }
            }
            let generalResult: Result<Void, SigV4Error> = query.withUnsafeBufferPointer { bytes in
                Result { () throws(SigV4Error) in
                    if !bytes.isEmpty {
                        try CanonicalQuery.appendTranscoded(rawQuery: bytes, adding: [], excluding: [], to: &general)
                    }
                }
            }
            let text = String(decoding: query, as: UTF8.self)
            switch (fastResult, generalResult) {
            case (.success, .success): #expect(fast.string == general.string, "\(text)")
            case (.failure(let a), .failure(let b)): #expect(a.code == b.code, "\(text)")
            default: Issue.record("one path failed and the other did not: \(text)")
            }
        }
    }

    @Test(
        "a clean path copied whole equals its encoding, and paths needing work are unchanged by the shortcut",
        arguments: [
            "/", "/prod/items/123", "/a-b_c.d~e/", "/a b/c", "/a%20b", "/./a", "//a", "/a/../b", "/é", "/.well-known/x",
        ]
    )
    func uriFastPath(path: String) {
        var out = ByteWriter(capacity: 64)
        Array(path.utf8).withUnsafeBufferPointer {
            CanonicalURI.append(path: $0, normalize: true, encode: true, to: &out)
        }
        #expect(out.string == Self.referenceURI(path), "\(path)")
    }

    @Test("dot segments, `//` and bytes to encode are found at every offset of paths of every length")
    func uriChunkBoundaries() {
        for length in 1..<40 {
            for position in 0..<length {
                for insert in ["/./", "//", "/../", "/.", "%", " "] {
                    var path = "/" + String(repeating: "a", count: length)
                    let index = path.index(path.startIndex, offsetBy: position + 1)
                    path.insert(contentsOf: insert, at: index)
                    var out = ByteWriter(capacity: 64)
                    Array(path.utf8).withUnsafeBufferPointer {
                        CanonicalURI.append(path: $0, normalize: true, encode: true, to: &out)
                    }
                    #expect(out.string == Self.referenceURI(path), "\(path)")
                }
            }
        }
    }

    /// Resolve segments by hand, then encode each byte (keeping `/`).
    static func referenceURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var resolved = "/" + segments.joined(separator: "/")
        if !segments.isEmpty && path.hasSuffix("/") { resolved += "/" }
        var expected = ""
        for byte in resolved.utf8 {
            if PercentEncoding.staysUnencoded(byte, keepSlash: true) {
                expected.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                expected += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return expected
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
