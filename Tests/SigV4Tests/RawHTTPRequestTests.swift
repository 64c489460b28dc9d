import SigV4
import Testing

@Suite("Raw HTTP/1.1 requests")
struct RawHTTPRequestTests {
    @Test("token bytes are exactly RFC 9110's tchar set")
    func tokenBytes() {
        let tchar = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".utf8)
        for byte in 0...255 {
            #expect(RawHTTPRequest.isTokenByte(UInt8(byte)) == tchar.contains(UInt8(byte)), "byte \(byte)")
        }
    }

    @Test("targets are kept as written, folded values joined, bodies kept byte for byte")
    func parsing() throws {
        let request = try RawHTTPRequest.parse(
            Array("POST /a b/ሴ?x=1&y HTTP/1.1\r\nHost: h\r\nX-Folded: one\r\n  two\r\n\r\n\u{0}\u{1}body".utf8)
        )
        #expect(request.path == "/a b/ሴ")
        #expect(request.query == "x=1&y")
        #expect(request.firstValue(of: "x-folded") == "one two")
        #expect(request.body == [0, 1] + Array("body".utf8))
    }

    @Test(
        "bad input names the offending part",
        arguments: [
            ("", "empty"),
            ("GET\r\n\r\n", "line 1"),
            ("G@T / HTTP/1.1\r\n", "method"),
            ("GET / FTP/1.0\r\n", "HTTP version"),
            ("GET / HTTP/1.1\r\nNo colon here\r\n", "line 2"),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n", "`Bad Name`"),
            ("GET / HTTP/1.1\r\n continuation first\r\n", "continuation"),
        ]
    )
    func badInput(text: String, mentions: String) {
        do {
            _ = try RawHTTPRequest.parse(text)
            Issue.record("parsed `\(text)`")
        } catch {
            #expect(error.code == .malformedRequest)
            #expect(error.message.contains(mentions), "\(error.message)")
        }
    }

    @Test("non-UTF-8 header values and oversized requests are refused, never trap")
    func limits() {
        #expect(throws: SigV4Error(.malformedRequest, "")) {
            try RawHTTPRequest.parse([UInt8]("GET / HTTP/1.1\r\nX: ".utf8) + [0xff, 0xfe] + [0x0d, 0x0a])
        }
        var limits = RawHTTPRequest.Limits()
        limits.maxHeaderCount = 3
        let many = "GET / HTTP/1.1\r\n" + (0..<10).map { "H\($0): v\r\n" }.joined() + "\r\n"
        #expect(throws: SigV4Error(.requestTooLarge, "")) { try RawHTTPRequest.parse(Array(many.utf8), limits: limits) }
        limits = RawHTTPRequest.Limits()
        limits.maxBodyBytes = 4
        #expect(throws: SigV4Error(.requestTooLarge, "")) {
            try RawHTTPRequest.parse(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n12345".utf8), limits: limits)
        }
    }
}
