import Foundation
import GatehouseCore
import TestSupport
import Testing

@testable import SigV4

/// Presigned URLs: the parser and the canonical query judge parameter names by the same decoded
/// bytes, so no spelling of a reserved `X-Amz-*` name can be skipped by one and excluded (or
/// read) by the other. Another spelling of a reserved name, or a second one, is refused.
@Suite("Presigned URLs: reserved parameter names")
struct PresignReservedNameTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDPRESIGNNAMES",
        secretAccessKey: "presign-names-secret",
        sessionToken: "token+with/slash=="
    )
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("p", account: "000000000000")
    )
    static let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))

    static let names = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Region-Set",
    ]

    static func presigned(_ algorithm: SigningAlgorithm) throws -> SigV4Request {
        let request = SigV4Request(
            method: "GET",
            path: "/prod/items",
            query: "limit=10",
            headers: [.init("Host", "h.example")]
        )
        return try SigV4Signer(
            credentials: credentials,
            configuration: .init(
                region: "us-east-1",
                service: "execute-api",
                algorithm: algorithm,
                location: .query(expiresIn: 300)
            )
        )
        .sign(request, at: time).request
    }

    static func verify(_ request: SigV4Request) -> SigV4Verification {
        verifier.verify(request, now: time) { _ in stored }
    }

    /// `byte` as `%XX`, in upper- or lowercase hex.
    static func escape(_ byte: UInt8, upper: Bool) -> String {
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(decoding: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// Every spelling of `name` other than itself that decodes to it: each single character
    /// escaped (both hex cases), everything escaped (both cases), and random mixes of raw,
    /// upper- and lowercase escapes.
    static func encodedSpellings(of name: String, seed: UInt64) -> [String] {
        let bytes = Array(name.utf8)
        var out: Set<String> = []
        for position in bytes.indices {
            for upper in [true, false] {
                var text = ""
                for (index, byte) in bytes.enumerated() {
                    text += index == position ? escape(byte, upper: upper) : String(UnicodeScalar(byte))
                }
                out.insert(text)
            }
        }
        out.insert(bytes.map { escape($0, upper: true) }.joined())
        out.insert(bytes.map { escape($0, upper: false) }.joined())
        var random = SeededRandom(seed)
        while out.count < bytes.count * 2 + 2 + 60 {
            out.insert(
                bytes.map { byte in
                    switch random.below(3) {
                    case 0: return String(UnicodeScalar(byte))
                    case 1: return escape(byte, upper: true)
                    default: return escape(byte, upper: false)
                    }
                }.joined()
            )
        }
        out.remove(name)
        return out.sorted()
    }

    /// Other letter cases of `name`, raw and escaped.
    static func caseSpellings(of name: String) -> [String] {
        var out: Set<String> = [
            name.lowercased(), name.uppercased(), escape(UInt8(ascii: "x"), upper: true) + name.dropFirst(),
        ]
        out.insert(String(name.dropLast()) + String(name.last!).uppercased())
        out.remove(name)
        return out.sorted()
    }

    @Test("the genuine presigned URLs verify", arguments: [SigningAlgorithm.sigV4, .sigV4a])
    func genuine(algorithm: SigningAlgorithm) throws {
        let request = try Self.presigned(algorithm)
        #expect(Self.verify(request).isValid)
        // A literal `+` in a value reads as the same plus the signer encoded (`%2B`).
        var plus = request
        plus.query = plus.query.replacingOccurrences(of: "%2B", with: "+")
        #expect(plus.query != request.query)
        #expect(Self.verify(plus).isValid)
    }

    @Test("regression: an extra X-Amz-Signatur%65 is refused")
    func regression() throws {
        var request = try Self.presigned(.sigV4)
        request.query += "&X-Amz-Signatur%65=x"
        let failure = Self.verify(request).failure
        #expect(failure?.code == .incompleteSignature)
        #expect(failure?.message.contains("X-Amz-Signatur%65") == true)
    }

    @Test(
        "every escaped or re-cased spelling of every reserved name, added or replacing, is refused",
        arguments: names
    )
    func spellings(name: String) throws {
        let algorithm: SigningAlgorithm = name == "X-Amz-Region-Set" ? .sigV4a : .sigV4
        let genuine = try Self.presigned(algorithm)
        #expect(genuine.query.contains("\(name)="))
        let spellings =
            Self.encodedSpellings(of: name, seed: UInt64(name.utf8.count)) + Self.caseSpellings(of: name)
        var accepted: [String] = []
        for spelling in spellings {
            // Extra, before and after the genuine parameters, with the genuine value or another.
            let value = genuine.query.split(separator: "&").first { $0.hasPrefix("\(name)=") }!.dropFirst(
                name.count + 1
            )
            for extra in ["&\(spelling)=\(value)", "&\(spelling)=x", "&\(spelling)"] {
                var request = genuine
                request.query += extra
                if Self.verify(request).isValid { accepted.append("appended \(extra)") }
                request = genuine
                request.query = String(extra.dropFirst()) + "&" + genuine.query
                if Self.verify(request).isValid { accepted.append("prepended \(extra)") }
            }
            // In place of the genuine name.
            var replaced = genuine
            replaced.query = genuine.query.replacingOccurrences(of: "\(name)=", with: "\(spelling)=")
            if Self.verify(replaced).isValid { accepted.append("replacing: \(spelling)") }
        }
        // The exact name twice.
        var twice = genuine
        twice.query += "&\(name)=x"
        let failure = Self.verify(twice).failure
        #expect(failure?.code == .incompleteSignature)
        #expect(accepted.isEmpty, "\(accepted.count) of \(spellings.count * 7) accepted: \(accepted.prefix(5))")
    }

    @Test("a `+` can never spell a reserved name: such a parameter is signed like any other", arguments: names)
    func plus(name: String) throws {
        let algorithm: SigningAlgorithm = name == "X-Amz-Region-Set" ? .sigV4a : .sigV4
        let genuine = try Self.presigned(algorithm)
        for spelling in [name + "+", "+" + name, name.replacingOccurrences(of: "-", with: "+")] {
            var request = genuine
            request.query += "&\(spelling)=x"
            #expect(Self.verify(request).failure?.code == .signatureDoesNotMatch, "\(spelling)")
        }
    }

    @Test("X-Amz-Algorithm is found by its decoded name, as the canonical query reads it")
    func algorithmDetection() throws {
        let query = Array("a=1&X-Amz-Algorith%6d=AWS4-HMAC-SHA256&b".utf8)
        let found = query.withUnsafeBufferPointer { AuthorizationParser.queryHasKey($0, "X-Amz-Algorithm") }
        #expect(found)
        for other in ["X-Amz-Algorith", "X-Amz-Algorithm%", "X-Amz-Algorithm%6", "X-Amz-Algorithmx", "Y-Amz-Algorithm"]
        {
            let bytes = Array("\(other)=1".utf8)
            #expect(
                !bytes.withUnsafeBufferPointer { AuthorizationParser.queryHasKey($0, "X-Amz-Algorithm") },
                "\(other)"
            )
        }
        // An Authorization header together with an escaped X-Amz-Algorithm: both mechanisms, refused.
        var request = SigV4Request(method: "GET", path: "/", headers: [.init("Host", "h.example")])
        request = try SigV4Signer(
            credentials: AWSCredentials(accessKeyId: "AKIDPRESIGNNAMES", secretAccessKey: "presign-names-secret"),
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        .sign(request, at: Self.time).request
        request.query = "X-Amz-Algorith%6D=AWS4-HMAC-SHA256"
        #expect(Self.verify(request).failure?.code == .incompleteSignature)
    }

    @Test("the signer refuses to presign a URL that already carries a presigning parameter", arguments: names)
    func signerRefuses(name: String) throws {
        let signer = try SigV4Signer(
            credentials: Self.credentials,
            configuration: .init(region: "us-east-1", service: "execute-api", location: .query(expiresIn: 300))
        )
        for spelling in [name, name.lowercased(), Self.escape(Array(name.utf8)[0], upper: false) + name.dropFirst()] {
            let request = SigV4Request(
                method: "GET",
                path: "/p",
                query: "a=1&\(spelling)=x",
                headers: [.init("Host", "h.example")]
            )
            #expect(throws: SigV4Error(.malformedURL, "")) { try signer.sign(request, at: Self.time) }
        }
        // Header signing leaves the query alone (its parameters are signed like any other).
        let header = try SigV4Signer(
            credentials: Self.credentials,
            configuration: .init(region: "us-east-1", service: "execute-api")
        )
        let request = SigV4Request(method: "GET", path: "/p", query: "\(name)=x", headers: [.init("Host", "h.example")])
        #expect(throws: Never.self) { try header.sign(request, at: Self.time) }
    }
}
