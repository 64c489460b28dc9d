import GatehouseCore
import Testing

@testable import SigV4

/// The verifier matches fields to SignedHeaders names in one pass when the list fits inline
/// (``SignedNames``) and walks the list text otherwise; both must give the same verdicts.
@Suite("Signed names: the inline list and the walk")
struct SignedNamesTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDNAMES", secretAccessKey: "names-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("n", account: "000000000000")
    )

    static func names(_ list: String) -> SignedNames? {
        let bytes = Array(list.utf8)
        return bytes.withUnsafeBufferPointer { SignedNames(source: $0, list: 0..<$0.count) }
    }

    @Test("lists an SDK writes fit; more than 16 names, a name over 255 bytes or a repeated name do not")
    func inlineLimits() throws {
        let list = "accept;host;x-amz-date;x-request-id"
        let names = try #require(Self.names(list))
        #expect(names.count == 4)
        let bytes = Array(list.utf8)
        bytes.withUnsafeBufferPointer { source in
            for (position, name) in ["accept", "host", "x-amz-date", "x-request-id"].enumerated() {
                #expect(String(decoding: names.name(position, in: source), as: UTF8.self) == name)
                #expect(Array(name.utf8).withUnsafeBufferPointer { names.position(of: $0, in: source) } == position)
            }
            #expect(Array("hos".utf8).withUnsafeBufferPointer { names.position(of: $0, in: source) } == nil)
        }
        #expect(Self.names((0..<16).map { "h\($0)" }.joined(separator: ";"))?.count == 16)
        #expect(Self.names((0..<17).map { "h\($0)" }.joined(separator: ";")) == nil)
        #expect(Self.names("host;" + String(repeating: "x", count: 255))?.count == 2)
        #expect(Self.names("host;" + String(repeating: "x", count: 256)) == nil)
        #expect(Self.names("host;x-amz-date;host") == nil)
    }

    static func signed(headerCount: Int, repeats: Bool = false) throws -> SigV4Request {
        var request = SigV4Request(method: "GET", path: "/", headers: [.init("Host", "example.amazonaws.com")])
        for index in 0..<headerCount { request.appendHeader("X-Header-\(index)", "value \(index)") }
        if repeats {
            request.appendHeader("X-Multi", "one")
            request.appendHeader("x-multi", " two  words ")
        }
        return try SigV4Signer(
            credentials: credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: time).request
    }

    static func verdict(_ request: SigV4Request) -> String {
        let result = SigV4Verifier(configuration: .init(region: "us-east-1")).verify(request, now: time) { _ in stored }
        return result.failure?.code.name ?? "OK"
    }

    @Test(
        "both sides of the inline limit: valid, then each kind of tampering refused the same way",
        arguments: [3, 13, 14, 30]
    )
    func sameVerdicts(headerCount: Int) throws {
        // With Host and X-Amz-Date, 14 extra headers make 16 signed names; 30 take the walk.
        for repeats in [false, true] {
            let signed = try Self.signed(headerCount: headerCount, repeats: repeats)
            #expect(Self.verdict(signed) == "OK")

            var changed = signed
            changed.headers[changed.headerCount - 3].value += "!"
            #expect(Self.verdict(changed) == "SignatureDoesNotMatch")

            var unsigned = signed
            unsigned.appendHeader("X-Amz-Meta-Late", "1")
            #expect(Self.verdict(unsigned) == "UnsignedHeader")

            var missing = signed
            missing.removeHeaders(named: "x-header-0")
            #expect(Self.verdict(missing) == "SignedHeaderMissing")

            if repeats {
                // A repeated name's values are joined in order: a third value changes them.
                var third = signed
                third.appendHeader("X-Multi", "three")
                #expect(Self.verdict(third) == "SignatureDoesNotMatch")
                var folded = signed
                let index = try #require(folded.headers.lastIndex { $0.name == "x-multi" })
                folded.headers[index].value = "two words"
                #expect(Self.verdict(folded) == "OK", "trimming and folding are canonicalization's")
            } else {
                // A header sent twice after signing once: joined, so the signature no longer holds.
                var twice = signed
                twice.appendHeader("X-Header-0", "again")
                #expect(Self.verdict(twice) == "SignatureDoesNotMatch")
            }
        }
    }
}
