import GatehouseCore
import TestSupport
import Testing

@testable import SigV4

/// SigV4a region sets are client-supplied text read before any signature check: matched without
/// backtracking, bounded in size, and judged only after the clock window.
@Suite("SigV4a region sets")
struct RegionSetTests {
    static let time = AmzDate(iso8601: "2026-01-15T10:00:00Z")!
    static let credentials = AWSCredentials(accessKeyId: "AKIDREGIONSET", secretAccessKey: "region-set-secret")
    // A literal known-good principal (PrincipalTests.fixtureUsers parses it).
    static let stored = SigV4StoredCredential(
        credentials: credentials,
        principal: try! .user("r", account: "000000000000")
    )

    /// A reference matcher: dynamic programming over (pattern prefix, text prefix), exact for
    /// `*` (any run) and literal bytes.
    static func reference(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var row = [Bool](repeating: false, count: text.count + 1)
        row[0] = true
        for byte in pattern {
            var next = [Bool](repeating: false, count: text.count + 1)
            if byte == UInt8(ascii: "*") {
                var any = false
                for index in 0...text.count {
                    any = any || row[index]
                    next[index] = any
                }
            } else {
                for index in 0..<text.count where row[index] && text[index] == byte { next[index + 1] = true }
            }
            row = next
        }
        return row[text.count]
    }

    /// Signs a SigV4a request with `regionSet` as its `X-Amz-Region-Set` (header or parameter).
    static func signed(regionSet: String, presigned: Bool, at time: AmzDate = time) throws -> SigV4Request {
        let request = SigV4Request(method: "GET", path: "/prod/items", headers: [.init("Host", "h.example")])
        return try SigV4Signer(
            credentials: credentials,
            configuration: .init(
                region: regionSet,
                service: "execute-api",
                algorithm: .sigV4a,
                location: presigned ? .query(expiresIn: 300) : .header
            )
        )
        .sign(request, at: time).request
    }

    static let verifier = SigV4Verifier(configuration: .init(region: "us-east-1"))

    @Test(
        "wildcards match as a reference matcher does, on random patterns and texts",
        arguments: [UInt64(1), 2, 3, 4]
    )
    func randomPatterns(seed: UInt64) {
        var random = SeededRandom(seed)
        let alphabet = Array("ab*".utf8)
        for _ in 0..<4_000 {
            let pattern = (0..<random.below(12)).map { _ in alphabet[random.below(3)] }
            let text = (0..<random.below(10)).map { _ in alphabet[random.below(2)] }
            #expect(
                RegionSet.matches(pattern[...], text[...]) == Self.reference(pattern, text),
                "\(String(decoding: pattern, as: UTF8.self)) vs \(String(decoding: text, as: UTF8.self))"
            )
        }
    }

    @Test(
        "known sets cover or miss us-east-1",
        arguments: [
            ("*", true), ("us-east-1", true), ("us-*", true), ("*-1", true), ("u*t*1", true),
            ("us-west-2,us-east-1", true),
            (" us-east-1 ", true), ("us-*-1,eu-west-1", true), ("**us**east**", true), ("us-east-1*", true),
            ("eu-*", false), ("us-east-2", false), ("us-east-1x", false), ("*x*", false), ("", false), (",,", false),
            ("us-east", false), ("*-2", false),
        ]
    )
    func knownSets(set: String, covers: Bool) {
        #expect(RegionSet.covers(set, region: "us-east-1") == covers)
    }

    /// The adversarial shapes that made the old backtracking matcher take seconds: many stars
    /// with a text that almost matches, at the entry limit, and many such entries.
    static let adversarial: [String] = {
        let entry = Array(repeating: "*u", count: 31).joined() + "x"  // 63 bytes, 31 stars
        let stars = String(repeating: "*", count: 63) + "x"
        let allEntries = Array(repeating: entry, count: RegionSet.maxEntries).joined(separator: ",")
        return [
            entry, stars, String(repeating: "*a", count: 32), String(repeating: "*", count: 64),
            Array(repeating: stars, count: 31).joined(separator: ","),
            String(allEntries.utf8.prefix(RegionSet.maxBytes))!,
        ]
    }()

    @Test("adversarial wildcard sets are judged in bounded time", arguments: adversarial)
    func adversarialTime(set: String) {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<200 { _ = RegionSet.judge(set, region: "us-east-1-us-east-1-us-east-1-uuuuuuuuuuuuuuuuu") }
        }
        #expect(elapsed < Duration.milliseconds(500).scaledForSanitizers, "200 judgements took \(elapsed)")
    }

    @Test("sets at the limits are read; one entry, byte or entry length more is refused")
    func limits() {
        let entries = Array(repeating: "eu-west-1", count: RegionSet.maxEntries - 1) + ["us-east-1"]
        #expect(RegionSet.judge(entries.joined(separator: ","), region: "us-east-1") == .covers)
        let oneMore = entries + ["us-east-1"]
        guard case .tooLarge(let message) = RegionSet.judge(oneMore.joined(separator: ","), region: "us-east-1") else {
            Issue.record("65 entries were read")
            return
        }
        #expect(message.contains("\(RegionSet.maxEntries) entries"))

        let longest = String(repeating: "u", count: RegionSet.maxEntryBytes - 1) + "*"
        #expect(RegionSet.judge(longest, region: "us-east-1") == .doesNotCover)
        #expect(RegionSet.judge("*" + longest, region: "us-east-1") != .doesNotCover)
        #expect(RegionSet.judge("*" + longest, region: "us-east-1") != .covers)

        let wide = String(repeating: " ", count: RegionSet.maxBytes - 9) + "us-east-1"
        #expect(RegionSet.judge(wide, region: "us-east-1") == .covers)
        #expect(RegionSet.judge(" " + wide, region: "us-east-1") != .covers)
    }

    @Test("SigV4a requests verify with region-set wildcards, header and presigned", arguments: [false, true])
    func verifies(presigned: Bool) throws {
        for set in ["*", "us-east-1", "us-*", "eu-west-1,us-*-1", "*-east-*"] {
            let request = try Self.signed(regionSet: set, presigned: presigned)
            #expect(Self.verifier.verify(request, now: Self.time) { _ in Self.stored }.isValid, "\(set)")
        }
        for set in ["eu-*", "us-west-2", "us-east-1x"] {
            let request = try Self.signed(regionSet: set, presigned: presigned)
            #expect(
                Self.verifier.verify(request, now: Self.time) { _ in Self.stored }.failure?.code == .invalidRegion,
                "\(set)"
            )
        }
    }

    @Test("an adversarial region set is refused quickly through the verifier", arguments: [false, true])
    func adversarialRequest(presigned: Bool) throws {
        let set = Array(repeating: String(repeating: "*", count: 40) + "x", count: 40).joined(separator: ",")
        let request = try Self.signed(regionSet: set, presigned: presigned)
        let clock = ContinuousClock()
        var failure: SigV4Failure? = nil
        let elapsed = clock.measure {
            for _ in 0..<50 { failure = Self.verifier.verify(request, now: Self.time) { _ in Self.stored }.failure }
        }
        #expect(failure?.code == .invalidRegion)
        #expect(elapsed < .seconds(1), "50 verifications took \(elapsed)")
        // Over the entry limit: refused by size, not scanned.
        let many = Array(repeating: "us-*", count: RegionSet.maxEntries + 1).joined(separator: ",")
        let refused = Self.verifier.verify(try Self.signed(regionSet: many, presigned: presigned), now: Self.time) {
            _ in Self.stored
        }
        #expect(refused.failure?.code == .invalidRegion)
        #expect(refused.failure?.message.contains("entries") == true)
    }

    @Test("the clock window is checked before the region set", arguments: [false, true])
    func clockFirst(presigned: Bool) throws {
        let stale = AmzDate(iso8601: "2026-01-14T10:00:00Z")!
        let bad = Array(repeating: "*x", count: 30).joined()
        let request = try Self.signed(regionSet: bad, presigned: presigned, at: stale)
        let failure = Self.verifier.verify(request, now: Self.time) { _ in Self.stored }.failure
        #expect(failure?.code == (presigned ? .requestExpired : .signatureExpired))
        let early = try Self.signed(regionSet: bad, presigned: presigned, at: AmzDate(iso8601: "2026-01-15T11:00:00Z")!)
        #expect(
            Self.verifier.verify(early, now: Self.time) { _ in Self.stored }.failure?.code == .signatureNotYetCurrent
        )
    }
}
