import Foundation
import GatehouseCrypto
import SigV4
import Testing

@Suite("SigV4 conformance suite (aws-c-auth)")
struct ConformanceTests {
    @Test("the suite is present and complete")
    func suiteIsComplete() throws {
        #expect(try ConformanceCase.all("v4").count == 76)
        #expect(try ConformanceCase.all("v4a").count == 76)
    }

    @Test(
        "v4: canonical request, string to sign and signature are byte-equal",
        arguments: try ConformanceCase.all("v4")
    )
    func v4(_ suiteCase: ConformanceCase) throws {
        let signer = try SigV4Signer(credentials: suiteCase.credentials(), configuration: suiteCase.configuration())
        let signed = try signer.sign(suiteCase.request(), at: suiteCase.date())
        let prefix = suiteCase.mode.rawValue
        #expect(signed.canonicalRequest == (try suiteCase.text("\(prefix)-canonical-request.txt")))
        #expect(signed.stringToSign == (try suiteCase.text("\(prefix)-string-to-sign.txt")))
        #expect(signed.signature == (try suiteCase.text("\(prefix)-signature.txt")))
        Self.expectConsistentParts(signed)
    }

    /// The signed-headers list is the canonical request's second-to-last line, and with the
    /// signature it is what the `Authorization` value (or the presigned URL) carries.
    static func expectConsistentParts(_ signed: SignedRequest) {
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 2 && String(lines[lines.count - 2]) == signed.signedHeaders)
        if let authorization = signed.authorization {
            #expect(authorization.hasSuffix(", SignedHeaders=\(signed.signedHeaders), Signature=\(signed.signature)"))
        } else {
            #expect(signed.request.query.contains("X-Amz-Signature=\(signed.signature)"))
        }
    }

    @Test(
        "v4a: canonical request and string to sign are byte-equal, the signature verifies",
        arguments: try ConformanceCase.all("v4a")
    )
    func v4a(_ suiteCase: ConformanceCase) throws {
        let signer = try SigV4Signer(credentials: suiteCase.credentials(), configuration: suiteCase.configuration())
        let signed = try signer.sign(suiteCase.request(), at: suiteCase.date())
        let prefix = suiteCase.mode.rawValue
        #expect(signed.canonicalRequest == (try suiteCase.text("\(prefix)-canonical-request.txt")))
        #expect(signed.stringToSign == (try suiteCase.text("\(prefix)-string-to-sign.txt")))

        Self.expectConsistentParts(signed)

        let publicKey = try suiteCase.publicKey()
        let ours = try #require(Hex.decode(signed.signature))
        #expect(publicKey.isValidSignature(ours, for: signed.stringToSignBytes))
        // The suite's own stored signature verifies against the same string to sign.
        let stored = try #require(Hex.decode(try suiteCase.text("\(prefix)-signature.txt")))
        #expect(publicKey.isValidSignature(stored, for: signed.stringToSignBytes))
        // And our derived key is the suite's key.
        let derived = try SigV4aKeyDerivation.privateKey(
            accessKeyId: suiteCase.credentials().accessKeyId,
            secretAccessKey: suiteCase.credentials().secretAccessKey
        )
        #expect(derived.publicKey.uncompressedPoint == publicKey.uncompressedPoint)
    }
}

extension ConformanceCase {
    func publicKey() throws -> P256PublicKey {
        let json = try JSONSerialization.jsonObject(with: Data(text("public-key.json").utf8)) as! [String: String]
        return try P256PublicKey(x: Hex.decode(json["X"]!)!, y: Hex.decode(json["Y"]!)!)
    }
}
