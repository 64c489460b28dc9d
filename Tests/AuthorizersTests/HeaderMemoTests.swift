import GatehouseCore
import GatehouseCrypto
import Testing

@testable import Authorizers

/// The verifier remembers the headers of tokens that verified; what it remembers must never
/// change a verdict: the signature is always checked, forged tokens are not remembered, and a
/// remembered header reads exactly as a freshly parsed one.
@Suite("Header memo")
struct HeaderMemoTests {
    static let now: Timestamp = 1_768_471_200  // 2026-01-15T10:00:00Z
    static let claims = #"{"iss":"https://issuer.example.com","exp":1768474800}"#
    static let secret = [UInt8](repeating: 0x5a, count: 32)
    static let otherSecret = [UInt8](repeating: 0x33, count: 32)

    static func segment(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer(body)
    }

    @Test func remembersAndFindsHeadersByTheirBytes() {
        let memo = HeaderMemo()
        Self.segment("eyJhbGciOiJIUzI1NiJ9") { #expect(memo.lookup($0) == nil) }
        Self.segment("eyJhbGciOiJIUzI1NiJ9") { memo.remember($0, algorithm: .hs256, keyID: nil) }
        Self.segment("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0") { memo.remember($0, algorithm: .rs256, keyID: "k1") }
        Self.segment("eyJhbGciOiJIUzI1NiJ9") {
            #expect(memo.lookup($0)?.0 == .hs256)
            #expect(memo.lookup($0).map { $0.1 == nil } == true)
        }
        Self.segment("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0") {
            #expect(memo.lookup($0)?.0 == .rs256)
            #expect(memo.lookup($0)?.1 == "k1")
        }
        // One byte different, one shorter: not found.
        Self.segment("eyJhbGciOiJIUzI1NiJ8") { #expect(memo.lookup($0) == nil) }
        Self.segment("eyJhbGciOiJIUzI1NiJ") { #expect(memo.lookup($0) == nil) }
    }

    @Test func holdsAFewHeadersAndNoLongOnes() {
        let memo = HeaderMemo()
        let headers = (0..<(HeaderMemo.slotCount + 2)).map { "header-\($0)" }
        for header in headers { Self.segment(header) { memo.remember($0, algorithm: .es256, keyID: header) } }
        for (index, header) in headers.enumerated() {
            Self.segment(header) { segment in
                let found = memo.lookup(segment)
                #expect((found != nil) == (index < HeaderMemo.slotCount), "\(header)")
                if let found { #expect(found.1 == header) }
            }
        }
        let long = String(repeating: "a", count: HeaderMemo.maxSegmentBytes + 1)
        let roomy = HeaderMemo()
        Self.segment(long) { roomy.remember($0, algorithm: .hs256, keyID: nil) }
        Self.segment(long) { #expect(roomy.lookup($0) == nil) }
    }

    @Test func concurrentRemembersOfOneHeaderTakeOneSlot() async {
        let memo = HeaderMemo()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask { Self.segment("same") { memo.remember($0, algorithm: .hs256, keyID: "k") } }
            }
        }
        for index in 1..<HeaderMemo.slotCount {
            Self.segment("other-\(index)") { memo.remember($0, algorithm: .hs384, keyID: nil) }
        }
        Self.segment("same") { #expect(memo.lookup($0)?.1 == "k") }
        for index in 1..<HeaderMemo.slotCount {
            Self.segment("other-\(index)") { #expect(memo.lookup($0)?.0 == .hs384, "other-\(index)") }
        }
    }

    /// Through the verifier: a remembered header still has its signature checked, a forged token
    /// is not remembered, and verdicts equal a fresh verifier's.
    @Test func verdictsDoNotDependOnTheMemo() throws {
        let keys = JWKSet(keys: [try VerificationKey(secret: Self.secret, algorithm: .hs256, keyID: "hs")])
        let genuine = try JWTMinter(algorithm: "HS256", key: Self.secret).mint(claimsJSON: Self.claims, keyID: "hs")
        let forged = try JWTMinter(algorithm: "HS256", key: Self.otherSecret).mint(
            claimsJSON: Self.claims,
            keyID: "hs"
        )
        let expired = try JWTMinter(algorithm: "HS256", key: Self.secret).mint(
            claimsJSON: #"{"exp":1768470000}"#,
            keyID: "hs"
        )
        let verifier = JWTVerifier()
        func verdict(_ verifier: JWTVerifier, _ token: String) -> String {
            switch verifier.verify(token, keys: keys, now: Self.now) {
            case .success(let verified): return "ok \(verified.algorithm) \(verified.keyID ?? "-")"
            case .failure(let error): return error.code.name
            }
        }
        // The forged token has the genuine one's header: refused, and nothing remembered.
        let header = String(genuine.prefix { $0 != "." })
        #expect(header == String(forged.prefix { $0 != "." }))
        #expect(verdict(verifier, forged) == "badSignature")
        Self.segment(header) { #expect(verifier.headerMemo.lookup($0) == nil) }
        #expect(verdict(verifier, genuine) == "ok HS256 hs")
        Self.segment(header) { #expect(verifier.headerMemo.lookup($0)?.1 == "hs") }
        for token in [genuine, forged, expired, genuine] {
            #expect(verdict(verifier, token) == verdict(JWTVerifier(), token), "\(token.prefix(20))")
        }
        #expect(verdict(verifier, forged) == "badSignature")
        #expect(verdict(verifier, expired) == "expired")
    }
}
