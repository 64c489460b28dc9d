import Authorizers
import GatehouseCrypto
import Testing

@Suite("JWT verification")
struct JWTVerifierTests {
    static let now = 1_768_471_200.0  // 2026-01-15T10:00:00Z

    @Test func placeholder() {
        #expect(JWTAlgorithm(rawValue: "none") == nil)
    }
}
