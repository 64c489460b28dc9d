import GatehouseCore
import IAMPolicy
import Testing

@Suite("Condition values parsed at load")
struct ConditionValueTests {
    @Test("numbers compare numerically, never lexically")
    func numbers() throws {
        func n(_ text: String) throws -> PolicyNumber { try #require(PolicyNumber(text)) }
        #expect(try n("60") == n("60.0"))
        #expect(try n("60") == n("6e1"))
        #expect(try n("0") == n("-0.000"))
        #expect(try n("9") < n("10"))
        #expect(try n("-10") < n("-9"))
        #expect(try n("0.5") < n("1"))
        #expect(try n("1e-3") < n("0.01"))
        #expect(try !(n("2") < n("2.0")))
        for bad in ["", "-", ".", "1.2.3", "ten", "1e", "0x10", "1,000"] { #expect(PolicyNumber(bad) == nil, "\(bad)") }
    }

    @Test("instants: date only is midnight UTC, zones and fractions apply, epoch seconds work")
    func instants() throws {
        func t(_ text: String) throws -> Timestamp { try #require(Timestamp(policyDate: text)) }
        #expect(try t("2026-01-15").secondsSince1970 == 1_768_435_200)
        #expect(try t("2026-01-15T00:00:00Z") == t("2026-01-15"))
        #expect(try t("2026-01-15T02:00:00+02:00") == t("2026-01-15T00:00:00"))
        #expect(try t("2026-01-15T02:00:00+0200") == t("2026-01-15"))
        #expect(try t("1768435200") == t("2026-01-15"))
        #expect(try t("2026-01-15T00:00:00.5Z") > t("2026-01-15"))
        #expect(try t("2024-02-29").secondsSince1970 > 0)
        for bad in ["2026-02-30", "2025-02-29", "2026-13-01", "2026-01-15T24:00:00Z", "2026-01-15T10:00:00X", "soon"] {
            #expect(Timestamp(policyDate: bad) == nil, "\(bad)")
        }
    }

    /// The grammar `PolicyInstant` (Foundation's calendar) had, which `Timestamp(policyDate:)`
    /// was held to by a seeded differential (100,000 generated strings, 5509f48) before it
    /// replaced it.
    @Test("instants: the accepted forms and nothing else")
    func instantGrammar() {
        for good in [
            "0", "-1", "999999999999", "-99999999999", "2026-01-15T10:00", "2026-01-15t10:00:00z",
            "2026-01-15T10:00:00.123456789+05", "2026-01-15T10:00-0530", "9999-12-31T23:59:59.999999999Z",
        ] {
            #expect(Timestamp(policyDate: good) != nil, "\(good)")
        }
        for bad in [
            "", "-", "+1", "1234567890123", "2026-01-15T10", "2026-01-15 10:00:00Z", "2026-01-15T10:00.5Z",
            "2026-01-15T10:00:00.Z", "2026-01-15T10:00:00.1234567890Z", "2026-01-15T10:00:60Z", "2026-01-15Z",
            "2026-01-15T10:00:00+24", "2026-01-15T10:00:00+01:60", "2026-01-15T10:00:00+1", "0000-01-01",
            "2026-01-15T10:00:00ZZ", "2026-1-15", String(repeating: "1", count: 41),
        ] {
            #expect(Timestamp(policyDate: bad) == nil, "\(bad)")
        }
    }

    /// The one deliberate change from Foundation's calendar: before the 1582 reform dates are
    /// proleptic Gregorian, as ISO 8601 and java.time have them, not ICU's Julian hybrid (the
    /// differential's only disagreements: 4,296 of 100,000 strings, all before 1583).
    @Test("instants: proleptic Gregorian before 1582")
    func prolepticGregorian() throws {
        // java.time: Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(); Foundation said -62135769600.
        #expect(try #require(Timestamp(policyDate: "0001-01-01")).secondsSince1970 == -62_135_596_800)
        // Days the reform skipped exist; 1000 is not a Gregorian leap year.
        #expect(Timestamp(policyDate: "1582-10-10T12:00:00Z")?.iso8601 == "1582-10-10T12:00:00Z")
        #expect(Timestamp(policyDate: "1000-02-29") == nil)
        #expect(Timestamp(policyDate: "1582-10-15")?.secondsSince1970 == -12_219_292_800)
    }

    @Test("CIDR ranges: IPv4 and IPv6, host bits ignored, families never mix")
    func cidrs() throws {
        let v4 = try #require(CIDR("203.0.113.7/24"))
        #expect(v4.contains([203, 0, 113, 200]))
        #expect(!v4.contains([203, 0, 114, 1]))
        #expect(try #require(CIDR("10.0.0.1")).prefixLength == 32)
        let v6 = try #require(CIDR("2001:DB8::/32"))
        #expect(v6.isIPv6)
        #expect(v6.contains([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 7, count: 12)))
        #expect(!v6.contains([203, 0, 113, 200]))
        #expect(!v4.contains([UInt8](repeating: 0, count: 16)))
        let mapped = try #require(CIDR("::ffff:192.0.2.1"))
        #expect(mapped.network == [UInt8](repeating: 0, count: 10) + [0xff, 0xff, 192, 0, 2, 1])
        #expect(try #require(CIDR("::")).prefixLength == 128)
        for bad in [
            "256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4/33", "::1/129", "1::2::3", "12345::", "1.2.3.4/", "gg::1",
        ] {
            #expect(CIDR(bad) == nil, "\(bad)")
        }
    }
}
