import GatehouseCore
import IAMPolicy
import TestSupport
import Testing

/// `Timestamp(policyDate:)` (integer calendar arithmetic, GatehouseCore's `CivilTime`) against
/// `PolicyInstant` (the same grammar over Foundation's Gregorian calendar) on seeded, bounded,
/// generated date strings, valid and invalid: both refuse, or both read the same instant.
///
/// Before 1582-10-15 the two disagree, deliberately: Foundation's Gregorian calendar is Julian
/// there (ICU's hybrid), ISO 8601's is proleptic Gregorian. A first run over years 0000…9999 (5
/// seeds × 20,000 strings) found 4,296 disagreements, every one a year before 1583; the
/// generator now stays in 1583…9999 (a candidate a mutation moves before it is skipped) and
/// ``julianYearsAreGregorianNow()`` pins the fix.
@Suite("Date condition values: CivilTime against Foundation's calendar")
struct PolicyDateDifferentialTests {
    /// One candidate: a well-formed value with random fields (often out of range), then maybe a
    /// mutation (a byte replaced, inserted or removed).
    static func candidate(_ rng: inout SeededRandom) -> String {
        func pick(_ options: [String]) -> String { options[rng.below(options.count)] }
        func number(_ width: Int, below bound: Int) -> String {
            let value = String(rng.below(bound))
            return String(repeating: "0", count: max(0, width - value.count)) + value
        }
        var text: String
        switch rng.below(10) {
        case 0:
            // Epoch seconds, signed or not, around the 12-byte limit.
            let digits = String((0..<(1 + rng.below(14))).map { _ in Character(String(rng.below(10))) })
            text = pick(["", "", "-", "+", " "]) + digits
        default:
            // Years 1583…9999 (where both calendars are Gregorian), the edges and leap centuries,
            // and 0000, which both refuse.
            let year =
                rng.below(4) == 0
                ? pick(["0000", "1583", "1600", "1900", "1970", "2000", "2100", "9999"])
                : String(1583 + rng.below(8_417))
            let month = rng.below(8) == 0 ? pick(["00", "13", "1", "99"]) : number(2, below: 13)
            let day = rng.below(8) == 0 ? pick(["00", "32", "29", "30", "31", "3"]) : number(2, below: 32)
            text = "\(year)-\(month)-\(day)"
            if rng.below(4) != 0 {
                text += pick(["T", "T", "t", " ", "x"])
                text += rng.below(10) == 0 ? pick(["24", "1", "99"]) : number(2, below: 24)
                text += ":" + (rng.below(10) == 0 ? pick(["60", "5"]) : number(2, below: 60))
                if rng.below(3) != 0 {
                    text += ":" + (rng.below(10) == 0 ? pick(["60", "61", "5"]) : number(2, below: 60))
                    if rng.below(3) == 0 {
                        text += "." + String((0..<rng.below(12)).map { _ in Character(String(rng.below(10))) })
                    }
                }
                switch rng.below(8) {
                case 0: break
                case 1: text += pick(["Z", "z"])
                case 2: text += pick(["+", "-"]) + number(2, below: 26)
                case 3: text += pick(["+", "-"]) + number(2, below: 26) + number(2, below: 62)
                case 4, 5: text += pick(["+", "-"]) + number(2, below: 26) + ":" + number(2, below: 62)
                case 6: text += pick(["Z ", "ZZ", "+1", "+01:", "+01:0", "+0100Z", "UTC", "+01:00:00"])
                default: text += "Z"
                }
            }
        }
        if rng.below(4) == 0 {
            var bytes = Array(text.utf8)
            let alphabet = Array("0123456789-+:.TtZz x".utf8) + [0x00, 0xC3, 0xA9]
            let position = bytes.isEmpty ? 0 : rng.below(bytes.count)
            switch rng.below(3) {
            case 0 where !bytes.isEmpty: bytes[position] = alphabet[rng.below(alphabet.count)]
            case 1: bytes.insert(alphabet[rng.below(alphabet.count)], at: position)
            default: if !bytes.isEmpty { bytes.remove(at: position) }
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    /// The deliberate fix: dates before the 1582 Gregorian reform are proleptic Gregorian, as
    /// ISO 8601 (and `java.time`, which AWS's services are written in) has them.
    @Test func julianYearsAreGregorianNow() throws {
        // `Instant.parse("0001-01-01T00:00:00Z").getEpochSecond()` in java.time.
        #expect(try #require(Timestamp(policyDate: "0001-01-01")).secondsSince1970 == -62_135_596_800)
        #expect(PolicyInstant("0001-01-01")?.seconds == -62_135_769_600)  // Julian: two days later
        // Ten days the reform skipped exist in the proleptic calendar.
        #expect(try #require(Timestamp(policyDate: "1582-10-10T12:00:00Z")).iso8601 == "1582-10-10T12:00:00Z")
        #expect(PolicyInstant("1582-10-10T12:00:00Z") == nil)
        // 1000 is a Julian leap year, not a Gregorian one.
        #expect(Timestamp(policyDate: "1000-02-29") == nil)
        #expect(PolicyInstant("1000-02-29") != nil)
        // From the reform on, the two agree.
        #expect(Timestamp(policyDate: "1582-10-15")?.secondsSince1970 == PolicyInstant("1582-10-15")?.seconds)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func agree(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var accepted = 0
        for _ in 0..<20_000 {
            let text = Self.candidate(&rng)
            // A mutated digit can still make a year before 1583: the known, deliberate difference.
            let utf8 = Array(text.utf8)
            if utf8.count > 4, utf8[4] == UInt8(ascii: "-"), utf8[0..<4].allSatisfy({ $0 &- 0x30 < 10 }),
                let year = Int(String(decoding: utf8[0..<4], as: UTF8.self)), year < 1583
            {
                continue
            }
            let old = PolicyInstant(text)
            let new = Timestamp(policyDate: text)
            #expect(
                old?.seconds == new?.secondsSince1970
                    && old.map { Int64($0.nanoseconds) } == new.map { Int64($0.nanosecondOfSecond) },
                "`\(text)`: Foundation \(old.map { "\($0.seconds).\($0.nanoseconds)" } ?? "refuses"), CivilTime \(new?.description ?? "refuses")"
            )
            if new != nil { accepted += 1 }
        }
        // The generator is worth its name: a fair share of both verdicts.
        #expect(accepted > 4_000 && accepted < 16_000, "\(accepted) of 20000 accepted")
    }
}
