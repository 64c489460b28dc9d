import GatehouseCrypto
import TestSupport
import Testing

@testable import Authorizers

/// The flat reader's block is written only within its capacity (preconditions in
/// ``FlatJSONObject``): documents up to its 64 KiB limit, with as many members as fit, read back
/// whole, from bytes and from a base64url segment decoded straight into the block.
@Suite("Flat JSON object limits")
struct FlatJSONObjectLimitsTests {
    /// `{"k0":0,"k1":0,…}` padded with spaces to exactly `size` bytes.
    static func document(size: Int) -> (bytes: [UInt8], keys: [String]) {
        var keys: [String] = []
        var text = "{"
        while true {
            let member = "\(keys.isEmpty ? "" : ",")\"k\(keys.count)\":0"
            guard text.utf8.count + member.utf8.count + 1 <= size else { break }
            text += member
            keys.append("k\(keys.count)")
        }
        text += String(repeating: " ", count: size - text.utf8.count - 1) + "}"
        return (Array(text.utf8), keys)
    }

    @Test(
        "documents up to 64 KiB − 1 read whole; 64 KiB is declined",
        arguments: [2, 5, 16, 17, 1_000, 65_534, 65_535, 65_536]
    )
    func upToTheLimit(size: Int) throws {
        let (bytes, keys) = Self.document(size: size)
        #expect(bytes.count == size)
        let clock = ContinuousClock()
        var read: FlatJSONObject?
        var decoded: FlatJSONObject.Decoded = .notBase64
        let elapsed = clock.measure {
            read = FlatJSONObject(bytes)
            let segment = Array(Base64.encodeURL(bytes).utf8)
            decoded = segment.withUnsafeBufferPointer { FlatJSONObject.decode(jwsSegment: $0, maxBytes: 1 << 17) }
        }
        // 64 KiB took 0.31 s in a debug build, 1.6 s under AddressSanitizer alone and 5.1 s in the
        // whole AddressSanitizer run (two cores shared with every other suite): scaled for it.
        #expect(elapsed < Duration.seconds(5).scaledForSanitizers, "took \(elapsed)")
        guard size < 65_536 else {
            #expect(read == nil)
            if case .flat = decoded { Issue.record("a 64 KiB document was read flat") }
            return
        }
        let flat = try #require(read)
        #expect(flat.members.map(flat.key) == keys)
        #expect(flat.bytes == bytes)
        guard case .flat(let fromSegment) = decoded else {
            Issue.record("\(size) bytes: the segment was not read")
            return
        }
        #expect(fromSegment.members.map(fromSegment.key) == keys)
        #expect(fromSegment.bytes == bytes)
    }
}
