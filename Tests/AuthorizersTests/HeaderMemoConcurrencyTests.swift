import GatehouseCrypto
import Testing

@testable import Authorizers

/// The header memo's slots are atomic references to immutable entries: however many tasks
/// remember and look up at once, each slot ends holding one whole entry, no header is held
/// twice, and every lookup answers with what was remembered for exactly those bytes.
@Suite("Header memo under concurrency")
struct HeaderMemoConcurrencyTests {
    static func remember(_ memo: HeaderMemo, _ header: String, keyID: String) {
        let bytes = Array(header.utf8)
        bytes.withUnsafeBufferPointer { memo.remember($0, algorithm: .rs256, keyID: keyID) }
    }

    static func lookup(_ memo: HeaderMemo, _ header: String) -> (JWTAlgorithm, String?)? {
        let bytes = Array(header.utf8)
        return bytes.withUnsafeBufferPointer { memo.lookup($0) }
    }

    @Test("racing tasks fill each slot once, with distinct whole entries", arguments: 0..<8)
    func racingRemembers(round: Int) async {
        let memo = HeaderMemo()
        // More distinct headers than slots, each remembered by several tasks at once.
        let headers = (0..<(HeaderMemo.slotCount * 3)).map {
            "header-\(round)-\($0)-" + String(repeating: "h", count: $0 * 7)
        }
        await withTaskGroup(of: Void.self) { group in
            for copy in 0..<4 {
                for (index, header) in headers.enumerated() {
                    group.addTask {
                        Self.remember(memo, header, keyID: "kid-\(index)")
                        _ = Self.lookup(memo, headers[(index + copy) % headers.count])
                    }
                }
            }
        }
        var found = 0
        for (index, header) in headers.enumerated() {
            guard let entry = Self.lookup(memo, header) else { continue }
            found += 1
            #expect(entry.0 == .rs256)
            #expect(entry.1 == "kid-\(index)", "\(header)")
        }
        #expect(found == HeaderMemo.slotCount)
        #expect(Self.lookup(memo, "header-\(round)-0") == nil)
    }
}
