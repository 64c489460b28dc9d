import GatehouseCore
import Testing

@testable import SigV4

/// Every write into a ``RequestStorage`` block is checked against its capacity: blocks filled
/// exactly to their size work, requests grow past any reservation, and a write past the block
/// stops the process instead of overrunning the heap.
@Suite("Request storage limits")
struct RequestStorageLimitsTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a block filled exactly to its capacity reads back what was written", arguments: [0, 1, 7, 64, 1_000])
    func exactlyFull(fields: Int) {
        let names = (0..<fields).map { "X-Name-\($0)" }
        let values = (0..<fields).map { String(repeating: "v", count: $0 % 97) }
        var total = 3 + 1 + 0
        for index in 0..<fields {
            total += RequestStorage.fieldBytes(name: names[index].utf8.count, value: values[index].utf8.count)
        }
        let storage = RequestStorage.make(fields: fields, bytes: total)
        Self.bytes("GET").withUnsafeBufferPointer { method in
            Self.bytes("/").withUnsafeBufferPointer { path in
                storage.setRequestLine(method: method, path: path, query: UnsafeBufferPointer(start: nil, count: 0))
            }
        }
        for index in 0..<fields {
            Self.bytes(names[index]).withUnsafeBufferPointer { name in
                Self.bytes(values[index]).withUnsafeBufferPointer { value in
                    storage.appendField(name: name, value: value)
                }
            }
        }
        #expect(storage.layout.byteCount == total)
        #expect(storage.layout.fieldCount == fields)
        #expect(!storage.hasRoom(fields: 1, bytes: 0))
        #expect(!storage.hasRoom(fields: 0, bytes: 1))
        for index in 0..<fields {
            #expect(storage.originalName(index) == names[index])
            #expect(storage.value(index) == values[index])
        }
    }

    @Test("a request grows past any reservation: 2,000 headers of up to 8 KiB each")
    func growsPastReservations() {
        var request = SigV4Request(method: "PUT", path: "/p", query: "a=b", headers: [.init("Host", "example.com")])
        request.reserveHeaderCapacity(fields: 1, bytes: 8)
        var expected: [SigV4Request.Header] = [.init("Host", "example.com")]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for index in 0..<2_000 {
                let value = String(repeating: "x", count: (index * 37) % 8_192)
                request.appendHeader("X-Header-\(index)", value)
                expected.append(.init("X-Header-\(index)", value))
            }
        }
        #expect(request.headers == expected)
        #expect(request.method == "PUT" && request.path == "/p" && request.query == "a=b")
        #expect(elapsed < .seconds(10))
    }

    @Test("a field written past the block stops the process (a precondition, not a comment)")
    func overrunTraps() async {
        await #expect(processExitsWith: .failure) {
            let storage = RequestStorage.make(fields: 1, bytes: 4)
            [UInt8]("Name".utf8).withUnsafeBufferPointer { name in
                storage.appendField(name: name, value: name)
            }
        }
        await #expect(processExitsWith: .failure) {
            let storage = RequestStorage.make(fields: 0, bytes: 64)
            [UInt8]("A".utf8).withUnsafeBufferPointer { name in
                storage.appendField(name: name, value: name)
            }
        }
        await #expect(processExitsWith: .failure) {
            let storage = RequestStorage.make(fields: 0, bytes: 2)
            [UInt8]("GET".utf8).withUnsafeBufferPointer { text in _ = storage.appendText(text) }
        }
    }
}
