import GatewayConfig
import Testing

@Suite("API ids")
struct APIIdentifierTests {
    @Test(arguments: ["a1b2c3d4e5", "0000000000", "zzzzzzzzzz"])
    func valid(_ text: String) {
        #expect(APIIdentifier(text)?.text == text)
    }

    @Test(arguments: ["", "a1b2c3d4e", "a1b2c3d4e5f", "A1B2C3D4E5", "a1b2c3d4-5", "a1b2c3d4é", "a1b2c3d4e\u{0}"])
    func invalid(_ text: String) {
        #expect(APIIdentifier(text) == nil)
    }

    @Test func sameNameSameID() async throws {
        let assigner = InMemoryAPIIdentifierAssigner(seed: 1)
        let first = try await assigner.identifier(forAPINamed: "pets")
        let again = try await assigner.identifier(forAPINamed: "pets")
        let other = try await assigner.identifier(forAPINamed: "orders")
        #expect(first == again)
        #expect(first != other)
    }

    @Test func seededIDsRepeatAndAreDistinct() async throws {
        let one = InMemoryAPIIdentifierAssigner(seed: 42)
        let two = InMemoryAPIIdentifierAssigner(seed: 42)
        var seen: Set<APIIdentifier> = []
        for index in 0..<500 {
            let id = try await one.identifier(forAPINamed: "api-\(index)")
            #expect(try await two.identifier(forAPINamed: "api-\(index)") == id)
            #expect(APIIdentifier(id.text) == id)
            seen.insert(id)
        }
        #expect(seen.count == 500)
    }

    @Test func preassignedIDsAreKept() async throws {
        let fixed = APIIdentifier("abcdefghij")!
        let assigner = InMemoryAPIIdentifierAssigner(seed: 0, preassigned: ["pets": fixed])
        #expect(try await assigner.identifier(forAPINamed: "pets") == fixed)
        #expect(try await assigner.identifier(forAPINamed: "other") != fixed)
    }
}
