import GatehouseCore
import TestSupport
import Testing

@testable import SigV4

/// Presigned secrets (`X-Amz-Signature`, `X-Amz-Security-Token` values) never print, in any
/// spelling of their names, wherever a URL appears in the text.
@Suite("Redaction of presigned secrets in printed URLs")
struct RedactionTests {
    static let secret = "S3CRETvalue/with+chars=="

    static func escape(_ byte: UInt8, upper: Bool) -> String {
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(decoding: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// Spellings of `name` a server could read as it: each character escaped (both hex cases),
    /// all escaped, random mixes, other letter cases, and a double encoding.
    static func spellings(of name: String, seed: UInt64) -> [String] {
        let bytes = Array(name.utf8)
        var out: Set<String> = [name, name.lowercased(), name.uppercased()]
        for position in bytes.indices {
            for upper in [true, false] {
                out.insert(
                    bytes.enumerated().map { index, byte in
                        index == position ? escape(byte, upper: upper) : String(UnicodeScalar(byte))
                    }.joined()
                )
            }
        }
        out.insert(bytes.map { escape($0, upper: true) }.joined())
        out.insert(bytes.map { escape($0, upper: false) }.joined())
        out.insert(name.replacingPercent(at: 5))
        var random = SeededRandom(seed)
        for _ in 0..<40 {
            out.insert(
                bytes.map { byte -> String in
                    let cased = random.below(2) == 0 ? ByteText.lower(byte) : byte
                    switch random.below(3) {
                    case 0: return String(UnicodeScalar(cased))
                    case 1: return escape(cased, upper: true)
                    default: return escape(cased, upper: false)
                    }
                }.joined()
            )
        }
        return out.sorted()
    }

    /// The shapes a URL takes in printed text.
    static func shapes(_ pair: String) -> [String] {
        [
            "/p?\(pair)", "/p?a=1&\(pair)", "/p?\(pair)&b=2", "https://h.example/p?a=1&\(pair)&b=2#frag",
            "> GET /p?x=1&\(pair) HTTP/1.1", "error: could not reach `https://h/p?\(pair)`",
            "\"https://h/p?\(pair)\"", "(https://h/p?\(pair))", "Location: https://h/p?\(pair)", "/p?a=b;\(pair)",
            "https://h/p?\(pair)\n", "<https://h/p?\(pair)>",
        ]
    }

    @Test(
        "every spelling of the secret parameters is redacted in every URL shape",
        arguments: ["X-Amz-Signature", "X-Amz-Security-Token"]
    )
    func sweep(name: String) {
        var leaked: [String] = []
        for spelling in Self.spellings(of: name, seed: UInt64(name.count)) {
            for text in Self.shapes("\(spelling)=\(Self.secret)") {
                let redacted = Redaction.redactingQuerySecrets(in: text)
                if redacted.contains("S3CRET") || !redacted.contains("<redacted>") { leaked.append(redacted) }
            }
        }
        #expect(leaked.isEmpty, "\(leaked.count) leaked, e.g. \(leaked.prefix(3))")
    }

    /// `text` percent-encoded as a query value is (every byte outside unreserved ones escaped).
    static func encodedAsValue(_ text: String, upper: Bool) -> String {
        Array(text.utf8).map { byte -> String in
            let unreserved =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-._~".utf8.contains(byte)
            return unreserved ? String(UnicodeScalar(byte)) : escape(byte, upper: upper)
        }.joined()
    }

    @Test(
        "a presigned URL nested, percent-encoded once or twice, in another URL's query is redacted",
        arguments: ["X-Amz-Signature", "X-Amz-Security-Token"]
    )
    func nested(name: String) {
        var leaked: [String] = []
        for spelling in Self.spellings(of: name, seed: UInt64(name.count) + 7) {
            let inner = "https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKID&\(spelling)=\(Self.secret)&z=1"
            for upper in [true, false] {
                let once = Self.encodedAsValue(inner, upper: upper)
                let twice = Self.encodedAsValue(once, upper: upper)
                for value in [once, twice] {
                    for text in [
                        "https://login.example/?return_to=\(value)", "Location: /sso?a=1&next=\(value)&b=2",
                        "redirecting to `https://l/?u=\(value)`",
                    ] {
                        let redacted = Redaction.redactingQuerySecrets(in: text)
                        if redacted.contains("S3CRET") || !redacted.contains("<redacted>") { leaked.append(redacted) }
                        // The other nested parameters, before and after the secret, are kept.
                        let lower = redacted.lowercased()
                        if !redacted.contains("AKID") || !(lower.contains("z%3d1") || lower.contains("z%253d1")) {
                            leaked.append(redacted)
                        }
                    }
                }
            }
        }
        #expect(leaked.isEmpty, "\(leaked.count) leaked, e.g. \(leaked.prefix(3))")
        // Regression: the login redirect that printed the nested signature in full.
        #expect(
            Redaction.redactingQuerySecrets(
                in: "https://login.example/?return_to=https%3A%2F%2Fb%2Fk%3FX-Amz-Signature%3DLEAK%26X-Amz-Date%3D1"
            ) == "https://login.example/?return_to=https%3A%2F%2Fb%2Fk%3FX-Amz-Signature%3D<redacted>%26X-Amz-Date%3D1"
        )
    }

    @Test("other parameters and text are kept as they were")
    func keeps() {
        for text in [
            "/p?X-Amz-Credential=AKID%2F20260115%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260115T100000Z",
            "/p?X-Amz-Signatures=1&X-Amz-Signatur=2&My-X-Amz-Signature=3", "no url here", "a=b c=d",
            "/p?X-Amz-Signature", "",
        ] {
            #expect(Redaction.redactingQuerySecrets(in: text) == text)
        }
        #expect(
            Redaction.redactingQuerySecrets(in: "/p?a=1&X-Amz-Signature=abc&b=2")
                == "/p?a=1&X-Amz-Signature=<redacted>&b=2"
        )
    }

    @Test("a presigned request prints without its signature and token")
    func requestDescription() throws {
        let signed = try SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: "AKIDREDACT",
                secretAccessKey: "s",
                sessionToken: "TOKEN+secret/x="
            ),
            configuration: .init(region: "us-east-1", service: "s3", location: .query(expiresIn: 60))
        )
        .sign(
            SigV4Request(method: "GET", path: "/k", headers: [.init("Host", "b.example")]),
            at: AmzDate(iso8601: "2026-01-15T10:00:00Z")!
        )
        let text = signed.request.description
        #expect(!text.contains(signed.signature))
        #expect(!text.contains("TOKEN"))
        #expect(text.contains("X-Amz-Credential=AKIDREDACT"))
        #expect(
            Redaction.redactedValue(name: "Location", value: "https://h\(signed.request.target)").contains("TOKEN")
                == false
        )
    }
}

extension String {
    /// `name` with its `-` at `offset` written `%252D` (encoded twice).
    fileprivate func replacingPercent(at offset: Int) -> String {
        var characters = Array(self)
        guard characters.indices.contains(offset) else { return self }
        let character = characters[offset]
        characters.remove(at: offset)
        let encoded = "%25" + String(format2: character.asciiValue ?? 0)
        return String(characters[..<offset]) + encoded + String(characters[offset...])
    }

    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
