import GatehouseCore
import TestSupport
import Testing

@testable import SigV4

/// ``SigV4Request`` keeps its method, target and fields as bytes (``RequestStorage``): these
/// pin that representation to the plain one — an array of name/value strings — it replaced.
@Suite("Request storage: the byte layout behind SigV4Request")
struct RequestStorageTests {
    /// Header names and values of every kind the layout must keep: mixed case, repeats, empty
    /// values, spaces, non-ASCII.
    static func randomHeaders(_ random: inout SeededRandom, count: Int) -> [SigV4Request.Header] {
        let names = ["Host", "X-Amz-Date", "accept", "X-REQUEST-ID", "x-amz-meta-Ünï", "Content-Type", "My-Header1"]
        let values = ["", "v", "  spaced  value ", "application/json", "é€😀", String(repeating: "p", count: 300)]
        return (0..<count).map { _ in
            SigV4Request.Header(names[random.below(names.count)], values[random.below(values.count)])
        }
    }

    /// What the layout must hold for `headers`, checked through the view the signer and the
    /// verifier read.
    static func expectLayout(_ request: SigV4Request, _ headers: [SigV4Request.Header], method: String) {
        #expect(request.headers == headers)
        #expect(request.headerCount == headers.count)
        #expect(request.method == method)
        request.withHead { head in
            #expect(head.fields.count == headers.count)
            var text = request.method.utf8.count + request.path.utf8.count + request.query.utf8.count
            for (index, header) in headers.enumerated() {
                let lowered = Array(header.name.utf8).map { ByteText.lower($0) }
                #expect(Array(head.name(index)) == lowered)
                #expect(Array(head.value(index)) == Array(header.value.utf8))
                // Each field is a canonical line already: `lname:value\n`.
                let field = head.fields[index]
                #expect(
                    Array(head.bytes[field.nameStart...field.valueEnd]) == lowered + [0x3a] + Array(header.value.utf8)
                        + [
                            0x0a
                        ]
                )
                text += header.name.utf8.count + header.value.utf8.count
            }
            #expect(head.textCount == text)
        }
    }

    @Test("headers, method, path and query read back as given, in order, through every mutation", arguments: 0..<40)
    func roundTrip(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var headers = Self.randomHeaders(&random, count: random.below(12))
        var request = SigV4Request(method: "GET", path: "/a%20b/c", query: "x=1&y", headers: headers)
        Self.expectLayout(request, headers, method: "GET")
        #expect(request.path == "/a%20b/c")
        #expect(request.query == "x=1&y")
        for step in 0..<12 {
            switch random.below(5) {
            case 0:
                let added = Self.randomHeaders(&random, count: 1)[0]
                request.appendHeader(added.name, added.value)
                headers.append(added)
            case 1 where !headers.isEmpty:
                let index = random.below(headers.count)
                request.headers[index].value = "changed \(step)"
                headers[index].value = "changed \(step)"
            case 2 where !headers.isEmpty:
                let name = headers[random.below(headers.count)].name.uppercased()
                request.removeHeaders(named: name)
                // Names compare ASCII case-insensitively (non-ASCII bytes as they are), as before.
                headers.removeAll { $0.name.lowercasedASCII == name.lowercasedASCII }
            case 3:
                request.query = step.isMultiple(of: 2) ? "" : "q=\(step)"
            default:
                request.path = step.isMultiple(of: 3) ? "" : "/p/\(step)"
            }
            Self.expectLayout(request, headers, method: "GET")
        }
        request.method = "PUT"
        Self.expectLayout(request, headers, method: "PUT")
    }

    @Test("an empty path is `/`, as it was before requests were bytes")
    func emptyPath() {
        var request = SigV4Request(method: "GET", path: "")
        #expect(request.path == "/")
        request.path = "/x"
        request.path = ""
        #expect(request.path == "/")
        #expect(request.target == "/")
    }

    @Test("copies are values: a change to one never shows in another (copy on write)")
    func copyOnWrite() {
        let original = SigV4Request(method: "GET", path: "/", headers: [.init("Host", "h"), .init("Accept", "*/*")])
        var appended = original
        for index in 0..<50 { appended.appendHeader("X-Added-\(index)", "value \(index)") }
        var edited = original
        edited.headers[0].value = "other"
        var removed = original
        removed.removeHeaders(named: "ACCEPT")
        var retargeted = original
        retargeted.query = "a=b"
        #expect(original.headers == [.init("Host", "h"), .init("Accept", "*/*")])
        #expect(original.query.isEmpty)
        #expect(appended.headerCount == 52)
        #expect(appended.headers.last == .init("X-Added-49", "value 49"))
        #expect(edited.headers[0].value == "other")
        #expect(removed.headers == [.init("Host", "h")])
        #expect(retargeted.target == "/?a=b")
    }

    @Test("signing leaves the caller's request as it was and adds its fields to a copy")
    func signingCopies() throws {
        let request = SigV4Request(
            method: "GET",
            path: "/prod/items",
            headers: [.init("Host", "example.amazonaws.com"), .init("X-Amz-Date", "stale"), .init("Accept", "a")]
        )
        let signer = try SigV4Signer(
            credentials: AWSCredentials(accessKeyId: "AKIDSTORE", secretAccessKey: "secret"),
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        let signed = try signer.sign(request, at: AmzDate(iso8601: "2026-01-15T10:00:00Z")!)
        #expect(request.headers.map(\.name) == ["Host", "X-Amz-Date", "Accept"])
        #expect(request.firstValue(of: "x-amz-date") == "stale")
        #expect(signed.request.headers.map(\.name) == ["Host", "Accept", "X-Amz-Date", "Authorization"])
        #expect(signed.request.firstValue(of: "X-AMZ-DATE") == "20260115T100000Z")
        #expect(signed.request.firstValue(of: "authorization") == signed.authorization)
        #expect(signed.authorization?.hasSuffix("Signature=" + signed.signature) == true)
        Self.expectLayout(signed.request, signed.request.headers, method: "GET")
    }

    @Test("lookups are ASCII case-insensitive and see repeats in order")
    func lookups() {
        let request = SigV4Request(
            method: "GET",
            path: "/",
            headers: [.init("X-Multi", "1"), .init("Host", "h"), .init("x-multi", "2"), .init("X-MULTI", "3")]
        )
        #expect(request.values(of: "x-MuLtI") == ["1", "2", "3"])
        #expect(request.firstValue(of: "HOST") == "h")
        #expect(request.firstValue(of: "missing") == nil)
        #expect(request.values(of: "missing").isEmpty)
    }
}
