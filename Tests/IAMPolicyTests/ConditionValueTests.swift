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
        func t(_ text: String) throws -> PolicyInstant { try #require(PolicyInstant(text)) }
        #expect(try t("2026-01-15").seconds == 1_768_435_200)
        #expect(try t("2026-01-15T00:00:00Z") == t("2026-01-15"))
        #expect(try t("2026-01-15T02:00:00+02:00") == t("2026-01-15T00:00:00"))
        #expect(try t("2026-01-15T02:00:00+0200") == t("2026-01-15"))
        #expect(try t("1768435200") == t("2026-01-15"))
        #expect(try t("2026-01-15T00:00:00.5Z") > t("2026-01-15"))
        #expect(try t("2024-02-29").seconds > 0)
        for bad in ["2026-02-30", "2025-02-29", "2026-13-01", "2026-01-15T24:00:00Z", "2026-01-15T10:00:00X", "soon"] {
            #expect(PolicyInstant(bad) == nil, "\(bad)")
        }
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
