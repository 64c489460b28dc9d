import Testing

@testable import Gateway

@Suite("PrefetchedRandom: the kernel's random words, fetched eight at a time")
struct PrefetchedRandomTests {
    /// Past one buffer and into the next: every word fresh (a repeat of a 64-bit random word, or
    /// a refill that served stale or zeroed words, shows as a duplicate or a zero).
    @Test("words across refills are all distinct and never the zeroed buffer")
    func distinctAcrossRefills() {
        var generator = PrefetchedRandom()
        let words = (0..<100).map { _ in generator.next() }
        #expect(Set(words).count == words.count)
        #expect(!words.contains(0))
    }

    /// Two generators never share a buffer: each request's identifiers are its own.
    @Test("two generators give different words")
    func independent() {
        var first = PrefetchedRandom()
        var second = PrefetchedRandom()
        #expect((0..<8).map { _ in first.next() } != (0..<8).map { _ in second.next() })
    }

    /// The identifiers made from it have the shapes the access log and responses carry.
    @Test("request identifiers from it are version-4 UUIDs")
    func identifiers() {
        var generator = PrefetchedRandom()
        let ids = RequestIdentifiers.make(using: &generator)
        let text = ids.requestID
        #expect(text.utf8.count == 36)
        #expect(Array(text.utf8)[14] == UInt8(ascii: "4"))
    }
}
