import GatehouseCore
import HTTPTypes
import Testing

@testable import SigV4

@Suite("AmzDate")
struct AmzDateTests {
    @Test(arguments: [
        ("20150830T123600Z", 1_440_938_160 as Int64),
        ("2015-08-30T12:36:00Z", 1_440_938_160),
        ("2015-08-30T14:36:00+02:00", 1_440_938_160),
        ("2015-08-30T12:36:00.123Z", 1_440_938_160),
        ("@1440938160", 1_440_938_160),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("1970-01-01T00:00:00Z", 0),
    ])
    func iso8601(text: String, seconds: Int64) {
        #expect(AmzDate(iso8601: text)?.secondsSince1970 == seconds)
    }

    @Test(arguments: [
        "2015-02-29T00:00:00Z", "2015-13-01T00:00:00Z", "2015-08-30T24:00:00Z", "2015-08-30", "x", "", "20260115",
        "1440938160",
    ])
    func rejects(text: String) {
        #expect(AmzDate(iso8601: text) == nil)
    }

    @Test("HTTP-dates: IMF-fixdate and botocore's numeric zone")
    func httpDates() {
        let expected = AmzDate(iso8601: "2026-01-15T10:00:00Z")
        #expect(AmzDate(httpDate: "Thu, 15 Jan 2026 10:00:00 GMT") == expected)
        #expect(AmzDate(httpDate: "Thu, 15 Jan 2026 10:00:00 -0000") == expected)
        #expect(AmzDate(httpDate: "Thu, 15 Jan 2026 11:00:00 +0100") == expected)
        #expect(AmzDate(httpDate: "Thu, 15 Foo 2026 10:00:00 GMT") == nil)
    }

    @Test("formats round-trip")
    func formats() throws {
        let date = try #require(AmzDate(amzFormat: "20260115T100000Z"))
        #expect(date.amzFormat == "20260115T100000Z")
        #expect(date.scopeDate == "20260115")
        #expect(date.iso8601 == "2026-01-15T10:00:00Z")
    }
}

@Suite("swift-http-types bridge")
struct HTTPTypesBridgeTests {
    @Test(
        "the bridge lays the request out as building it from strings would",
        arguments: ["/a%20b?x=1&y", "/", "", "?only=query", "/p?", "/p??q", "/é/ü?ß=1"],
        [nil, "API.example.com:8443"]
    )
    func sameAsStrings(path: String, authority: String?) {
        var fields = HTTPFields()
        fields.append(HTTPField(name: HTTPField.Name("X-Amz-Date")!, value: "20260115T100000Z"))
        fields.append(HTTPField(name: HTTPField.Name("x-custom")!, value: "  spaced  "))
        fields.append(HTTPField(name: HTTPField.Name("X-CUSTOM")!, value: ""))
        let http = HTTPRequest(method: .post, scheme: "https", authority: authority, path: path, headerFields: fields)
        let bridged = SigV4Request(http, body: [1, 2, 3])
        var headers: [SigV4Request.Header] = authority.map { [.init("Host", $0)] } ?? []
        headers += fields.map { SigV4Request.Header($0.name.rawName, $0.value) }
        let built = SigV4Request(method: "POST", target: path, headers: headers, body: [1, 2, 3])
        #expect(bridged.method == built.method)
        #expect(bridged.path == built.path)
        #expect(bridged.query == built.query)
        #expect(bridged.headers == built.headers)
        #expect(bridged.body == built.body)
        #expect(bridged.storage.layout.textCount == built.storage.layout.textCount)
    }

    @Test("an HTTP/2-style request (host only in :authority) signs and verifies")
    func bridge() throws {
        var fields = HTTPFields()
        fields[.accept] = "application/json"
        fields.append(HTTPField(name: HTTPField.Name("X-Custom")!, value: "a"))
        fields.append(HTTPField(name: HTTPField.Name("X-Custom")!, value: "b"))
        let http = HTTPRequest(
            method: .get,
            scheme: "https",
            authority: "api.example.com",
            path: "/prod/a%20b?x=1",
            headerFields: fields
        )
        let request = SigV4Request(http)
        #expect(request.path == "/prod/a%20b")
        #expect(request.query == "x=1")
        #expect(request.firstValue(of: "host") == "api.example.com")
        #expect(request.values(of: "x-custom") == ["a", "b"])

        let credentials = AWSCredentials(accessKeyId: "AKIDBRIDGE", secretAccessKey: "s")
        let date = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
        let signed = try SigV4Signer(
            credentials: credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: date)
        let stored = SigV4StoredCredential(credentials: credentials, principal: try .user("p", account: "000000000000"))
        #expect(
            SigV4Verifier(configuration: .init(region: "us-east-1")).verify(
                signed.request,
                now: date,
                lookup: { _ in stored }
            ).isValid
        )
    }
}
